// The JSON bodies of a master's endpoints, shaped per Mesos version (docs/mesos/http.md#master-http-endpoints,
// docs/mesos/state.md#the-master-state-document).
import { double } from "../json";
import {
  type Scalars,
  type SimAgent,
  type SimFramework,
  type SimTask,
  type TaskState,
  ZERO,
  addScalars,
} from "../world-model";
import { type Json, agentInfo, agentJson, frameworkJson } from "./render-objects";
import { push, recoveredAgents, registeredAgents, registeredFrameworks, usage } from "./usage";
import type { MasterView } from "./view";

const BUILD_TIME = 1_605_780_028;

/** The build information of `/version`, with plain numbers (the v1 GET_VERSION answer shares it). */
export function buildInfoValues(view: MasterView) {
  const v = view.self.version;
  return {
    version: v,
    git_sha: "e3b8d3ab4c35eb9d5f3c1c5bce2f7d5d17d5c4f1",
    git_tag: v,
    build_date: "2020-11-19 10:00:28",
    build_time: BUILD_TIME,
    build_user: "root",
  };
}

function buildInfo(view: MasterView): Json {
  const values = buildInfoValues(view);
  return { ...values, build_time: double(view.style, values.build_time) };
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
  const metrics = metricsValues(view, now, replicasRecovered);
  return Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, double(view.style, v)]));
}

/** The metrics of `/metrics/snapshot` as plain numbers (the v1 GET_METRICS answer shares them). */
export function metricsValues(view: MasterView, now: number, replicasRecovered: boolean): Record<string, number> {
  const leading = view.elected;
  const agents = leading ? registeredAgents(view) : [];
  const u = usage(view);
  const tasks = [...u.tasksByFramework.values()].flat();
  // Counters since this master was elected (docs/mesos/http.md#metrics-snapshot), counted as tasks end.
  const ended = (state: TaskState) => (leading ? (view.counters.tasksEnded[state] ?? 0) : 0);
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
    "master/tasks_finished": ended("TASK_FINISHED"),
    "master/tasks_failed": ended("TASK_FAILED"),
    "master/tasks_killed": ended("TASK_KILLED"),
    "master/tasks_lost": ended("TASK_LOST"),
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
  return metrics;
}

export function versionJson(view: MasterView): Json {
  return buildInfo(view);
}
