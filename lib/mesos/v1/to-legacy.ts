// v1 operator API objects → the objects of `/master/state` the rest of the app reads (lib/mesos/schemas-state.ts), each
// built the way a 1.11 master writes them: `SlaveWriter`, `json(Summary<Framework>)` and `FullFrameworkWriter` in
// src/master/readonly_handler.cpp, `json(Task)`, `json(TaskStatus)`, `json(ExecutorInfo)`, `json(Offer)`,
// `json(SlaveInfo)` and `model(Resources)` in src/common/http.cpp. Pure.
//
// What v1 does not carry is derived as the master derives it, or left out:
// - framework `used_resources` is the master's `Framework::totalUsedResources`: the resources of the framework's tasks
//   that are neither terminal nor unreachable, plus its executors' (`Framework::addTask`, `recoverResources`,
//   `addExecutor` in src/master/framework.cpp; `Master::updateTask` releases a task's resources on its transition to a
//   terminal state or TASK_UNREACHABLE). Agent `used_resources` is the same sum over the agent's tasks and executors
//   (`Slave::usedResources`). The caller passes both in (see {@link FrameworkParts} and state-from-v1.ts).
// - framework `offered_resources` is the sum of its `offers` (`Framework::addOffer`); `resources` is used + offered.
// - framework `pid` is not in v1 (it is the scheduler's libprocess PID, not a `FrameworkInfo` field): left out, as a
//   master does for HTTP frameworks.
import type {
  MesosAgent,
  MesosFramework,
  MesosOffer,
  MesosRecoveredAgent,
  MesosResources,
  MesosTask,
  MesosTaskStatus,
} from "@/lib/mesos/schemas";
import { legacyAttributes, legacyReservations, legacyResources, legacyUnreserved } from "./resources";
import type {
  V1AgentInfo,
  V1Executor,
  V1Framework,
  V1GetAgentsAgent,
  V1Labels,
  V1Offer,
  V1Resource,
  V1Task,
  V1TaskStatus,
  V1TimeInfo,
} from "./schemas";

/** `TimeInfo` → epoch seconds, as `Time::secs()` prints it. */
export function seconds(time: V1TimeInfo | undefined): number | undefined {
  return time === undefined ? undefined : time.nanoseconds / 1e9;
}

/** `[{"type": "MULTI_ROLE"}]` → `["MULTI_ROLE"]`; a capability without a type is `UNKNOWN`, its proto default. */
export function capabilityNames(capabilities: readonly { type?: string }[] | undefined): string[] {
  return (capabilities ?? []).map((capability) => capability.type ?? "UNKNOWN");
}

/** `json(Labels)` writes the label array itself. */
function labelsOf(labels: V1Labels | undefined): { key: string; value?: string }[] | undefined {
  return labels === undefined ? undefined : (labels.labels ?? []);
}

/** The role a task or executor is allocated to: the first resource's `allocation_info.role` (MESOS-6636). */
function allocationRole(resources: readonly V1Resource[] | undefined): string | undefined {
  return resources?.[0]?.allocation_info?.role;
}

/** The object without its undefined keys. Built anew rather than with `delete`, which slows objects down in V8. */
function defined<T extends object>(value: T): T {
  const out: Partial<T> = {};
  for (const key in value) if (value[key] !== undefined) out[key] = value[key];
  return out as T;
}

export function legacyTaskStatus(status: V1TaskStatus): MesosTaskStatus {
  // `timestamp` has no default, so an unset one reads (and prints) as 0.
  const out: MesosTaskStatus = { state: status.state, timestamp: status.timestamp ?? 0 };
  if (status.labels !== undefined) out.labels = labelsOf(status.labels);
  if (status.container_status !== undefined) out.container_status = status.container_status;
  if (status.healthy !== undefined) out.healthy = status.healthy;
  return out;
}

// Written key by key (no `defined`): there is one per task, 100,000 in a large cluster.
export function legacyTask(task: V1Task): MesosTask {
  const out: MesosTask = {
    id: task.task_id.value,
    name: task.name,
    framework_id: task.framework_id.value,
    // Written even when unset: `task.executor_id().value()` is then "".
    executor_id: task.executor_id?.value ?? "",
    slave_id: task.agent_id.value,
    state: task.state,
    resources: legacyResources(task.resources),
  };
  if (task.limits) out.limits = Object.fromEntries(Object.entries(task.limits).map(([k, v]) => [k, v.value]));
  const role = allocationRole(task.resources);
  if (role !== undefined) out.role = role;
  out.statuses = (task.statuses ?? []).map(legacyTaskStatus);
  if (task.user !== undefined) out.user = task.user;
  if (task.labels !== undefined) out.labels = labelsOf(task.labels);
  if (task.discovery !== undefined) out.discovery = task.discovery;
  if (task.container !== undefined) out.container = task.container;
  if (task.health_check !== undefined) out.health_check = task.health_check;
  return out;
}

