// Task states as the master treats them. Pure.
import type { TaskStateName } from "@/lib/mesos/totals";

const TERMINAL = new Set([
  "TASK_FINISHED",
  "TASK_FAILED",
  "TASK_KILLED",
  "TASK_LOST",
  "TASK_ERROR",
  "TASK_DROPPED",
  "TASK_GONE",
  "TASK_GONE_BY_OPERATOR",
]);

/** `protobuf::isTerminalState(TaskState)` of src/common/protobuf_utils.cpp. TASK_UNREACHABLE is not terminal. */
export function isTerminalState(state: string): boolean {
  return TERMINAL.has(state);
}

/**
 * Whether a task in this state counts in its framework's and agent's used resources: the master releases them when a
 * task turns terminal or TASK_UNREACHABLE (`Master::updateTask`, src/master/master.cpp) and never counts a task added in
 * a terminal state (`Framework::addTask`, src/master/framework.cpp).
 */
export function holdsResources(state: string): boolean {
  return !TERMINAL.has(state) && state !== "TASK_UNREACHABLE";
}

const NAMES: ReadonlySet<string> = new Set<TaskStateName>([
  "staging",
  "starting",
  "running",
  "killing",
  "finished",
  "killed",
  "failed",
  "lost",
  "error",
  "dropped",
  "unreachable",
  "gone",
  "gone_by_operator",
  "unknown",
]);

/** The `TaskStateCounts` key a state is counted under, as `countTasksByState` of lib/mesos/totals.ts does. */
export function taskStateKey(state: string): TaskStateName | "other" {
  const name = state.startsWith("TASK_") ? state.slice("TASK_".length).toLowerCase() : "";
  return NAMES.has(name) ? (name as TaskStateName) : "other";
}
