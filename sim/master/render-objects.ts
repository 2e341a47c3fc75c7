// The JSON objects the endpoints nest, shaped per Mesos version: resources, an agent, a framework with its tasks and
// offers (docs/mesos/state.md#the-master-state-document). The endpoints' bodies are assembled in render.ts.
import { atLeast } from "../../lib/mesos/versions";
import { type Num, double } from "../json";
import { type Scalars, type SimAgent, type SimFramework, type SimTask, ZERO, addScalars } from "../world-model";
import { taskStatuses } from "../world-task-store";
import type { Usage } from "./usage";
import type { MasterView } from "./view";

export type Json = Record<string, unknown>;

function resources(view: MasterView, scalars: Scalars, ports?: string): Json {
  const d = (n: number) => double(view.style, n);
  // docs/mesos/state.md#resource-values: cpus/mem/disk always present, gpus from 1.0; ranges as "[a-b, c-d]".
  const out: Record<string, Num | string> = { disk: d(scalars.disk), mem: d(scalars.mem), cpus: d(scalars.cpus) };
  if (view.features.gpus) out.gpus = d(scalars.gpus);
  if (ports) out.ports = ports;
  return out;
}

function portRanges(ports: number[]): string | undefined {
  if (ports.length === 0) return undefined;
  const sorted = [...ports].sort((a, b) => a - b);
  const ranges: string[] = [];
  let start = sorted[0] ?? 0;
  let end = start;
  for (const port of sorted.slice(1)) {
    if (port === end + 1) end = port;
    else {
      ranges.push(`${start}-${end}`);
      start = end = port;
    }
  }
  ranges.push(`${start}-${end}`);
  return `[${ranges.join(", ")}]`;
}

export function agentInfo(view: MasterView, agent: SimAgent): Json {
  return {
    id: agent.id,
    hostname: agent.hostname,
    port: 5051,
    attributes: agent.attributes,
    pid: `slave(1)@${agent.ip}:5051`,
    registered_time: double(view.style, agent.registeredTime),
    resources: resources(view, agent.total, agent.ports),
  };
}

export function agentJson(view: MasterView, agent: SimAgent, u: Usage): Json {
  const json = agentInfo(view, agent);
  const f = view.features;
  // The early state.json agent (fixture 0.19) has no usage, reservation or activity fields (inference: added by 0.25).
  if (!atLeast(view.self.version, "0.25.0")) return json;
  const used = u.agentUsed.get(agent.id);
  const reservedTotal = Object.values(agent.reserved).reduce(addScalars, ZERO);
  const unreserved = {
    cpus: agent.total.cpus - reservedTotal.cpus,
    gpus: agent.total.gpus - reservedTotal.gpus,
    mem: agent.total.mem - reservedTotal.mem,
    disk: agent.total.disk - reservedTotal.disk,
  };
  Object.assign(json, {
    used_resources: resources(view, used?.scalars ?? ZERO, portRanges(used?.ports ?? [])),
    offered_resources: resources(view, u.agentOffered.get(agent.id) ?? ZERO),
    reserved_resources: Object.fromEntries(
      Object.entries(agent.reserved).map(([role, s]) => [role, resources(view, s)]),
    ),
    unreserved_resources: resources(view, unreserved, agent.reserved.slave_public ? undefined : agent.ports),
    active: agent.status === "active",
    version: view.self.version,
  });
  if (f.agentDeactivatedField) json.deactivated = agent.status === "deactivated";
  if (atLeast(view.self.version, "1.0.0"))
    json.capabilities = ["MULTI_ROLE", "HIERARCHICAL_ROLE", "RESERVATION_REFINEMENT"];
  return json;
}

function taskJson(view: MasterView, task: SimTask): Json {
  const json: Json = {
    id: task.id,
    name: task.name,
    framework_id: task.frameworkId,
    executor_id: task.executorId,
    slave_id: task.agentId,
    state: task.state,
    resources: resources(view, task.resources, task.port === null ? undefined : `[${task.port}-${task.port}]`),
    statuses: taskStatuses(task).map((s) => ({ state: s.state, timestamp: double(view.style, s.timestamp) })),
  };
  if (atLeast(view.self.version, "1.2.0")) json.role = task.role;
  return json;
}

export function frameworkJson(view: MasterView, framework: SimFramework, u: Usage, full: boolean): Json {
  const used = u.frameworkUsed.get(framework.id) ?? ZERO;
  const offered = u.frameworkOffered.get(framework.id) ?? ZERO;
  const json: Json = {
    id: framework.id,
    name: framework.name,
    pid: `scheduler-${framework.id.slice(0, 8)}@${framework.hostname}:9090`,
    used_resources: resources(view, used),
    offered_resources: resources(view, offered),
    capabilities: framework.capabilities,
    hostname: framework.hostname,
    webui_url: framework.webuiUrl,
    active: true,
  };
  if (view.features.frameworkConnectedRecovered) Object.assign(json, { connected: true, recovered: false });
  if (!full) return json;
  const tasks = u.tasksByFramework.get(framework.id) ?? [];
  Object.assign(json, {
    user: framework.user,
    failover_timeout: double(view.style, framework.failoverTimeout),
    checkpoint: true,
    registered_time: double(view.style, framework.registeredTime),
    unregistered_time: 0,
    ...(framework.principal ? { principal: framework.principal } : {}),
    resources: resources(view, addScalars(used, offered)),
    role: framework.role,
    tasks: tasks.map((t) => taskJson(view, t)),
    ...(atLeast(view.self.version, "1.2.0")
      ? { unreachable_tasks: (u.unreachableByFramework.get(framework.id) ?? []).map((t) => taskJson(view, t)) }
      : {}),
    completed_tasks: (u.completedByFramework.get(framework.id) ?? []).map((t) => taskJson(view, t)),
    offers: view.world.offers
      .filter((o) => o.frameworkId === framework.id && view.registeredAgents.has(o.agentId))
      .map((o) => ({
        id: o.id,
        framework_id: o.frameworkId,
        slave_id: o.agentId,
        resources: resources(view, o.resources),
      })),
    executors: [],
  });
  return json;
}
