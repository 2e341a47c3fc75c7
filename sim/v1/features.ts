// What the v1 operator API of one Mesos release has, field by field (docs/mesos/http.md#operator-api-v1), read from
// include/mesos/v1/master/master.proto and include/mesos/v1/mesos.proto at each tag and from the master's writers.
import { type OperatorEventType, atLeast, mesosFeatures } from "../../lib/mesos/versions";
import { type V1JsonStyle, v1JsonStyle } from "./json";

export interface V1Features {
  version: string;
  json: V1JsonStyle;
  events: ReadonlySet<OperatorEventType>;
  /** The `Call.Type` names the version's master.proto knows; any other is a 400. */
  calls: ReadonlySet<string>;
  /** 1.1: `TaskUpdated {framework_id, status, state}`; 1.0: `{task_id, framework_id, agent_id, executor_id?, state}`. */
  taskUpdatedStatus: boolean;
  /** 1.2: `Resource.allocation_info` on allocated, offered and task resources; `Offer.allocation_info`. */
  allocationInfo: boolean;
  /** 1.2: `GetAgents.recovered_agents`, `GetTasks.unreachable_tasks`, `GetFrameworks.Framework.recovered`. */
  recoveredAndUnreachable: boolean;
  /** 1.1: `TaskStatus.unreachable_time`. */
  unreachableTime: boolean;
  /** 1.3: `GetAgents.Agent.capabilities`. */
  agentCapabilities: boolean;
  /** 1.4: `Resource.reservations`; agent totals and allocations in the "endpoint" format (`convertResourceFormat`). */
  reservationRefinement: boolean;
  /** 1.5: `GetMaster.start_time`, `elected_time`; HEARTBEAT events and `Subscribed.heartbeat_interval_seconds`. */
  masterTimes: boolean;
  heartbeats: boolean;
  /** 1.9: `GetAgents.Agent.deactivated`. */
  agentDeactivated: boolean;
  /**
   * 1.10: read-only calls and SUBSCRIBED are written straight from the master's state (MESOS-10026), and every list of
   * GetTasks, GetExecutors, GetFrameworks and GetAgents is written even when empty (`pending_tasks` never).
   */
  directSerialization: boolean;
  /** 1.11: `GetFrameworks.Framework.offer_constraints`, set (empty) on every framework. */
  offerConstraints: boolean;
  /** 1.8: the 405's body starts "405 Method Not Allowed." (3rdparty/libprocess/include/process/http.hpp). */
  longMethodNotAllowed: boolean;
  /** `AgentInfo.Capability` and `FrameworkInfo.Capability` names the version's mesos.proto knows. */
  agentCapabilityNames: ReadonlySet<string>;
  frameworkCapabilityNames: ReadonlySet<string>;
}

const CALLS_1_0 = [
  "UNKNOWN",
  "GET_HEALTH",
  "GET_FLAGS",
  "GET_VERSION",
  "GET_METRICS",
  "GET_LOGGING_LEVEL",
  "SET_LOGGING_LEVEL",
  "LIST_FILES",
  "READ_FILE",
  "GET_STATE",
  "GET_AGENTS",
  "GET_FRAMEWORKS",
  "GET_EXECUTORS",
  "GET_TASKS",
  "GET_ROLES",
  "GET_WEIGHTS",
  "UPDATE_WEIGHTS",
  "GET_MASTER",
  "SUBSCRIBE",
  "RESERVE_RESOURCES",
  "UNRESERVE_RESOURCES",
  "CREATE_VOLUMES",
  "DESTROY_VOLUMES",
  "GET_MAINTENANCE_STATUS",
  "GET_MAINTENANCE_SCHEDULE",
  "UPDATE_MAINTENANCE_SCHEDULE",
  "START_MAINTENANCE",
  "STOP_MAINTENANCE",
  "GET_QUOTA",
  "SET_QUOTA",
  "REMOVE_QUOTA",
];
const CALLS_SINCE: readonly (readonly [string, readonly string[]])[] = [
  ["1.5.0", ["TEARDOWN", "MARK_AGENT_GONE"]],
  ["1.6.0", ["GET_OPERATIONS", "GROW_VOLUME", "SHRINK_VOLUME"]],
  ["1.8.0", ["UPDATE_QUOTA"]],
  ["1.9.0", ["DRAIN_AGENT", "DEACTIVATE_AGENT", "REACTIVATE_AGENT"]],
];

export function v1Features(version: string): V1Features {
  const since = (minimum: string) => atLeast(version, minimum);
  const calls = new Set(CALLS_1_0);
  for (const [first, names] of CALLS_SINCE) if (since(first)) for (const name of names) calls.add(name);
  return {
    version,
    json: v1JsonStyle(version),
    events: new Set(mesosFeatures(version).operatorEvents),
    calls,
    taskUpdatedStatus: since("1.1.0"),
    allocationInfo: since("1.2.0"),
    recoveredAndUnreachable: since("1.2.0"),
    unreachableTime: since("1.1.0"),
    agentCapabilities: since("1.3.0"),
    reservationRefinement: since("1.4.0"),
    masterTimes: since("1.5.0"),
    heartbeats: since("1.5.0"),
    agentDeactivated: since("1.9.0"),
    directSerialization: since("1.10.0"),
    offerConstraints: since("1.11.0"),
    longMethodNotAllowed: since("1.8.0"),
    agentCapabilityNames: new Set([
      ...(since("1.2.0") ? ["MULTI_ROLE"] : []),
      ...(since("1.4.0") ? ["HIERARCHICAL_ROLE", "RESERVATION_REFINEMENT"] : []),
    ]),
    frameworkCapabilityNames: new Set([
      "REVOCABLE_RESOURCES",
      "TASK_KILLING_STATE",
      "GPU_RESOURCES",
      ...(since("1.1.0") ? ["SHARED_RESOURCES", "PARTITION_AWARE"] : []),
      ...(since("1.2.0") ? ["MULTI_ROLE"] : []),
      ...(since("1.4.0") ? ["RESERVATION_REFINEMENT", "REGION_AWARE"] : []),
    ]),
  };
}
