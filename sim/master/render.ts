// The JSON bodies of a master's endpoints, shaped per Mesos version (docs/mesos/http.md#master-http-endpoints,
// docs/mesos/state.md#the-master-state-document).
import { atLeast } from "../../lib/mesos/versions";
import { type Num, double } from "../json";
import { type Scalars, type SimAgent, type SimFramework, type SimTask, ZERO, addScalars } from "../world-model";
import type { MasterView } from "./view";

type Json = Record<string, unknown>;

const BUILD_TIME = 1_605_780_028;

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

/** Per-agent and per-framework sums over what this master knows, computed once per response. */
export interface Usage {
  agentUsed: Map<string, { scalars: Scalars; ports: number[] }>;
  agentOffered: Map<string, Scalars>;
  frameworkUsed: Map<string, Scalars>;
  frameworkOffered: Map<string, Scalars>;
  tasksByFramework: Map<string, SimTask[]>;
  unreachableByFramework: Map<string, SimTask[]>;
  completedByFramework: Map<string, SimTask[]>;
}

const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

export function registeredAgents(view: MasterView): SimAgent[] {
  return view.world.agents.filter(
    (a) => view.registeredAgents.has(a.id) && (a.status === "active" || a.status === "deactivated"),
  );
}

const emptyUsage = (): Usage => ({
  agentUsed: new Map(),
  agentOffered: new Map(),
  frameworkUsed: new Map(),
  frameworkOffered: new Map(),
  tasksByFramework: new Map(),
  unreachableByFramework: new Map(),
  completedByFramework: new Map(),
});

const usageCache = new WeakMap<MasterView, { key: string; value: Usage }>();

/**
 * What the leader knows is in use and offered; empty on a non-leader, which has no registrations. Memoized per
 * revision.
 */
export function usage(view: MasterView): Usage {
  if (!view.elected) return emptyUsage();
  const key = `${view.revision}:${view.world.revision}`;
  const hit = usageCache.get(view);
  if (hit?.key === key) return hit.value;
  const value = computeUsage(view);
  usageCache.set(view, { key, value });
  return value;
}

function computeUsage(view: MasterView): Usage {
  const u = emptyUsage();
  const knownFramework = (id: string) => view.registeredFrameworks.has(id);
  for (const task of view.world.tasks) {
    if (!knownFramework(task.frameworkId)) continue;
    if (task.state === "TASK_UNREACHABLE") {
      push(u.unreachableByFramework, task.frameworkId, task);
      continue;
    }
    if (!view.registeredAgents.has(task.agentId)) continue;
    const agent = u.agentUsed.get(task.agentId) ?? { scalars: ZERO, ports: [] };
    agent.scalars = addScalars(agent.scalars, task.resources);
    if (task.port !== null) agent.ports.push(task.port);
    u.agentUsed.set(task.agentId, agent);
    u.frameworkUsed.set(task.frameworkId, addScalars(u.frameworkUsed.get(task.frameworkId) ?? ZERO, task.resources));
    push(u.tasksByFramework, task.frameworkId, task);
  }
  for (const offer of view.world.offers) {
    if (!knownFramework(offer.frameworkId) || !view.registeredAgents.has(offer.agentId)) continue;
    u.agentOffered.set(offer.agentId, addScalars(u.agentOffered.get(offer.agentId) ?? ZERO, offer.resources));
    u.frameworkOffered.set(
      offer.frameworkId,
      addScalars(u.frameworkOffered.get(offer.frameworkId) ?? ZERO, offer.resources),
    );
  }
  // Completed tasks are per leader in Mesos; keep the newest 1000 per framework (--max_completed_tasks_per_framework).
  for (const task of view.world.completedTasks)
    if (knownFramework(task.frameworkId)) push(u.completedByFramework, task.frameworkId, task);
  for (const [id, list] of u.completedByFramework) u.completedByFramework.set(id, list.slice(-1000));
  return u;
}

function agentInfo(view: MasterView, agent: SimAgent): Json {
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
    statuses: [{ state: task.state, timestamp: double(view.style, task.finishedAt ?? task.startedAt) }],
  };
  if (atLeast(view.self.version, "1.2.0")) json.role = task.role;
  return json;
}

