// The control API's task calls and the churn (`--task-churn N`, `POST /churn`): tasks launched in TASK_STAGING and
// started by their executor a moment later, and tasks that finish, fail or are killed. Every change is a world
// mutation, so every master applies it and the leader reports it on its event stream
// (docs/mesos/http.md#operator-api-v1). The churn keeps N changes a second going at a steady rate, in a cycle that
// keeps the number of running tasks stable: a running task ends, a new one is launched, a staging one starts running.
// The same seed gives the same sequence of changes.
import { ConflictError } from "./master-record";
import { type Random, forkRandom } from "./random";
import { type LaunchRequest, executorStatus, newTask } from "./task-launch";
import type { SimTask, SimTaskStatus, TaskChange, TaskState, World, WorldChange, WorldMutation } from "./world-model";

/** A task the control API names does not exist (404). */
export class NotFound extends Error {}

/** How long a launched task stays in TASK_STAGING before its executor reports TASK_RUNNING. */
export const STAGING_MS = 200;
export const MAX_CHURN = 1000;

export type Ending = "finish" | "fail" | "kill";

/** The update an executor sends when its task finishes, fails or is killed (Mesos' command executor's wording). */
function ending(random: Random, how: Ending, at: number): SimTaskStatus {
  if (how === "finish") return executorStatus(random, "TASK_FINISHED", at, { message: "Command exited with status 0" });
  if (how === "fail")
    return executorStatus(random, "TASK_FAILED", at, {
      message: "Command exited with status 1",
      reason: "REASON_COMMAND_EXECUTOR_FAILED",
    });
  return executorStatus(random, "TASK_KILLED", at, { message: "Command terminated with signal Terminated" });
}

export class TaskControl {
  private readonly random: Random;
  private readonly churnRandom: Random;
  private serial = 0;
  private rate = 0;
  private timer: NodeJS.Timeout | null = null;
  private lastTick = 0;
  private owed = 0;
  private phase = 0;
  private readonly staging: string[] = [];
  private running: string[] | null = null;
  private changes = 0;

  constructor(
    private readonly world: World,
    seed: number,
    private readonly mutate: (mutation: WorldMutation) => WorldChange[],
  ) {
    this.random = forkRandom(seed, "task-control");
    this.churnRandom = forkRandom(seed, "churn");
  }

  /** Launches `count` tasks in TASK_STAGING; each reports TASK_RUNNING `STAGING_MS` later. */
  launch(count: number, request: LaunchRequest): SimTask[] {
    const at = Date.now() / 1000;
    const tasks: SimTask[] = [];
    for (let n = 0; n < count; n++) {
      const task = newTask(this.world, this.random, this.serial++, at, request);
      if (!task) break;
      tasks.push(task);
      // Placed one at a time, so the next one sees this one's resources taken.
      this.mutate({ type: "tasks", changes: [{ op: "launch", task }], at });
    }
    if (tasks.length === 0) throw new ConflictError("no agent has room for the task");
    setTimeout(() => {
      const now = Date.now() / 1000;
      const changes: TaskChange[] = tasks.map((task) => ({
        op: "update",
        taskId: task.id,
        status: executorStatus(this.random, "TASK_RUNNING", now),
      }));
      this.mutate({ type: "tasks", changes, at: now });
    }, STAGING_MS).unref();
    return tasks.map((task) => this.world.tasks.get(task.id) ?? task);
  }

  /** Ends an active task as its executor would report it. */
  end(taskId: string, how: Ending): SimTask {
    const task = this.world.tasks.get(taskId);
    if (!task) {
      const done = this.world.completedTasks.some((t) => t.id === taskId);
      throw done ? new ConflictError(`task "${taskId}" has already ended`) : new NotFound(`no task "${taskId}"`);
    }
    if (task.state === "TASK_UNREACHABLE") throw new ConflictError(`task "${taskId}" is on an unreachable agent`);
    const at = Date.now() / 1000;
    this.mutate({ type: "tasks", changes: [{ op: "update", taskId, status: ending(this.random, how, at) }], at });
    return task;
  }

  // --- the churn -------------------------------------------------------------------------------------------

  get churn(): { rate: number; changes: number } {
    return { rate: this.rate, changes: this.changes };
  }

  setChurn(rate: number): void {
    if (!Number.isInteger(rate) || rate < 0 || rate > MAX_CHURN)
      throw new ConflictError(`rate must be a whole number from 0 to ${MAX_CHURN}`);
    this.rate = rate;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (rate === 0) return;
    this.lastTick = Date.now();
    this.owed = 0;
    // Ticks often enough that each carries a few changes at most, and no more than 100 a second.
    const interval = Math.max(10, Math.min(100, Math.floor(1000 / rate)));
    this.timer = setInterval(() => this.tick(), interval);
  }

  stop(): void {
    this.setChurn(0);
  }

  private tick(): void {
    const now = Date.now();
    // A steady rate: changes owed for the time that passed, at most a second's worth after a stall.
    this.owed = Math.min(this.owed + ((now - this.lastTick) / 1000) * this.rate, this.rate);
    this.lastTick = now;
    const due = Math.floor(this.owed);
    if (due === 0) return;
    this.owed -= due;
    const at = now / 1000;
    const changes: TaskChange[] = [];
    for (let n = 0; n < due; n++) {
      const change = this.step(at, changes);
      if (change) changes.push(change);
    }
    this.changes += changes.length;
    if (changes.length > 0) this.mutate({ type: "tasks", changes, at });
    for (const change of changes)
      if (change.op === "update" && change.status.state === "TASK_RUNNING") this.running?.push(change.taskId);
  }

  /** The next change of the cycle: end a running task, launch one, start the oldest staging one. */
  private step(at: number, pending: TaskChange[]): TaskChange | null {
    const phase = this.phase;
    this.phase = (this.phase + 1) % 3;
    if (phase === 2 && this.staging.length > 0) {
      const taskId = this.staging.shift() ?? "";
      return { op: "update", taskId, status: executorStatus(this.churnRandom, "TASK_RUNNING", at) };
    }
    if (phase === 0) {
      const victim = this.pickRunning(pending);
      if (victim) {
        const roll = this.churnRandom();
        const how: Ending = roll < 0.7 ? "finish" : roll < 0.9 ? "fail" : "kill";
        return { op: "update", taskId: victim, status: ending(this.churnRandom, how, at) };
      }
    }
    const task = newTask(this.world, this.churnRandom, this.serial++, at, {});
    if (!task) return null;
    this.staging.push(task.id);
    return { op: "launch", task };
  }

  /** A random running task not already changed in this tick; O(1) amortized over a lazily built list. */
  private pickRunning(pending: TaskChange[]): string | null {
    if (this.running === null || this.running.length === 0)
      this.running = [...this.world.tasks.values()].filter((t) => t.state === "TASK_RUNNING").map((t) => t.id);
    const touched = new Set(pending.map((c) => (c.op === "update" ? c.taskId : c.task.id)));
    for (let attempt = 0; attempt < 20 && this.running.length > 0; attempt++) {
      const index = Math.floor(this.churnRandom() * this.running.length);
      const id = this.running[index] ?? "";
      const state: TaskState | undefined = this.world.tasks.get(id)?.state;
      // Swap-remove: the list forgets tasks that ended or that this pick ends.
      this.running[index] = this.running[this.running.length - 1] ?? id;
      this.running.pop();
      if (state === "TASK_RUNNING" && !touched.has(id)) return id;
    }
    return null;
  }
}
