// Cluster totals computed the way the stock Mesos web UI computes them (docs/mesos/web-ui.md#home-page and
// docs/mesos/web-ui.md#resource-rows, `updateState` and `updateMetrics` in `src/webui/app/controllers.js`). Pure
// functions, no I/O.
import type { MesosAgent, MesosFramework, MesosResources, MesosState, MesosTask } from "./schemas-state";

export const RESOURCE_NAMES = ["cpus", "gpus", "mem", "disk"] as const;
export type ResourceName = (typeof RESOURCE_NAMES)[number];
export type ResourceAmounts = Record<ResourceName, number>;

/** One column of the UI's resources table. `allocated` is the row the UI labelled "Used" before 1.4. */
export interface ResourceRow {
  total: number;
  allocated: number;
  offered: number;
  idle: number;
}
export type ResourceTotals = Record<ResourceName, ResourceRow>;

const DECIMALS = 1e6;

/**
 * Rounds to 6 decimals, which removes the float noise Mesos itself prints (`0.0999999999999994`,
 * `1.24344978758018e-14`) while keeping every real resource amount (Mesos keeps scalars to 3 decimals).
 * Never returns `-0`.
 */
export function roundResource(value: number): number {
  return Math.round(value * DECIMALS) / DECIMALS + 0;
}

function scalar(resources: MesosResources | undefined, name: ResourceName): number {
  const value = resources?.[name];
  return typeof value === "number" ? value : 0;
}

function sum<T>(items: readonly T[] | undefined, value: (item: T) => number): number {
  let total = 0;
  for (const item of items ?? []) total += value(item);
  return total;
}

function amounts(value: (name: ResourceName) => number): ResourceAmounts {
  return { cpus: value("cpus"), gpus: value("gpus"), mem: value("mem"), disk: value("disk") };
}

/** Σ `offers[].resources`, or `offered_resources` when the framework has no `offers` list. */
function frameworkOffered(framework: MesosFramework, name: ResourceName): number {
  if (framework.offers) return sum(framework.offers, (offer) => scalar(offer.resources, name));
  return scalar(framework.offered_resources, name);
}

/** `resources` (= used + offered) minus the offers, or `used_resources` when there is no `resources`. */
function frameworkAllocated(framework: MesosFramework, name: ResourceName): number {
  if (framework.resources) return scalar(framework.resources, name) - frameworkOffered(framework, name);
  return scalar(framework.used_resources, name);
}

/**
 * The UI's resources table (Total, Allocated, Offered, Idle) for `cpus`, `gpus`, `mem` (MB) and `disk` (MB).
 *
 * - `total` = Σ `slaves[].resources.X` (registered agents only; `recovered_slaves` have no usage).
 * - `offered` = Σ frameworks Σ `offers[].resources.X`; for a framework without `offers`, its `offered_resources.X`.
 * - `allocated` = Σ frameworks `resources.X` − offered, as the UI does (`resources` is used + offered);
 *   for a framework without `resources`, its `used_resources.X`.
 * - If there are frameworks and none carries `resources` or `used_resources`, usage comes from the agents:
 *   `allocated` = Σ `slaves[].used_resources.X`, `offered` = Σ `slaves[].offered_resources.X`.
 * - `idle` = total − (offered + allocated); it is not clamped, so it can be negative like the UI's.
 *
 * Only `state.frameworks` count (not `completed_frameworks`). A missing value counts as 0, so `gpus` is 0
 * before 1.0. Sums are kept unrounded; each returned number goes through {@link roundResource}.
 */
export function resourceTotals(state: Pick<MesosState, "slaves" | "frameworks">): ResourceTotals {
  const fromAgents =
    state.frameworks.length > 0 &&
    state.frameworks.every((f) => f.resources === undefined && f.used_resources === undefined);
  const row = (name: ResourceName): ResourceRow => {
    const total = sum(state.slaves, (agent) => scalar(agent.resources, name));
    const offered = fromAgents
      ? sum(state.slaves, (agent) => scalar(agent.offered_resources, name))
      : sum(state.frameworks, (framework) => frameworkOffered(framework, name));
    const allocated = fromAgents
      ? sum(state.slaves, (agent) => scalar(agent.used_resources, name))
      : sum(state.frameworks, (framework) => frameworkAllocated(framework, name));
    const idle = total - (offered + allocated);
    return {
      total: roundResource(total),
      allocated: roundResource(allocated),
      offered: roundResource(offered),
      idle: roundResource(idle),
    };
  };
  return { cpus: row("cpus"), gpus: row("gpus"), mem: row("mem"), disk: row("disk") };
}

