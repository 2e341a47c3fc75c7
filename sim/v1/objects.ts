// The v1 messages a master nests in its answers and events (include/mesos/v1/mesos.proto, master.proto at the
// simulated tag), built as JSON-shaped objects in the order the .proto declares their fields: `Task`, `TaskStatus`,
// `GetAgents.Agent`, `GetFrameworks.Framework`, `Offer`, `MasterInfo`, `VersionInfo` (docs/mesos/http.md#v1-objects).
import type { MasterInfo } from "../../lib/mesos/master-info";
import type { SimAgent, SimFramework, SimOffer, SimTask, SimTaskStatus } from "../world-model";
import { taskStatuses } from "../world-task-store";
import type { MasterView } from "../master/view";
import type { V1Features } from "./features";
import type { V1Object } from "./json";
import { type ResourceShare, ShareSum, parseRanges, resourceList } from "./resources";

/** `TimeInfo` from epoch seconds. */
export const timeInfo = (seconds: number): V1Object => ({ nanoseconds: Math.round(seconds * 1e9) });
const id = (value: string): V1Object => ({ value });

/** What every object of one answer needs: the view, the version's fields, and the offers by agent and framework. */
export interface V1Context {
  view: MasterView;
  f: V1Features;
  offersByAgent: Map<string, SimOffer[]>;
}

export function v1Context(view: MasterView, f: V1Features): V1Context {
  const offersByAgent = new Map<string, SimOffer[]>();
  for (const offer of view.world.offers) {
    if (!view.registeredFrameworks.has(offer.frameworkId) || !view.registeredAgents.has(offer.agentId)) continue;
    const list = offersByAgent.get(offer.agentId);
    if (list) list.push(offer);
    else offersByAgent.set(offer.agentId, [offer]);
  }
  return { view, f, offersByAgent };
}

function frameworkRole(view: MasterView, frameworkId: string): string {
  return view.world.frameworks.find((fw) => fw.id === frameworkId)?.role ?? "*";
}

export function taskStatusJson(c: V1Context, task: SimTask, status: SimTaskStatus): V1Object {
  const json: V1Object = { task_id: id(task.id), state: status.state };
  if (status.message !== undefined) json.message = status.message;
  json.source = status.source;
  if (status.reason !== undefined) json.reason = status.reason;
  json.agent_id = id(task.agentId);
  if (task.executorId !== "") json.executor_id = id(task.executorId);
  json.timestamp = status.timestamp;
  if (status.uuid !== undefined) json.uuid = status.uuid;
  if (status.unreachableTime !== undefined && c.f.unreachableTime)
    json.unreachable_time = timeInfo(status.unreachableTime);
  return json;
}

/** `Task`: its resources as the master keeps them, allocated to its framework's role (1.2 and later). */
export function taskJson(c: V1Context, task: SimTask): V1Object {
  const share: ResourceShare = {
    scalars: task.resources,
    ports: task.port === null ? [] : [[task.port, task.port]],
    reservation: task.role,
    allocation: frameworkRole(c.view, task.frameworkId),
  };
  const statuses = taskStatuses(task);
  const json: V1Object = { name: task.name, task_id: id(task.id), framework_id: id(task.frameworkId) };
  if (task.executorId !== "") json.executor_id = id(task.executorId);
  Object.assign(json, {
    agent_id: id(task.agentId),
    state: task.state,
    resources: resourceList(c.f, [share], "kept"),
  });
  if (statuses.length > 0) json.statuses = statuses.map((s) => taskStatusJson(c, task, s));
  const acknowledged = statuses.findLast((s) => s.uuid !== undefined);
  if (acknowledged?.uuid !== undefined) {
    json.status_update_state = acknowledged.state;
    json.status_update_uuid = acknowledged.uuid;
  }
  return json;
}

function attributes(agent: SimAgent): V1Object[] {
  return Object.entries(agent.attributes).map(([name, value]): V1Object =>
    typeof value === "number" ? { name, type: "SCALAR", scalar: { value } } : { name, type: "TEXT", text: { value } },
  );
}

/** The agent's total resources: unreserved, then each static reservation (ports go with `slave_public`). */
function agentShares(agent: SimAgent): ResourceShare[] {
  const reserved = Object.values(agent.reserved);
  const unreserved = {
    cpus: agent.total.cpus - reserved.reduce((sum, s) => sum + s.cpus, 0),
    gpus: agent.total.gpus - reserved.reduce((sum, s) => sum + s.gpus, 0),
    mem: agent.total.mem - reserved.reduce((sum, s) => sum + s.mem, 0),
    disk: agent.total.disk - reserved.reduce((sum, s) => sum + s.disk, 0),
  };
  const ports = parseRanges(agent.ports);
  const portsRole = agent.reserved.slave_public ? "slave_public" : "*";
  return [
    { scalars: unreserved, ports: portsRole === "*" ? ports : [], reservation: "*" },
    ...Object.entries(agent.reserved).map(([role, scalars]) => ({
      scalars,
      ports: role === portsRole ? ports : [],
      reservation: role,
    })),
  ];
}

export function agentInfoJson(c: V1Context, agent: SimAgent): V1Object {
  return {
    hostname: agent.hostname,
    port: 5051,
    resources: resourceList(c.f, agentShares(agent), "kept"),
    attributes: attributes(agent),
    id: id(agent.id),
  };
}

