// The shapes of the simulated cluster's ground truth (agents, frameworks, tasks, offers, the control API's mutations)
// and the resource arithmetic on them, apart from the code that builds the world, so renderers can import them alone.

export interface Scalars {
  cpus: number;
  gpus: number;
  mem: number;
  disk: number;
}
export type AgentStatus = "active" | "deactivated" | "unreachable" | "removed";
export type TaskState =
  | "TASK_STAGING"
  | "TASK_STARTING"
  | "TASK_RUNNING"
  | "TASK_KILLING"
  | "TASK_FINISHED"
  | "TASK_KILLED"
  | "TASK_FAILED"
  | "TASK_LOST"
  | "TASK_UNREACHABLE";

/** Terminal states: such a task leaves the active ones for the completed ones (`protobuf::isTerminalState`). */
export const TERMINAL_STATES: ReadonlySet<TaskState> = new Set([
  "TASK_FINISHED",
  "TASK_KILLED",
  "TASK_FAILED",
  "TASK_LOST",
]);

/**
 * One `TaskStatus` a master keeps in `Task.statuses`: from the executor (with a `uuid`, acknowledged) or made by the
 * master itself (no `uuid`), e.g. TASK_LOST when an agent is removed (docs/mesos/http.md#operator-api-v1).
 */
export interface SimTaskStatus {
  state: TaskState;
  /** Epoch seconds. */
  timestamp: number;
  source: "SOURCE_MASTER" | "SOURCE_AGENT" | "SOURCE_EXECUTOR";
  /** A v1 `TaskStatus.Reason` name. */
  reason?: string;
  message?: string;
  /** The status update's UUID, base64 (`bytes` in JSON); only updates from agents have one. */
  uuid?: string;
  /** Epoch seconds, on TASK_UNREACHABLE and on TASK_LOST of an unreachable agent. */
  unreachableTime?: number;
}

export interface SimAgent {
  id: string;
  index: number;
  hostname: string;
  ip: string;
  total: Scalars;
  ports: string;
  /** Resources statically reserved for a role (`slave_public` on public agents, `spark` on some). */
  reserved: Record<string, Scalars>;
  attributes: Record<string, string | number>;
  registeredTime: number;
  status: AgentStatus;
}

export interface SimTask {
  id: string;
  name: string;
  frameworkId: string;
  executorId: string;
  agentId: string;
  role: string;
  state: TaskState;
  resources: Scalars;
  port: number | null;
  startedAt: number;
  finishedAt: number | null;
  /**
   * Every status the master holds, oldest first. Absent on the tasks the seed built, which have one status, from the
   * executor, in their state at `finishedAt ?? startedAt` (see `taskStatuses`).
   */
  statuses?: SimTaskStatus[];
}

export interface SimOffer {
  id: string;
  frameworkId: string;
  agentId: string;
  resources: Scalars;
}

export interface SimFramework {
  id: string;
  name: string;
  user: string;
  role: string;
  principal: string | null;
  hostname: string;
  webuiUrl: string;
  capabilities: string[];
  failoverTimeout: number;
  registeredTime: number;
}

export type WorldMutation =
  | { type: "add-agents"; count: number; at: number }
  | { type: "remove-agent"; agentId: string; at: number }
  | { type: "agent-unreachable"; agentId: string; at: number }
  | { type: "agent-deactivated"; agentId: string; at: number }
  | { type: "agent-activated"; agentId: string; at: number }
  /** Tasks launched (in TASK_STAGING) and status updates, in order: the control API's task calls and the churn. */
  | { type: "tasks"; changes: TaskChange[]; at: number };

export type TaskChange = { op: "launch"; task: SimTask } | { op: "update"; taskId: string; status: SimTaskStatus };

/**
 * What a mutation changed that the operator API reports (docs/mesos/http.md#operator-api-v1), in the order the master
 * does it; a master turns these into events for the tasks and agents it knows.
 */
export type WorldChange =
  | { kind: "task-added"; task: SimTask }
  | { kind: "task-updated"; task: SimTask; status: SimTaskStatus }
  | { kind: "agent-removed"; agent: SimAgent };

export interface WorldSpec {
  seed: number;
  agents: number;
  tasks: number;
  startTime: number;
}

export interface World {
  spec: WorldSpec;
  /** The id of the master epoch that first admitted these agents and frameworks (`<id>-S<n>`, `<id>-0000`). */
  epochId: string;
  agents: SimAgent[];
  agentsById: Map<string, SimAgent>;
  frameworks: SimFramework[];
  /** Active tasks (staging, running, unreachable …) by task id, in insertion order. */
  tasks: Map<string, SimTask>;
  /** The active tasks on each agent, kept with `tasks`, so that a change to one agent costs what it has. */
  tasksByAgent: Map<string, Set<SimTask>>;
  /** Terminal tasks, oldest first; trimmed to the newest `COMPLETED_TASKS_PER_FRAMEWORK` of each framework. */
  completedTasks: SimTask[];
  offers: SimOffer[];
  /** Bumped on every change, so renderers can cache. */
  revision: number;
}

/** `--max_completed_tasks_per_framework`'s default (docs/mesos/state.md#framework-task-and-offer-objects). */
export const COMPLETED_TASKS_PER_FRAMEWORK = 1000;

export const ZERO: Scalars = { cpus: 0, gpus: 0, mem: 0, disk: 0 };
export const addScalars = (a: Scalars, b: Scalars): Scalars => ({
  cpus: a.cpus + b.cpus,
  gpus: a.gpus + b.gpus,
  mem: a.mem + b.mem,
  disk: a.disk + b.disk,
});
export const subScalars = (a: Scalars, b: Scalars): Scalars => ({
  cpus: a.cpus - b.cpus,
  gpus: a.gpus - b.gpus,
  mem: a.mem - b.mem,
  disk: a.disk - b.disk,
});
export const fits = (need: Scalars, free: Scalars) =>
  need.cpus <= free.cpus + 1e-9 && need.mem <= free.mem && need.disk <= free.disk && need.gpus <= free.gpus;
export const round2 = (n: number) => Math.round(n * 100) / 100;
