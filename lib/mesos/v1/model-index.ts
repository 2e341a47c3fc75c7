// The operations every reducer builds on. Each keeps the model's invariants: a task is in exactly one bucket of its
// framework; the per-framework and cluster task counts, the running count and the per-framework usage
// always equal what a full recount of the buckets would give. Pure (no I/O, no clock); mutates the model in place.
import { type TaskStateCounts, emptyTaskCounts } from "@/lib/mesos/totals";
import { scalarMilli } from "./resources";
import type { V1Executor, V1Framework, V1Offer, V1Resource, V1Task } from "./schemas";
import { holdsResources, taskStateKey } from "./task-state";
import { legacyOffer } from "./to-legacy";
import type {
  ExecutorEntry,
  FrameworkEntry,
  ModelData,
  ProblemKind,
  StreamModelOptions,
  TaskBucket,
  TaskEntry,
} from "./model-types";

export function emptyModel(options: StreamModelOptions = {}): ModelData {
  return {
    limits: {
      maxProblems: options.maxProblems ?? 100,
      maxCompletedTasksPerFramework: options.maxCompletedTasksPerFramework ?? 1000,
      maxUnreachableTasksPerFramework: options.maxUnreachableTasksPerFramework ?? 1000,
      maxCompletedFrameworks: options.maxCompletedFrameworks ?? 50,
    },
    identity: {},
    unreachableAgents: undefined,
    subscribed: false,
    heartbeatIntervalSeconds: null,
    agents: new Map(),
    recovered: new Map(),
    frameworks: new Map(),
    completedFrameworks: new Map(),
    agentTasks: new Map(),
    agentExecutors: new Map(),
    activeAgents: 0,
    taskCounts: emptyTaskCounts(),
    taskCounters: null,
    unreachableTasks: 0,
    agentTotalFold: { cpus: 0, gpus: 0, mem: 0, disk: 0 },
    problems: [],
    problemCount: 0,
    eventCounts: {},
    revision: 0,
    snapshotCache: { frameworks: new Map(), agents: new Map(), staleFrameworks: new Set(), staleAgents: new Set() },
  };
}

export function addProblem(model: ModelData, kind: ProblemKind, source: string, message: string): void {
  model.problemCount++;
  if (model.problems.length < model.limits.maxProblems) model.problems.push({ kind, source, message });
}

function addMilli(target: Map<string, number>, delta: Map<string, number>, sign: 1 | -1): void {
  for (const [key, milli] of delta) {
    const next = (target.get(key) ?? 0) + sign * milli;
    if (next === 0) target.delete(key);
    else target.set(key, next);
  }
}

function setOf<T>(map: Map<string, Set<T>>, key: string): Set<T> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}

function count(model: ModelData, framework: FrameworkEntry, state: string, delta: 1 | -1): void {
  const key = taskStateKey(state);
  framework.counts[key] += delta;
  if (!framework.removed) model.taskCounts[key] += delta;
}

export function newFramework(id: string, framework: V1Framework, placeholder = false): FrameworkEntry {
  return {
    id,
    framework,
    removed: false,
    placeholder,
    active: new Map(),
    unreachable: new Map(),
    completed: new Map(),
    executors: new Map(),
    used: new Map(),
    offers: [],
    offered: new Map(),
    offeredFold: { cpus: 0, gpus: 0, mem: 0, disk: 0 },
    counts: emptyTaskCounts(),
    running: 0,
  };
}

function nonScalarOf(resources: V1Task["resources"]): V1Resource[] | null {
  const list = (resources ?? []).filter((resource) => resource.type !== "SCALAR");
  return list.length > 0 ? list : null;
}

/** Copies the parts of the task that reducers change, so that the caller's object (a shared GET_STATE) stays intact. */
export function newTaskEntry(task: V1Task): TaskEntry {
  return {
    id: task.task_id.value,
    frameworkId: task.framework_id.value,
    agentId: task.agent_id.value,
    task: { ...task, statuses: [...(task.statuses ?? [])] },
    bucket: "active",
    milli: scalarMilli(task.resources),
    nonScalar: nonScalarOf(task.resources),
    counted: false,
    legacy: null,
  };
}

/** Marks the snapshot objects of a framework and, when given, an agent as stale. */
export function touch(model: ModelData, frameworkId: string | null, agentId: string | null): void {
  if (frameworkId !== null) model.snapshotCache.staleFrameworks.add(frameworkId);
  if (agentId !== null) model.snapshotCache.staleAgents.add(agentId);
}

/** Files a task in a bucket and adds it to every count and sum; evicts the oldest beyond a bucket's cap. */
export function placeTask(model: ModelData, framework: FrameworkEntry, entry: TaskEntry, bucket: TaskBucket): void {
  entry.bucket = bucket;
  entry.legacy = null;
  touch(model, framework.id, bucket === "active" ? entry.agentId : null);
  const state = entry.task.state;
  if (bucket === "unreachable") {
    framework.unreachable.set(entry.id, entry);
    if (!framework.removed) model.unreachableTasks++;
    if (framework.unreachable.size > model.limits.maxUnreachableTasksPerFramework)
      evictOldest(model, framework, "unreachable");
    return;
  }
  count(model, framework, state, 1);
  if (bucket === "completed") {
    framework.completed.set(entry.id, entry);
    if (framework.completed.size > model.limits.maxCompletedTasksPerFramework)
      evictOldest(model, framework, "completed");
    return;
  }
  framework.active.set(entry.id, entry);
  if (state === "TASK_RUNNING") framework.running++;
  setOf(model.agentTasks, entry.agentId).add(entry);
  if (holdsResources(state)) {
    entry.counted = true;
    addMilli(framework.used, entry.milli, 1);
  }
}

