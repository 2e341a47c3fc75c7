// What one master knows: the shared world, seen through the agents and frameworks that have (re-)registered with it
// since it was elected (docs/mesos/failover.md#recovery-of-a-new-leader), plus its identity and the leader its detector
// sees.
import type { MesosFeatures } from "../../lib/mesos/versions";
import type { JsonStyle } from "../json";
import type { MasterInfo } from "../../lib/mesos/master-info";
import type { TaskState, World } from "../world-model";

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

export interface MasterCounters {
  slaveRegistrations: number;
  slaveReregistrations: number;
  droppedMessages: number;
  /** Tasks that reached each terminal state while this master led, for `master/tasks_finished` and the others. */
  tasksEnded: Partial<Record<TaskState, number>>;
}

export interface MasterView {
  world: World;
  /** The `MasterInfo` this master published in ZooKeeper (GET_MASTER answers it). */
  masterInfo: MasterInfo;
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
  counters: MasterCounters;
  /** Bumped when anything above changes, so serialised responses can be cached. */
  revision: number;
}