export interface AgentCounts {
  active: number;
  deactivated: number;
  unreachable: number;
  recovered: number;
}

/**
 * The UI's agents table. `active` is `activated_slaves` when the state has it, else the number of agents whose
 * `active` is not `false` (agents before ~0.21 have no `active` and count as active). `deactivated` is
 * `deactivated_slaves` when present, else the number with `active === false`. `unreachable` is
 * `unreachable_slaves` (≥1.2), else 0. `recovered` is `recovered_slaves.length` (≥1.2), else 0.
 */
export function agentCounts(
  state: Pick<
    MesosState,
    "slaves" | "activated_slaves" | "deactivated_slaves" | "unreachable_slaves" | "recovered_slaves"
  >,
): AgentCounts {
  const isActive = (agent: MesosAgent) => agent.active !== false;
  return {
    active: state.activated_slaves ?? state.slaves.filter(isActive).length,
    deactivated: state.deactivated_slaves ?? state.slaves.filter((agent) => !isActive(agent)).length,
    unreachable: state.unreachable_slaves ?? 0,
    recovered: state.recovered_slaves?.length ?? 0,
  };
}

/** Task counts by state; `other` collects states this list does not know. */
export interface TaskStateCounts {
  staging: number;
  starting: number;
  running: number;
  killing: number;
  finished: number;
  killed: number;
  failed: number;
  lost: number;
  error: number;
  dropped: number;
  unreachable: number;
  gone: number;
  gone_by_operator: number;
  unknown: number;
  other: number;
}
export type TaskStateName = Exclude<keyof TaskStateCounts, "other">;

export interface TaskCounts extends TaskStateCounts {
  source: "metrics" | "state";
}

const TASK_STATE_NAMES = [
  "staging",
  "starting",
  "running",
  "killing",
  "finished",
  "killed",
  "failed",
  "lost",
  "error",
  "dropped",
  "unreachable",
  "gone",
  "gone_by_operator",
  "unknown",
] as const satisfies readonly TaskStateName[];

/** Every state at 0. */
export function emptyTaskCounts(): TaskStateCounts {
  return {
    staging: 0,
    starting: 0,
    running: 0,
    killing: 0,
    finished: 0,
    killed: 0,
    failed: 0,
    lost: 0,
    error: 0,
    dropped: 0,
    unreachable: 0,
    gone: 0,
    gone_by_operator: 0,
    unknown: 0,
    other: 0,
  };
}

function isTaskStateName(name: string): name is TaskStateName {
  return (TASK_STATE_NAMES as readonly string[]).includes(name);
}

/** Counts tasks by their `state` (`TASK_RUNNING` → `running`); unrecognised states go to `other`. */
export function countTasksByState(tasks: readonly MesosTask[]): TaskStateCounts {
  const counts = emptyTaskCounts();
  for (const task of tasks) {
    const name = task.state.startsWith("TASK_") ? task.state.slice("TASK_".length).toLowerCase() : "";
    if (isTaskStateName(name)) counts[name] += 1;
    else counts.other += 1;
  }
  return counts;
}

function unreachableTaskCount(frameworks: readonly MesosFramework[]): number {
  return sum(frameworks, (framework) => framework.unreachable_tasks?.length ?? 0);
}

function frameworkTaskCounts(framework: MesosFramework): TaskStateCounts {
  const counts = countTasksByState([...(framework.tasks ?? []), ...(framework.completed_tasks ?? [])]);
  counts.unreachable = framework.unreachable_tasks?.length ?? 0;
  return counts;
}

// Metrics of a non-leader are all zero (docs/mesos/http.md#answers-of-a-non-leading-master), so they do not describe
// the cluster.
function usableMetrics(
  metrics: Readonly<Record<string, unknown>> | null,
): metrics is Readonly<Record<string, unknown>> {
  return metrics !== null && typeof metrics["master/tasks_running"] === "number" && metrics["master/elected"] !== 0;
}

