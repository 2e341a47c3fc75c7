// The world's tasks as a master holds them: active tasks by id and by agent, completed tasks trimmed per framework,
// and a task's statuses. Every change here costs what it touches, not the size of the cluster, so that a churn of
// hundreds of task changes a second stays cheap at 100,000 tasks.
import {
  COMPLETED_TASKS_PER_FRAMEWORK,
  type SimTask,
  type SimTaskStatus,
  TERMINAL_STATES,
  type World,
} from "./world-model";

export function addActiveTask(world: World, task: SimTask): void {
  world.tasks.set(task.id, task);
  let onAgent = world.tasksByAgent.get(task.agentId);
  if (!onAgent) {
    onAgent = new Set();
    world.tasksByAgent.set(task.agentId, onAgent);
  }
  onAgent.add(task);
}

function removeActiveTask(world: World, task: SimTask): void {
  world.tasks.delete(task.id);
  world.tasksByAgent.get(task.agentId)?.delete(task);
}

/**
 * Keeps the newest `COMPLETED_TASKS_PER_FRAMEWORK` completed tasks of each framework, as a master does; run only when
 * the list has grown well past that, so each completion costs O(1) amortized.
 */
function trimCompleted(world: World): void {
  const limit = COMPLETED_TASKS_PER_FRAMEWORK * Math.max(1, world.frameworks.length);
  if (world.completedTasks.length <= limit * 2) return;
  const kept = new Map<string, number>();
  const newest: SimTask[] = [];
  for (let i = world.completedTasks.length - 1; i >= 0; i--) {
    const task = world.completedTasks[i];
    if (!task) continue;
    const count = kept.get(task.frameworkId) ?? 0;
    if (count >= COMPLETED_TASKS_PER_FRAMEWORK) continue;
    kept.set(task.frameworkId, count + 1);
    newest.push(task);
  }
  world.completedTasks = newest.reverse();
}

/** A task's statuses, oldest first; a seeded task has one, from its executor (`SimTask.statuses`). */
export function taskStatuses(task: SimTask): SimTaskStatus[] {
  return (
    task.statuses ?? [
      {
        state: task.state,
        timestamp: task.finishedAt ?? task.startedAt,
        source: "SOURCE_EXECUTOR",
        uuid: statusUuid(task.id, task.state),
      },
    ]
  );
}

/** A stable 16-byte status-update UUID (base64) for a seeded task's status. */
export function statusUuid(taskId: string, state: string): string {
  const bytes = Buffer.alloc(16);
  let hash = 0x811c9dc5;
  for (let round = 0; round < 4; round++) {
    for (const char of `${round}:${taskId}:${state}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
    bytes.writeUInt32BE(hash, round * 4);
  }
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40; // version 4
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
  return bytes.toString("base64");
}

/**
 * Applies one status update the way `Master::updateTask` does (docs/mesos/http.md#operator-api-v1): a task already in
 * a terminal state keeps it; a status in the same state as the last one replaces it, a new state is appended. A task
 * that reaches a terminal state moves to the completed ones. Returns the task, or null when nothing changed (no such
 * active task, or no new state).
 */
export function applyTaskStatus(world: World, taskId: string, status: SimTaskStatus): SimTask | null {
  const task = world.tasks.get(taskId);
  if (!task || TERMINAL_STATES.has(task.state) || task.state === status.state) return null;
  const statuses = [...taskStatuses(task)];
  if (statuses.at(-1)?.state === status.state) statuses.pop();
  statuses.push(status);
  task.statuses = statuses;
  task.state = status.state;
  if (TERMINAL_STATES.has(status.state)) {
    task.finishedAt = status.timestamp;
    removeActiveTask(world, task);
    world.completedTasks.push(task);
    trimCompleted(world);
  }
  return task;
}