/** `json(SlaveInfo)`: the whole of a `recovered_slaves` entry (no resources). */
export function legacyAgentInfo(info: V1AgentInfo): MesosRecoveredAgent {
  return defined({
    id: info.id?.value ?? "",
    hostname: info.hostname,
    port: info.port ?? 5051,
    attributes: legacyAttributes(info.attributes),
    domain: info.domain,
  });
}

/**
 * `SlaveWriter`: `resources` is `total_resources`, `offered_resources` the agent's own, `used_resources` is passed in
 * (v1 `allocated_resources` is the same sum but events never refresh it). `deactivated`, `drain_info` and
 * `estimated_drain_start_time_seconds` exist from 1.9, and only when v1 has them.
 */
export function legacyAgent(agent: V1GetAgentsAgent, used: MesosResources): MesosAgent {
  const total = agent.total_resources;
  const drainStart = agent.drain_info ? seconds(agent.estimated_drain_start_time) : undefined;
  return defined({
    ...legacyAgentInfo(agent.agent_info),
    pid: agent.pid ?? "",
    registered_time: seconds(agent.registered_time) ?? 0,
    reregistered_time: seconds(agent.reregistered_time),
    resources: legacyResources(total),
    used_resources: used,
    offered_resources: legacyResources(agent.offered_resources),
    reserved_resources: legacyReservations(total),
    unreserved_resources: legacyUnreserved(total),
    active: agent.active,
    deactivated: agent.deactivated,
    version: agent.version,
    capabilities: capabilityNames(agent.capabilities),
    drain_info: agent.drain_info,
    estimated_drain_start_time_seconds: drainStart,
  });
}

/** `json(Offer)`: `{id, framework_id, allocation_info, slave_id, resources}`. */
export function legacyOffer(offer: V1Offer): MesosOffer {
  return {
    id: offer.id.value,
    framework_id: offer.framework_id.value,
    allocation_info: offer.allocation_info ?? {},
    slave_id: offer.agent_id.value,
    resources: legacyResources(offer.resources),
  };
}

/** `json(ExecutorInfo)` plus `slave_id`, an entry of a framework's `executors`. */
export function legacyExecutor(executor: V1Executor): Record<string, unknown> {
  const info = executor.executor_info;
  return defined({
    executor_id: info.executor_id.value,
    name: info.name ?? "",
    framework_id: info.framework_id?.value ?? "",
    command: info.command ?? {},
    resources: legacyResources(info.resources),
    role: allocationRole(info.resources),
    labels: labelsOf(info.labels),
    type: info.type,
    slave_id: executor.agent_id.value,
  });
}

/** What a framework object holds besides its `GetFrameworks.Framework`: its tasks, offers, executors and usage. */
export interface FrameworkParts {
  tasks: MesosTask[];
  unreachableTasks: MesosTask[];
  completedTasks: MesosTask[];
  offers: MesosOffer[];
  executors: Record<string, unknown>[];
  /** `used_resources` (`totalUsedResources`). */
  used: MesosResources;
  /** `offered_resources` (`totalOfferedResources`). */
  offered: MesosResources;
  /** `resources`: used + offered. */
  resources: MesosResources;
}

/** `json(Summary<Framework>)` followed by `FullFrameworkWriter`. */
export function legacyFramework(framework: V1Framework, parts: FrameworkParts): MesosFramework {
  const info = framework.framework_info;
  const capabilities = capabilityNames(info.capabilities);
  const registered = seconds(framework.registered_time) ?? 0;
  const reregistered = seconds(framework.reregistered_time);
  return defined({
    id: info.id?.value ?? "",
    name: info.name,
    used_resources: parts.used,
    offered_resources: parts.offered,
    capabilities,
    hostname: info.hostname ?? "",
    webui_url: info.webui_url ?? "",
    active: framework.active,
    connected: framework.connected,
    recovered: framework.recovered ?? false,
    user: info.user,
    failover_timeout: info.failover_timeout ?? 0,
    checkpoint: info.checkpoint ?? false,
    registered_time: registered,
    unregistered_time: seconds(framework.unregistered_time) ?? 0,
    principal: info.principal,
    resources: parts.resources,
    reregistered_time: reregistered !== undefined && reregistered !== registered ? reregistered : undefined,
    // A MULTI_ROLE framework gets `roles`, any other `role` (whose proto default is "*").
    ...(capabilities.includes("MULTI_ROLE") ? { roles: info.roles ?? [] } : { role: info.role ?? "*" }),
    tasks: parts.tasks,
    unreachable_tasks: parts.unreachableTasks,
    completed_tasks: parts.completedTasks,
    offers: parts.offers,
    executors: parts.executors,
    labels: labelsOf(info.labels),
    offer_constraints: framework.offer_constraints,
  });
}