/**
 * The UI's tasks table.
 *
 * - `source: "metrics"` when `metrics` (a `/metrics/snapshot` or legacy `/stats.json` body) has a numeric
 *   `master/tasks_running` and its `master/elected` is not 0: each count is `master/tasks_<state>` (a missing or
 *   non-numeric key counts 0). These are gauges for live states and counters since election for terminal ones.
 * - `source: "state"` otherwise: every task in `frameworks[].tasks` and `frameworks[].completed_tasks` counted by
 *   its `state`. Completed lists are capped by the master (1000 per framework), so terminal counts are lower bounds.
 * - `unreachable` always comes from the state, Σ `frameworks[].unreachable_tasks.length`, as in the UI.
 * - With metrics, `other` is 0, and so is `unknown` (Mesos has no `master/tasks_unknown`).
 */
export function taskCounts(
  state: Pick<MesosState, "frameworks">,
  metrics: Readonly<Record<string, unknown>> | null,
): TaskCounts {
  if (usableMetrics(metrics)) {
    const counts = emptyTaskCounts();
    for (const name of TASK_STATE_NAMES) {
      const value = metrics[`master/tasks_${name}`];
      counts[name] = typeof value === "number" ? value : 0;
    }
    counts.unreachable = unreachableTaskCount(state.frameworks);
    return { ...counts, source: "metrics" };
  }
  const counts = countTasksByState(state.frameworks.flatMap((f) => [...(f.tasks ?? []), ...(f.completed_tasks ?? [])]));
  counts.unreachable = unreachableTaskCount(state.frameworks);
  return { ...counts, source: "state" };
}

export interface FrameworkSummary {
  id: string;
  name: string;
  /** `active` as reported; a framework without the field counts as active. */
  active: boolean;
  /** `roles` (MULTI_ROLE frameworks), else `[role]`, else `[]`. */
  roles: string[];
  /** Tasks in `tasks` whose state is `TASK_RUNNING`. */
  runningTasks: number;
  /** Every task in `tasks` (staging, starting, running, killing…), the UI's "Active Tasks". */
  activeTasks: number;
  /** `tasks` + `completed_tasks` by state; `unreachable` = `unreachable_tasks.length`. */
  taskStates: TaskStateCounts;
  used: ResourceAmounts;
  offered: ResourceAmounts;
  /** used / cluster total per resource, 0 when the total is 0. */
  share: ResourceAmounts;
  /** The largest of `share` (the UI's `max_share`, the dominant share). */
  maxShare: number;
}

/**
 * One summary per entry of `state.frameworks`, in order. `used` is `used_resources.X`, or for frameworks
 * without `used_resources` (before ~0.24) `resources.X` minus the offered amount. `offered` is Σ
 * `offers[].resources.X`, or `offered_resources.X` without `offers`. `share` divides the unrounded `used` by the
 * cluster total Σ `slaves[].resources.X`. Every number goes through {@link roundResource}.
 */
export function frameworkSummaries(state: Pick<MesosState, "slaves" | "frameworks">): FrameworkSummary[] {
  const totals = amounts((name) => sum(state.slaves, (agent) => scalar(agent.resources, name)));
  return state.frameworks.map((framework) => {
    const usedRaw = amounts((name) =>
      framework.used_resources ? scalar(framework.used_resources, name) : frameworkAllocated(framework, name),
    );
    const share = amounts((name) => (totals[name] > 0 ? usedRaw[name] / totals[name] : 0));
    const tasks = framework.tasks ?? [];
    return {
      id: framework.id,
      name: framework.name,
      active: framework.active !== false,
      roles: framework.roles ?? (framework.role === undefined ? [] : [framework.role]),
      runningTasks: tasks.filter((task) => task.state === "TASK_RUNNING").length,
      activeTasks: tasks.length,
      taskStates: frameworkTaskCounts(framework),
      used: amounts((name) => roundResource(usedRaw[name])),
      offered: amounts((name) => roundResource(frameworkOffered(framework, name))),
      share: amounts((name) => roundResource(share[name])),
      maxShare: roundResource(Math.max(...RESOURCE_NAMES.map((name) => share[name]))),
    };
  });
}
