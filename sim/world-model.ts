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
  | { type: "agent-activated"; agentId: string; at: number };

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
  tasks: SimTask[];
  completedTasks: SimTask[];
  offers: SimOffer[];
  /** Bumped on every change, so renderers can cache. */
  revision: number;
}

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
