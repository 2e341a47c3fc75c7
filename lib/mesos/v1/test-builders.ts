// Test helper: small v1 objects and events, shaped as a master writes them, and the check every model test makes.
// It does not import vitest, so that benchmark scripts can use it too.
import { deepStrictEqual } from "node:assert/strict";
import { parseMesosState } from "@/lib/mesos/schemas";
import { agentCounts, frameworkSummaries, resourceTotals, taskCounts } from "@/lib/mesos/totals";
import type {
  MasterEvent,
  V1Executor,
  V1Framework,
  V1GetAgentsAgent,
  V1GetState,
  V1Offer,
  V1Resource,
  V1Task,
} from "./schemas";
import type { StreamModel } from "./stream-model";

export interface Amounts {
  cpus?: number;
  mem?: number;
  disk?: number;
  gpus?: number;
  ports?: [number, number][];
  role?: string;
}

export const id = (value: string) => ({ value });

export function resources(amounts: Amounts): V1Resource[] {
  const allocation = amounts.role === undefined ? {} : { allocation_info: { role: amounts.role } };
  const list: V1Resource[] = [];
  for (const name of ["cpus", "gpus", "mem", "disk"] as const) {
    const value = amounts[name];
    if (value !== undefined) list.push({ name, type: "SCALAR", scalar: { value }, role: "*", ...allocation });
  }
  if (amounts.ports) {
    const range = amounts.ports.map(([begin, end]) => ({ begin, end }));
    list.push({ name: "ports", type: "RANGES", ranges: { range }, role: "*", ...allocation });
  }
  return list;
}

export function agent(
  agentId: string,
  amounts: Amounts,
  extra: Partial<Omit<V1GetAgentsAgent, "agent_info">> = {},
): V1GetAgentsAgent {
  const total = resources(amounts);
  return {
    agent_info: { hostname: `${agentId}.example.com`, port: 5051, resources: total, id: id(agentId) },
    active: true,
    deactivated: false,
    version: "1.11.0",
    pid: `slave(1)@10.0.0.1:5051`,
    registered_time: { nanoseconds: 1_700_000_000_000_000_000 },
    total_resources: total,
    ...extra,
  };
}

export function framework(
  frameworkId: string,
  options: { name?: string; roles?: string[]; role?: string; active?: boolean; offers?: V1Offer[] } = {},
): V1Framework {
  const multiRole = options.roles !== undefined;
  return {
    framework_info: {
      user: "root",
      name: options.name ?? frameworkId,
      id: id(frameworkId),
      failover_timeout: 0,
      checkpoint: false,
      ...(multiRole ? { roles: options.roles } : options.role === undefined ? {} : { role: options.role }),
      capabilities: multiRole ? [{ type: "MULTI_ROLE" }] : [],
    },
    active: options.active ?? true,
    connected: true,
    recovered: false,
    registered_time: { nanoseconds: 1_700_000_000_000_000_000 },
    ...(options.offers ? { offers: options.offers } : {}),
  };
}

export function task(frameworkId: string, taskId: string, agentId: string, state: string, amounts: Amounts): V1Task {
  return {
    name: taskId,
    task_id: id(taskId),
    framework_id: id(frameworkId),
    agent_id: id(agentId),
    state,
    resources: resources(amounts),
    statuses: [],
  };
}

export function offer(frameworkId: string, offerId: string, agentId: string, amounts: Amounts): V1Offer {
  return {
    id: id(offerId),
    framework_id: id(frameworkId),
    agent_id: id(agentId),
    hostname: `${agentId}.example.com`,
    resources: resources(amounts),
  };
}

export function executor(frameworkId: string, executorId: string, agentId: string, amounts: Amounts): V1Executor {
  return {
    executor_info: { executor_id: id(executorId), framework_id: id(frameworkId), resources: resources(amounts) },
    agent_id: id(agentId),
  };
}

export const events = {
  subscribed: (getState: V1GetState): MasterEvent => ({
    type: "SUBSCRIBED",
    subscribed: { get_state: getState, heartbeat_interval_seconds: 15 },
  }),
  taskAdded: (added: V1Task): MasterEvent => ({ type: "TASK_ADDED", task_added: { task: added } }),
  /** `state` is the latest state; `forwarded` the status being forwarded (defaults to `state`). */
  taskUpdated: (
    frameworkId: string,
    taskId: string,
    agentId: string,
    state: string,
    forwarded = state,
  ): MasterEvent => ({
    type: "TASK_UPDATED",
    task_updated: {
      framework_id: id(frameworkId),
      status: { task_id: id(taskId), state: forwarded, agent_id: id(agentId), timestamp: 1_700_000_000.5 },
      state,
    },
  }),
  agentAdded: (added: V1GetAgentsAgent): MasterEvent => ({ type: "AGENT_ADDED", agent_added: { agent: added } }),
  agentRemoved: (agentId: string): MasterEvent => ({ type: "AGENT_REMOVED", agent_removed: { agent_id: id(agentId) } }),
  frameworkAdded: (added: V1Framework): MasterEvent => ({
    type: "FRAMEWORK_ADDED",
    framework_added: { framework: added },
  }),
  frameworkUpdated: (updated: V1Framework): MasterEvent => ({
    type: "FRAMEWORK_UPDATED",
    framework_updated: { framework: updated },
  }),
  frameworkRemoved: (frameworkId: string): MasterEvent => ({
    type: "FRAMEWORK_REMOVED",
    framework_removed: { framework_info: { user: "root", name: frameworkId, id: id(frameworkId) } },
  }),
  heartbeat: (): MasterEvent => ({ type: "HEARTBEAT" }),
};

/** The model's totals are exactly totals.ts on its snapshot, and the snapshot passes the legacy schema. */
export function expectConsistent(model: StreamModel): void {
  const state = model.snapshot();
  const parsed = parseMesosState(state);
  if (!parsed.ok) throw new Error(`snapshot does not parse: ${parsed.error}`);
  const totals = model.totals();
  // deepStrictEqual compares numbers with Object.is: exact doubles, not approximately equal ones.
  deepStrictEqual(totals.agents, agentCounts(state));
  deepStrictEqual(totals.resources, resourceTotals(state));
  deepStrictEqual(totals.frameworks, frameworkSummaries(state));
  const fromState = taskCounts(state, null);
  if (totals.tasks.source === "state") deepStrictEqual(totals.tasks, fromState);
  else {
    // Terminal states come from the master's counters (reduce-polls.ts applyGetMetrics); the rest from the state.
    for (const name of ["staging", "starting", "running", "killing", "unreachable", "unknown", "other"] as const)
      deepStrictEqual(totals.tasks[name], fromState[name]);
  }
}
