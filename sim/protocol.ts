// Messages between the supervisor and its master processes (Node IPC). The cluster's agents and frameworks
// are not sent: every master builds the same world from the seed and the ordered list of mutations.
import type { WorldMutation } from "./world-model";
import type { WorldSnapshot } from "./world-snapshot";

export type SupervisorToMaster =
  /** Agents (re-)registering with this master; it answers with `agents-dropped` for those it cannot take yet. */
  | { type: "register-agents"; agentIds: string[] }
  | { type: "register-frameworks"; frameworkIds: string[] }
  /**
   * The replicated log's answer to the registry fetch, sent only while a quorum of replicas runs
   * (docs/mesos/failover.md#the-quorum-flag).
   */
  | { type: "registry"; requestId: number }
  | { type: "mutation"; mutation: WorldMutation }
  /** The first message to a master started with `worldSnapshot`: the world as the control API has changed it. */
  | { type: "world"; snapshot: WorldSnapshot }
  /** Test faults of a broken master's HTTP API (everything but /health): see HttpFault. */
  | { type: "fault"; mode: HttpFault | null };

/**
 * `garbage`: 200 with a body that is not JSON; `huge`: 200 with a 50 MB body; `silent`: accepts the request and
 * never answers. For tests of how the dashboard copes with hostile masters; real masters do not do this on purpose.
 */
export type HttpFault = "garbage" | "huge" | "silent";
export const HTTP_FAULTS: readonly HttpFault[] = ["garbage", "huge", "silent"];

export type MasterToSupervisor =
  | { type: "ready"; url: string }
  | { type: "contending"; znode: string; sequence: number }
  | { type: "elected" }
  | { type: "recovered" }
  | { type: "registry-fetch"; requestId: number }
  | { type: "agents-dropped"; agentIds: string[] }
  | { type: "frameworks-dropped"; frameworkIds: string[] }
  | { type: "log"; line: string };

/** What a master process is started with (passed as JSON in MESOS_SIM_MASTER). */
export interface MasterConfig {
  id: string;
  ip: string;
  port: number;
  version: string;
  zk: string;
  sessionTimeoutMs: number;
  registryFetchTimeoutMs: number;
  quorum: number;
  cluster: string;
  seed: number;
  agents: number;
  tasks: number;
  worldStartTime: number;
  /** The world changed since it was built from the seed: wait for a `world` message before anything else. */
  worldSnapshot: boolean;
  httpAuth: { principal: string; secret: string } | null;
  /** The SUBSCRIBE stream's heartbeat interval (1.5 and later); real masters fix it at 15 s. */
  heartbeatSeconds: number;
}
