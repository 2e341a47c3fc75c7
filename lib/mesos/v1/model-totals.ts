// The dashboard's totals read straight from the model, equal to `agentCounts`, `resourceTotals`,
// `frameworkSummaries` and `taskCounts(…, null)` of lib/mesos/totals.ts on `snapshot()`, without building it.
//
// Why they are equal, number for number (the property test in stream-model.test.ts checks it after every event):
// - Counts are integers kept by the reducers (model-index.ts), so they are exact in any order.
// - A framework's used resources are kept in exact thousandths, as Mesos keeps them; the snapshot writes
//   `fromMilli(thousandths)` and so does this, so both read the same double.
// - totals.ts adds doubles left to right, and floating-point addition is not associative: a running total that is
//   updated by subtracting a framework's old amount and adding its new one drifts from the left fold. So the cluster
//   sums are computed as totals.ts computes them, from the same doubles in the same order (Map order is the snapshot's
//   order), with the same operations: over frameworks (O(frameworks), a few hundred at most) on each read after a
//   change, over agents (O(agents)) only after an agent left or changed its total; a new agent is appended to the
//   agents fold in O(1), which is exactly the next step of the left fold.
import {
  RESOURCE_NAMES,
  roundResource,
  type AgentCounts,
  type FrameworkSummary,
  type ResourceAmounts,
  type ResourceTotals,
  type TaskCounts,
  type TaskStateCounts,
} from "@/lib/mesos/totals";
import { fromMilli } from "./resources";
import { capabilityNames } from "./to-legacy";
import type { FrameworkEntry, ModelData } from "./model-types";

export interface ModelTotals {
  agents: AgentCounts;
  resources: ResourceTotals;
  frameworks: FrameworkSummary[];
  tasks: TaskCounts;
}

const amounts = (value: (name: (typeof RESOURCE_NAMES)[number]) => number): ResourceAmounts => ({
  cpus: value("cpus"),
  gpus: value("gpus"),
  mem: value("mem"),
  disk: value("disk"),
});

/** Σ agents' total in agent order; cached in the model until an agent leaves or changes. */
export function agentTotalFold(model: ModelData): ResourceAmounts {
  if (model.agentTotalFold) return model.agentTotalFold;
  const fold = { cpus: 0, gpus: 0, mem: 0, disk: 0 };
  for (const agent of model.agents.values()) {
    for (const name of RESOURCE_NAMES) {
      const value = agent.total[name];
      fold[name] += typeof value === "number" ? value : 0;
    }
  }
  return (model.agentTotalFold = fold);
}

/** A framework's `used_resources.X` in the snapshot. */
function used(framework: FrameworkEntry, name: string): number {
  return fromMilli(framework.used.get(name) ?? 0);
}

/** A framework's `resources.X` in the snapshot: used + offered, added in thousandths. */
function usedAndOffered(framework: FrameworkEntry, name: string): number {
  return fromMilli((framework.used.get(name) ?? 0) + (framework.offered.get(name) ?? 0));
}

function resourceTotals(model: ModelData, total: ResourceAmounts): ResourceTotals {
  // As in totals.ts: every snapshot framework has `resources`, so usage comes from frameworks, never from agents.
  const row = (name: (typeof RESOURCE_NAMES)[number]) => {
    let offered = 0;
    let allocated = 0;
    for (const framework of model.frameworks.values()) {
      offered += framework.offeredFold[name];
      allocated += usedAndOffered(framework, name) - framework.offeredFold[name];
    }
    const idle = total[name] - (offered + allocated);
    return {
      total: roundResource(total[name]),
      allocated: roundResource(allocated),
      offered: roundResource(offered),
      idle: roundResource(idle),
    };
  };
  return { cpus: row("cpus"), gpus: row("gpus"), mem: row("mem"), disk: row("disk") };
}

function frameworkSummary(framework: FrameworkEntry, total: ResourceAmounts): FrameworkSummary {
  const info = framework.framework.framework_info;
  const usedRaw = amounts((name) => used(framework, name));
  const share = amounts((name) => (total[name] > 0 ? usedRaw[name] / total[name] : 0));
  const multiRole = capabilityNames(info.capabilities).includes("MULTI_ROLE");
  return {
    id: framework.id,
    name: info.name,
    active: framework.framework.active,
    roles: multiRole ? [...(info.roles ?? [])] : [info.role ?? "*"],
    runningTasks: framework.running,
    activeTasks: framework.active.size,
    taskStates: { ...framework.counts, unreachable: framework.unreachable.size },
    used: amounts((name) => roundResource(usedRaw[name])),
    offered: amounts((name) => roundResource(framework.offeredFold[name])),
    share: amounts((name) => roundResource(share[name])),
    maxShare: roundResource(Math.max(...RESOURCE_NAMES.map((name) => share[name]))),
  };
}

/** The task states the master counts with a counter that only grows (`master/tasks_finished`…). */
const TERMINAL_COUNTS = [
  "finished",
  "killed",
  "failed",
  "lost",
  "error",
  "dropped",
  "gone",
  "gone_by_operator",
] as const satisfies readonly (keyof TaskStateCounts)[];

export function modelTotals(model: ModelData): ModelTotals {
  const total = agentTotalFold(model);
  const tasks: TaskStateCounts = { ...model.taskCounts, unreachable: model.unreachableTasks };
  // Terminal states as the stock UI shows them: the master's counters, brought up to date by the events since.
  const counters = model.taskCounters;
  if (counters) {
    for (const name of TERMINAL_COUNTS) tasks[name] = counters.metrics[name] + counters.since[name];
  }
  return {
    agents: {
      active: model.activeAgents,
      deactivated: model.agents.size - model.activeAgents,
      unreachable: model.unreachableAgents ?? 0,
      recovered: model.recovered.size,
    },
    resources: resourceTotals(model, total),
    frameworks: [...model.frameworks.values()].map((framework) => frameworkSummary(framework, total)),
    tasks: { ...tasks, source: counters ? "metrics" : "state" },
  };
}