/** `GetAgents.Agent` (`createAgentResponse`, src/common/protobuf_utils.cpp): what this leader knows of the agent. */
export function agentJson(c: V1Context, agent: SimAgent): V1Object {
  const { view, f } = c;
  const allocated = new ShareSum();
  for (const task of view.world.tasksByAgent.get(agent.id) ?? []) {
    if (task.state === "TASK_UNREACHABLE" || !view.registeredFrameworks.has(task.frameworkId)) continue;
    allocated.add(task.resources, task.role, frameworkRole(view, task.frameworkId), task.port);
  }
  const offered = new ShareSum();
  for (const offer of c.offersByAgent.get(agent.id) ?? [])
    offered.add(offer.resources, "*", frameworkRole(view, offer.frameworkId), null);
  const json: V1Object = { agent_info: agentInfoJson(c, agent), active: agent.status === "active" };
  if (f.agentDeactivated) json.deactivated = agent.status === "deactivated";
  Object.assign(json, {
    version: view.self.version,
    pid: `slave(1)@${agent.ip}:5051`,
    registered_time: timeInfo(agent.registeredTime),
    total_resources: resourceList(f, agentShares(agent), "endpoint"),
    allocated_resources: resourceList(f, allocated.list(), "endpoint"),
    offered_resources: resourceList(f, offered.list(), "endpoint"),
  });
  if (f.agentCapabilities)
    json.capabilities = ["MULTI_ROLE", "HIERARCHICAL_ROLE", "RESERVATION_REFINEMENT"]
      .filter((type) => f.agentCapabilityNames.has(type))
      .map((type) => ({ type }));
  return json;
}

export function frameworkInfoJson(c: V1Context, framework: SimFramework): V1Object {
  const json: V1Object = {
    user: framework.user,
    name: framework.name,
    id: id(framework.id),
    failover_timeout: framework.failoverTimeout,
    checkpoint: true,
    role: framework.role,
    hostname: framework.hostname,
  };
  if (framework.principal) json.principal = framework.principal;
  json.webui_url = framework.webuiUrl;
  const capabilities = framework.capabilities.filter((type) => c.f.frameworkCapabilityNames.has(type));
  if (capabilities.length > 0) json.capabilities = capabilities.map((type) => ({ type }));
  return json;
}

export function offerJson(c: V1Context, offer: SimOffer): V1Object {
  const agent = c.view.world.agentsById.get(offer.agentId);
  const role = frameworkRole(c.view, offer.frameworkId);
  const json: V1Object = {
    id: id(offer.id),
    framework_id: id(offer.frameworkId),
    agent_id: id(offer.agentId),
    hostname: agent?.hostname ?? "",
    url: {
      scheme: "http",
      address: { hostname: agent?.hostname ?? "", ip: agent?.ip ?? "", port: 5051 },
      path: "/slave(1)",
    },
    resources: resourceList(c.f, [{ scalars: offer.resources, reservation: "*", allocation: role }], "kept"),
  };
  if (agent) json.attributes = attributes(agent);
  if (c.f.allocationInfo) json.allocation_info = { role };
  return json;
}

export interface FrameworkUsage {
  allocated: ShareSum;
  offered: ShareSum;
  offers: SimOffer[];
}

/**
 * `GetFrameworks.Framework`: with its offers and usage (summed by the caller) as `model(Framework)` writes it
 * (src/master/http.cpp), or without, as FRAMEWORK_ADDED and FRAMEWORK_UPDATED carry it, where all three times are
 * set even when zero (`createFrameworkAdded`, src/common/protobuf_utils.cpp). A framework's re-registration time
 * starts as its registration time (`Framework::Framework`, src/master/framework.cpp).
 */
export function frameworkJson(c: V1Context, framework: SimFramework, usage: FrameworkUsage | null): V1Object {
  const json: V1Object = { framework_info: frameworkInfoJson(c, framework), active: true, connected: true };
  if (c.f.recoveredAndUnreachable) json.recovered = false;
  json.registered_time = timeInfo(framework.registeredTime);
  json.reregistered_time = timeInfo(framework.registeredTime);
  if (!usage) json.unregistered_time = timeInfo(0);
  if (usage) {
    json.offers = usage.offers.map((offer) => offerJson(c, offer));
    json.allocated_resources = resourceList(c.f, usage.allocated.list(), "endpoint");
    json.offered_resources = resourceList(c.f, usage.offered.list(), "endpoint");
  }
  if (c.f.offerConstraints) json.offer_constraints = {};
  return json;
}

/** `MasterInfo` as this master publishes it (lib/mesos/master-info-encode.ts, docs/mesos/zookeeper.md). */
export function masterInfoJson(info: MasterInfo): V1Object {
  const json: V1Object = { id: info.id, ip: info.ip, port: info.port };
  if (info.pid !== undefined) json.pid = info.pid;
  if (info.hostname !== undefined) json.hostname = info.hostname;
  if (info.version !== undefined) json.version = info.version;
  if (info.address) {
    const address: V1Object = {};
    if (info.address.hostname !== undefined) address.hostname = info.address.hostname;
    if (info.address.ip !== undefined) address.ip = info.address.ip;
    address.port = info.address.port;
    json.address = address;
  }
  // v1's `MasterInfo.Capability.Type` has no QUOTA_V2 (only v0's has), so it crosses `evolve` as an unknown enum
  // value and a v1 JSON answer shows that capability as `{}` (include/mesos/v1/mesos.proto @1.11.0; inference).
  if (info.capabilities && info.capabilities.length > 0)
    json.capabilities = info.capabilities.map(({ type }): V1Object => (type === "QUOTA_V2" ? {} : { type }));
  return json;
}