/** The inverse of {@link placeTask}: takes the task out of its bucket, its counts and its sums. */
export function unplaceTask(model: ModelData, framework: FrameworkEntry, entry: TaskEntry): void {
  entry.legacy = null;
  touch(model, framework.id, entry.bucket === "active" ? entry.agentId : null);
  if (entry.bucket === "unreachable") {
    framework.unreachable.delete(entry.id);
    if (!framework.removed) model.unreachableTasks--;
    return;
  }
  count(model, framework, entry.task.state, -1);
  if (entry.bucket === "completed") {
    framework.completed.delete(entry.id);
    return;
  }
  framework.active.delete(entry.id);
  if (entry.task.state === "TASK_RUNNING") framework.running--;
  const tasks = model.agentTasks.get(entry.agentId);
  tasks?.delete(entry);
  if (tasks?.size === 0) model.agentTasks.delete(entry.agentId);
  if (entry.counted) {
    addMilli(framework.used, entry.milli, -1);
    entry.counted = false;
  }
}

/**
 * Changes the state of a task that stays in its bucket, without moving it in its Map (so tasks keep their order):
 * the same counts and sums as {@link unplaceTask} then {@link placeTask}, in O(1).
 */
export function restateTask(model: ModelData, framework: FrameworkEntry, entry: TaskEntry, state: string): void {
  entry.legacy = null;
  touch(model, framework.id, entry.bucket === "active" ? entry.agentId : null);
  const old = entry.task.state;
  entry.task.state = state;
  if (entry.bucket !== "active" || old === state) return;
  count(model, framework, old, -1);
  count(model, framework, state, 1);
  if (old === "TASK_RUNNING") framework.running--;
  if (state === "TASK_RUNNING") framework.running++;
  const holds = holdsResources(state);
  if (holds !== entry.counted) {
    addMilli(framework.used, entry.milli, holds ? 1 : -1);
    entry.counted = holds;
  }
}

function evictOldest(model: ModelData, framework: FrameworkEntry, bucket: "completed" | "unreachable"): void {
  const oldest = (bucket === "completed" ? framework.completed : framework.unreachable).values().next();
  if (!oldest.done) unplaceTask(model, framework, oldest.value);
}

/** Finds a task of a framework in any bucket. */
export function findTask(framework: FrameworkEntry, taskId: string): TaskEntry | undefined {
  return framework.active.get(taskId) ?? framework.unreachable.get(taskId) ?? framework.completed.get(taskId);
}

export function executorKey(agentId: string, executorId: string): string {
  return `${agentId}\u0000${executorId}`;
}

export function addExecutor(model: ModelData, framework: FrameworkEntry, executor: V1Executor): void {
  const agentId = executor.agent_id.value;
  const key = executorKey(agentId, executor.executor_info.executor_id.value);
  const existing = framework.executors.get(key);
  if (existing) removeExecutor(model, framework, existing);
  const entry: ExecutorEntry = {
    key,
    frameworkId: framework.id,
    agentId,
    executor,
    usage: scalarMilli(executor.executor_info.resources),
    legacy: null,
  };
  framework.executors.set(key, entry);
  setOf(model.agentExecutors, agentId).add(entry);
  touch(model, framework.id, agentId);
  addMilli(framework.used, entry.usage, 1);
}

export function removeExecutor(model: ModelData, framework: FrameworkEntry, entry: ExecutorEntry): void {
  framework.executors.delete(entry.key);
  touch(model, framework.id, entry.agentId);
  const executors = model.agentExecutors.get(entry.agentId);
  executors?.delete(entry);
  if (executors?.size === 0) model.agentExecutors.delete(entry.agentId);
  addMilli(framework.used, entry.usage, -1);
}

/** Replaces a framework's outstanding offers and their sums. */
export function setOffers(model: ModelData, framework: FrameworkEntry, offers: readonly V1Offer[]): void {
  touch(model, framework.id, null);
  framework.offers = [...offers];
  framework.offered = new Map();
  const fold = { cpus: 0, gpus: 0, mem: 0, disk: 0 };
  for (const offer of offers) {
    addMilli(framework.offered, scalarMilli(offer.resources), 1);
    // The same doubles, added in the same order, as `frameworkOffered` in totals.ts reads from `legacyOffer`.
    const resources = legacyOffer(offer).resources;
    for (const name of ["cpus", "gpus", "mem", "disk"] as const) {
      const value = resources[name];
      fold[name] += typeof value === "number" ? value : 0;
    }
  }
  framework.offeredFold = fold;
}

/** Adds or removes a registered framework's counts in the cluster's (when it is torn down or brought back). */
export function countFramework(model: ModelData, framework: FrameworkEntry, sign: 1 | -1): void {
  for (const key of Object.keys(framework.counts) as (keyof TaskStateCounts)[]) {
    model.taskCounts[key] += sign * framework.counts[key];
  }
  model.unreachableTasks += sign * framework.unreachable.size;
}
