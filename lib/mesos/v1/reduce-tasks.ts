// TASK_ADDED and TASK_UPDATED, folded the way the master changes its own task books (`Framework::addTask`,
// src/master/framework.cpp; `Master::updateTask`, src/master/master.cpp).
import { addProblem, findTask, newFramework, newTaskEntry, placeTask, restateTask, unplaceTask } from "./model-index";
import type { FrameworkEntry, ModelData, TaskBucket } from "./model-types";
import type { EventOf } from "./schemas";
import { isTerminalState, taskStateKey } from "./task-state";

/**
 * The framework an event names. A torn-down one is reported and not returned. An unknown one is reported and, when
 * `create` is set, stands in as a framework the master recovered from an agent (`recovered: true`, inactive), which is
 * what a master before 1.4 (no FRAMEWORK_ADDED) or one that lost an event would have; the next GET_FRAMEWORKS fills it.
 */
export function frameworkFor(
  model: ModelData,
  id: string,
  source: string,
  options: { create: boolean; expected: boolean },
): FrameworkEntry | undefined {
  const framework = model.frameworks.get(id);
  if (framework) return framework;
  if (model.completedFrameworks.has(id)) {
    addProblem(model, "unknown-framework", source, `framework ${id} was torn down; event ignored`);
    return undefined;
  }
  if (options.expected) addProblem(model, "unknown-framework", source, `framework ${id} is not known`);
  if (!options.create) return undefined;
  const placeholder = newFramework(
    id,
    {
      framework_info: { user: "", name: "", id: { value: id } },
      active: false,
      connected: false,
      recovered: true,
    },
    true,
  );
  model.frameworks.set(id, placeholder);
  return placeholder;
}

/**
 * A task the master learnt of: launched, or reported by a re-registering agent. A task already known as unreachable or
 * completed comes back as active (the master drops those copies when the agent re-registers); one already active is a
 * duplicate, reported and replaced.
 */
export function taskAdded(model: ModelData, event: EventOf<"TASK_ADDED">, frameworkEventsExpected: boolean): void {
  const task = event.task_added.task;
  const framework = frameworkFor(model, task.framework_id.value, "TASK_ADDED", {
    create: true,
    expected: frameworkEventsExpected,
  });
  if (!framework) return;
  const id = task.task_id.value;
  if (!model.agents.has(task.agent_id.value)) {
    addProblem(model, "unknown-agent", "TASK_ADDED", `task ${id} is on agent ${task.agent_id.value}, not registered`);
  }
  const existing = findTask(framework, id);
  if (existing) {
    if (existing.bucket === "active") {
      addProblem(model, "duplicate-add", "TASK_ADDED", `task ${id} of framework ${framework.id} is already known`);
    }
    unplaceTask(model, framework, existing);
  }
  // `addTask` refuses TASK_UNREACHABLE; a task in that state can only be an unreachable one.
  placeTask(model, framework, newTaskEntry(task), task.state === "TASK_UNREACHABLE" ? "unreachable" : "active");
}

/**
 * A task changed state. `state` is the latest state and `status` the update being forwarded (from 1.1; 1.0 sends only
 * `state`). A terminal task keeps its state, as in the master. The status is appended, or replaces the last one when
 * it repeats its state. Then the task moves:
 * - to `unreachable` on TASK_UNREACHABLE, as `Master::markUnreachable` does right after the update;
 * - to `completed` when the forwarded status is terminal. The master moves it when the scheduler acknowledges that
 *   update, which no event reports; acknowledgements follow within moments, so the move is made at once and a slow
 *   scheduler's terminal tasks show as completed a little early.
 */
export function taskUpdated(model: ModelData, event: EventOf<"TASK_UPDATED">): void {
  const update = event.task_updated;
  const taskId = update.status?.task_id.value ?? update.task_id?.value ?? "";
  const framework = frameworkFor(model, update.framework_id.value, "TASK_UPDATED", { create: false, expected: true });
  if (!framework) return;
  const entry = findTask(framework, taskId);
  if (!entry) {
    addProblem(model, "unknown-task", "TASK_UPDATED", `task ${taskId} of framework ${framework.id} is not known`);
    return;
  }
  if (entry.bucket === "completed") {
    addProblem(model, "inconsistent", "TASK_UPDATED", `task ${taskId} is completed; update to ${update.state} ignored`);
    return;
  }
  const task = entry.task;
  // The master never changes a terminal state.
  const state = isTerminalState(task.state) ? task.state : update.state;
  // The master counts a task in `master/tasks_<state>` when it turns terminal (`Master::updateTask`).
  if (model.taskCounters && !isTerminalState(task.state) && isTerminalState(state)) {
    const key = taskStateKey(state);
    if (key !== "other") model.taskCounters.since[key] += 1;
  }
  if (update.status) {
    // The master clears `data` from the statuses it keeps (MESOS-1746).
    const { data: _data, ...status } = update.status;
    const statuses = task.statuses ?? (task.statuses = []);
    if (statuses.at(-1)?.state === status.state) statuses[statuses.length - 1] = status;
    else statuses.push(status);
  }
  const forwarded = update.status?.state ?? update.state;
  let bucket: TaskBucket = entry.bucket;
  if (state === "TASK_UNREACHABLE") bucket = "unreachable";
  else if (isTerminalState(forwarded) && isTerminalState(state)) bucket = "completed";
  if (bucket === entry.bucket) {
    restateTask(model, framework, entry, state);
    return;
  }
  unplaceTask(model, framework, entry);
  task.state = state;
  placeTask(model, framework, entry, bucket);
}
