// One row per agent for the agents page (pure): registered agents from `slaves`, and agents the registry knows but
// that have not re-registered with this leader yet from `recovered_slaves` (≥1.2).
import type { MesosAgent, MesosState } from "./schemas-state";
import { RESOURCE_NAMES, type ResourceAmounts, roundResource } from "./totals";

export type AgentStatus = "active" | "deactivated" | "draining" | "drained" | "recovered";

export interface AgentRow {
  id: string;
  hostname: string;
  /** The stock UI's label: "Active", the drain state ("Draining"), or "Deactivated"; "Recovered" for recovered agents. */
  state: string;
  status: AgentStatus;
  total: ResourceAmounts;
  allocated: ResourceAmounts;
  attributes: Record<string, string>;
  /** ISO time of the (re-)registration, null when unknown. */
  registeredAt: string | null;
  version: string | null;
}

function amounts(resources: Record<string, unknown> | undefined): ResourceAmounts {
  const value = (name: string) =>
    typeof resources?.[name] === "number" ? roundResource(resources[name] as number) : 0;
  return Object.fromEntries(RESOURCE_NAMES.map((name) => [name, value(name)])) as ResourceAmounts;
}

function attributes(value: Record<string, unknown> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(value ?? {}).map(([key, v]) => [key, String(v)]));
}

function timestamp(agent: MesosAgent): string | null {
  const seconds = agent.reregistered_time ?? agent.registered_time;
  return typeof seconds === "number" ? new Date(seconds * 1000).toISOString() : null;
}

function statusOf(agent: MesosAgent): { state: string; status: AgentStatus } {
  if (agent.deactivated !== true && agent.active !== false) return { state: "Active", status: "active" };
  const drain = agent.drain_info?.state;
  if (drain) {
    const label = drain.charAt(0).toUpperCase() + drain.slice(1).toLowerCase();
    return { state: label, status: drain.toUpperCase() === "DRAINED" ? "drained" : "draining" };
  }
  return { state: "Deactivated", status: "deactivated" };
}

export function agentRows(state: Pick<MesosState, "slaves" | "recovered_slaves">): AgentRow[] {
  const registered = state.slaves.map((agent): AgentRow => {
    // Before ~0.24 agents have no used_resources: nothing allocated is known per agent.
    return {
      id: agent.id,
      hostname: agent.hostname,
      ...statusOf(agent),
      total: amounts(agent.resources),
      allocated: amounts(agent.used_resources),
      attributes: attributes(agent.attributes),
      registeredAt: timestamp(agent),
      version: agent.version ?? null,
    };
  });
  const recovered = (state.recovered_slaves ?? []).map((agent): AgentRow => ({
    id: agent.id,
    hostname: agent.hostname,
    state: "Recovered",
    status: "recovered",
    total: amounts(agent.resources),
    allocated: amounts(undefined),
    attributes: attributes(agent.attributes),
    registeredAt: null,
    version: null,
  }));
  return [...registered, ...recovered];
}