function frameworkJson(view: MasterView, framework: SimFramework, u: Usage, full: boolean): Json {
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

export function registeredFrameworks(view: MasterView): SimFramework[] {
  return view.world.frameworks.filter((f) => view.registeredFrameworks.has(f.id));
}

function recoveredAgents(view: MasterView): SimAgent[] {
  if (!view.recovered) return [];
  return view.world.agents.filter(
    (a) => !view.registeredAgents.has(a.id) && (a.status === "active" || a.status === "deactivated"),
  );
}

function buildInfo(view: MasterView): Json {
  const v = view.self.version;
  return {
    version: v,
    git_sha: "e3b8d3ab4c35eb9d5f3c1c5bce2f7d5d17d5c4f1",
    git_tag: v,
    build_date: "2020-11-19 10:00:28",
    build_time: double(view.style, BUILD_TIME),
    build_user: "root",
  };
}

/** `/master/state` (and `/state.json`): the leader's full state, or a non-leader's own near-empty one (before 1.0). */
export function stateJson(view: MasterView): Json {
  const f = view.features;
  const d = (n: number) => double(view.style, n);
  const leading = view.elected;
  const agents = leading ? registeredAgents(view) : [];
  const u = usage(view);
  const json: Json = { ...buildInfo(view), start_time: d(view.self.startTime) };
  if (leading && view.electedTime !== null) json.elected_time = d(view.electedTime);
  Object.assign(json, { id: view.self.id, pid: view.self.pid, hostname: view.self.hostname });
  if (f.masterCapabilities.length > 0) json.capabilities = f.masterCapabilities;
  json.activated_slaves = d(agents.filter((a) => a.status === "active").length);
  json.deactivated_slaves = d(agents.filter((a) => a.status === "deactivated").length);
  if (f.unreachableAndRecoveredSlaves)
    json.unreachable_slaves = d(leading ? view.world.agents.filter((a) => a.status === "unreachable").length : 0);
  if (view.leader) {
    json.leader = view.leader.pid;
    if (f.leaderInfo)
      json.leader_info = {
        id: view.leader.id,
        pid: view.leader.pid,
        port: view.leader.port,
        hostname: view.leader.hostname,
      };
  }
  Object.assign(json, { cluster: view.self.cluster, log_dir: "/var/log/mesos", flags: view.self.flags });
  json.slaves = agents.map((a) => agentJson(view, a, u));
  if (f.unreachableAndRecoveredSlaves)
    json.recovered_slaves = leading ? recoveredAgents(view).map((a) => agentInfo(view, a)) : [];
  json.frameworks = leading ? registeredFrameworks(view).map((fw) => frameworkJson(view, fw, u, true)) : [];
  Object.assign(json, { completed_frameworks: [], orphan_tasks: [], unregistered_frameworks: [] });
  return json;
}

const SUMMARY_STATES = [
  "TASK_STAGING",
  "TASK_STARTING",
  "TASK_RUNNING",
  "TASK_KILLING",
  "TASK_FINISHED",
  "TASK_KILLED",
  "TASK_FAILED",
  "TASK_LOST",
  "TASK_ERROR",
];

function countStates(tasks: SimTask[]): Json {
  const counts: Record<string, number> = Object.fromEntries(SUMMARY_STATES.map((s) => [s, 0]));
  for (const task of tasks) if (task.state in counts) counts[task.state] = (counts[task.state] ?? 0) + 1;
  return counts;
}

/**
 * `/master/state-summary`: agents and frameworks with task counts per state
 * (docs/mesos/http.md#endpoints-a-dashboard-uses).
 */
export function stateSummaryJson(view: MasterView): Json {
  const u = usage(view);
  const frameworks = registeredFrameworks(view);
  const tasks = (fw: SimFramework) => [
    ...(u.tasksByFramework.get(fw.id) ?? []),
    ...(u.completedByFramework.get(fw.id) ?? []),
  ];
  const tasksOnAgent = new Map<string, SimTask[]>();
  for (const fw of frameworks) for (const task of tasks(fw)) push(tasksOnAgent, task.agentId, task);
  return {
    hostname: view.self.hostname,
    cluster: view.self.cluster,
    slaves: registeredAgents(view).map((agent) => {
      const onAgent = tasksOnAgent.get(agent.id) ?? [];
      return {
        ...agentJson(view, agent, u),
        ...countStates(onAgent),
        framework_ids: [...new Set(onAgent.map((t) => t.frameworkId))],
      };
    }),
    frameworks: frameworks.map((fw) => ({
      ...frameworkJson(view, fw, u, false),
      ...countStates(tasks(fw)),
      slave_ids: [...new Set(tasks(fw).map((t) => t.agentId))],
    })),
  };
}

/**
 * `/master/slaves`: registered agents and, from 1.2, the recovered ones
 * (docs/mesos/http.md#endpoints-a-dashboard-uses).
 */
export function slavesJson(view: MasterView, agentId: string | null): Json {
  const u = usage(view);
  const pickAgent = (a: SimAgent) => agentId === null || a.id === agentId;
  const json: Json = {
    slaves: registeredAgents(view)
      .filter(pickAgent)
      .map((a) => agentJson(view, a, u)),
  };
  if (view.features.unreachableAndRecoveredSlaves)
    json.recovered_slaves = recoveredAgents(view)
      .filter(pickAgent)
      .map((a) => agentInfo(view, a));
  return json;
}

export function frameworksJson(view: MasterView, frameworkId: string | null): Json {
  const u = usage(view);
  const frameworks = registeredFrameworks(view).filter((fw) => frameworkId === null || fw.id === frameworkId);
  return {
    frameworks: frameworks.map((fw) => frameworkJson(view, fw, u, true)),
    completed_frameworks: [],
    unregistered_frameworks: [],
  };
}

/**
 * `/metrics/snapshot`: local metrics; agent and task gauges are 0 on a non-leader, counters reset on election
 * (docs/mesos/http.md#metrics-snapshot).
 */
export function metricsJson(view: MasterView, now: number, replicasRecovered: boolean): Json {
  const leading = view.elected;
  const agents = leading ? registeredAgents(view) : [];
  const u = usage(view);
  const tasks = [...u.tasksByFramework.values()].flat();
  const completed = [...u.completedByFramework.values()]
    .flat()
    .filter((t) => view.electedTime !== null && (t.finishedAt ?? 0) >= view.electedTime);
  const count = (list: SimTask[], state: string) => list.filter((t) => t.state === state).length;
  const total = agents.reduce((sum, a) => addScalars(sum, a.total), ZERO);
  const used = [...u.agentUsed.values()].reduce((sum, a) => addScalars(sum, a.scalars), ZERO);
  const metrics: Record<string, number> = {
    "master/elected": leading ? 1 : 0,
    "master/uptime_secs": Math.round((now - view.self.startTime) * 1000) / 1000,
    "master/slaves_active": agents.filter((a) => a.status === "active").length,
    "master/slaves_inactive": agents.filter((a) => a.status === "deactivated").length,
    "master/slaves_connected": agents.length,
    "master/slaves_disconnected": 0,
    "master/frameworks_active": leading ? view.registeredFrameworks.size : 0,
    "master/frameworks_inactive": 0,
    "master/frameworks_connected": leading ? view.registeredFrameworks.size : 0,
    "master/frameworks_disconnected": 0,
    "master/tasks_staging": count(tasks, "TASK_STAGING"),
    "master/tasks_starting": count(tasks, "TASK_STARTING"),
    "master/tasks_running": count(tasks, "TASK_RUNNING"),
    "master/tasks_killing": count(tasks, "TASK_KILLING"),
    "master/tasks_finished": count(completed, "TASK_FINISHED"),
    "master/tasks_failed": count(completed, "TASK_FAILED"),
    "master/tasks_killed": count(completed, "TASK_KILLED"),
    "master/tasks_lost": count(completed, "TASK_LOST"),
    "master/tasks_error": 0,
    "master/outstanding_offers": leading
      ? view.world.offers.filter((o) => view.registeredAgents.has(o.agentId)).length
      : 0,
    "master/dropped_messages": view.counters.droppedMessages,
    "master/slave_registrations": view.counters.slaveRegistrations,
    "master/slave_reregistrations": view.counters.slaveReregistrations,
    "registrar/log/recovered": replicasRecovered ? 1 : 0,
    "system/cpus_total": 2,
  };
  const kinds: (keyof Scalars)[] = view.features.gpus ? ["cpus", "mem", "disk", "gpus"] : ["cpus", "mem", "disk"];
  for (const r of kinds) {
    metrics[`master/${r}_total`] = total[r];
    metrics[`master/${r}_used`] = used[r];
    metrics[`master/${r}_percent`] = total[r] === 0 ? 0 : used[r] / total[r];
  }
  if (view.features.unreachableAndRecoveredSlaves) {
    metrics["master/slaves_unreachable"] = leading
      ? view.world.agents.filter((a) => a.status === "unreachable").length
      : 0;
    metrics["master/tasks_unreachable"] = leading ? [...u.unreachableByFramework.values()].flat().length : 0;
  }
  return Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, double(view.style, v)]));
}

export function versionJson(view: MasterView): Json {
  return buildInfo(view);
}
