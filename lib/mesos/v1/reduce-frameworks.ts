// FRAMEWORK_ADDED, FRAMEWORK_UPDATED and FRAMEWORK_REMOVED (`Master::addFramework`, `updateFramework`,
// `removeFramework`, src/master/master.cpp), and the framework half of a GET_FRAMEWORKS poll.
import {
  addProblem,
  countFramework,
  newFramework,
  placeTask,
  removeExecutor,
  setOffers,
  touch,
  unplaceTask,
} from "./model-index";
import type { FrameworkEntry, ModelData } from "./model-types";
import type { EventOf, V1Framework } from "./schemas";
import { isTerminalState } from "./task-state";

/**
 * Adds a framework or replaces what is known of it, keeping its tasks and executors. Offers are replaced only when
 * `withOffers` (a GET_FRAMEWORKS or SUBSCRIBED answer): events never carry them. Returns the entry, or undefined for a
 * framework without id or one already torn down.
 */
export function setFramework(
  model: ModelData,
  framework: V1Framework,
  source: string,
  withOffers: boolean,
): FrameworkEntry | undefined {
  const id = framework.framework_info.id?.value;
  if (id === undefined) {
    addProblem(model, "inconsistent", source, `framework ${framework.framework_info.name} has no id; ignored`);
    return undefined;
  }
  if (model.completedFrameworks.has(id)) {
    addProblem(model, "inconsistent", source, `framework ${id} was torn down; ignored`);
    return undefined;
  }
  let entry = model.frameworks.get(id);
  touch(model, id, null);
  if (entry) {
    entry.framework = framework;
    entry.placeholder = false;
  } else model.frameworks.set(id, (entry = newFramework(id, framework)));
  if (withOffers) setOffers(model, entry, framework.offers ?? []);
  return entry;
}

export function frameworkAdded(model: ModelData, event: EventOf<"FRAMEWORK_ADDED">): void {
  const framework = event.framework_added.framework;
  const id = framework.framework_info.id?.value;
  const existing = id === undefined ? undefined : model.frameworks.get(id);
  // A placeholder made for a task that arrived first is filled in silently.
  if (existing && !existing.placeholder) {
    addProblem(model, "duplicate-add", "FRAMEWORK_ADDED", `framework ${id} is already registered`);
  }
  setFramework(model, framework, "FRAMEWORK_ADDED", false);
}

/** A framework re-registered or changed; an unknown one is reported and added, since the event carries all of it. */
export function frameworkUpdated(model: ModelData, event: EventOf<"FRAMEWORK_UPDATED">): void {
  const framework = event.framework_updated.framework;
  const id = framework.framework_info.id?.value;
  if (id !== undefined && !model.frameworks.has(id) && !model.completedFrameworks.has(id)) {
    addProblem(model, "unknown-framework", "FRAMEWORK_UPDATED", `framework ${id} is not known; added`);
  }
  setFramework(model, framework, "FRAMEWORK_UPDATED", false);
}

/**
 * Tears a framework down as `removeFramework` does: its live tasks become TASK_KILLED (the master sends TASK_UPDATED
 * for each first, so normally none are left), every task and unreachable task becomes completed, executors and offers
 * go, and the framework joins `completed_frameworks`, the oldest of which is forgotten beyond the cap.
 */
export function removeFramework(model: ModelData, entry: FrameworkEntry): void {
  for (const task of [...entry.active.values(), ...entry.unreachable.values()]) {
    unplaceTask(model, entry, task);
    if (!isTerminalState(task.task.state)) task.task.state = "TASK_KILLED";
    placeTask(model, entry, task, "completed");
  }
  for (const executor of [...entry.executors.values()]) removeExecutor(model, entry, executor);
  setOffers(model, entry, []);
  countFramework(model, entry, -1);
  entry.removed = true;
  entry.framework = { ...entry.framework, active: false, connected: false };
  touch(model, entry.id, null);
  model.frameworks.delete(entry.id);
  model.completedFrameworks.set(entry.id, entry);
  if (model.completedFrameworks.size > model.limits.maxCompletedFrameworks) {
    const oldest = model.completedFrameworks.keys().next();
    if (!oldest.done) {
      model.completedFrameworks.delete(oldest.value);
      model.snapshotCache.frameworks.delete(oldest.value);
    }
  }
}

export function frameworkRemoved(model: ModelData, event: EventOf<"FRAMEWORK_REMOVED">): void {
  const id = event.framework_removed.framework_info.id?.value ?? "";
  const entry = model.frameworks.get(id);
  if (!entry) {
    addProblem(model, "unknown-framework", "FRAMEWORK_REMOVED", `framework ${id} is not registered`);
    return;
  }
  entry.framework = { ...entry.framework, framework_info: event.framework_removed.framework_info };
  touch(model, id, null);
  removeFramework(model, entry);
}
