// What one master knows: the shared world, seen through the agents and frameworks that have (re-)registered with it
// since it was elected (docs/mesos/failover.md#recovery-of-a-new-leader), plus its identity and the leader its detector
// sees.
import type { MesosFeatures } from "../../lib/mesos/versions";
import type { JsonStyle } from "../json";
import type { World } from "../world-model";

export interface MasterIdentity {
  id: string;
  pid: string;
  hostname: string;
  ip: string;
  port: number;
  version: string;
  cluster: string;
  startTime: number;
  flags: Record<string, string>;
}

export interface LeaderRef {
  id: string;
  pid: string;
  hostname: string;
  port: number;
}

export interface MasterView {
  world: World;
  features: MesosFeatures;
  style: JsonStyle;
  self: MasterIdentity;
  leader: LeaderRef | null;
  elected: boolean;
  electedTime: number | null;
  /**
   * The registry was fetched: agents in it that have not re-registered are "recovered"
   * (docs/mesos/failover.md#recovery-of-a-new-leader).
   */
  recovered: boolean;
  registeredAgents: Set<string>;
  registeredFrameworks: Set<string>;
  counters: { slaveRegistrations: number; slaveReregistrations: number; droppedMessages: number };
  /** Bumped when anything above changes, so serialised responses can be cached. */
  revision: number;
}
