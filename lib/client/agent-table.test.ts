import { describe, expect, it } from "vitest";
import type { AgentRow } from "@/lib/mesos/agents";
import { matchesAgent, selectAgents, visibleRange } from "./agent-table";

const zero = { cpus: 0, gpus: 0, mem: 0, disk: 0 };
function row(id: string, hostname: string, overrides: Partial<AgentRow> = {}): AgentRow {
  return {
    id,
    hostname,
    state: "Active",
    status: "active",
    total: { ...zero, cpus: 4 },
    allocated: { ...zero },
    attributes: {},
    registeredAt: null,
    version: null,
    ...overrides,
  };
}

describe("selectAgents", () => {
  const rows = [
    row("S1", "agent-0002", { allocated: { ...zero, cpus: 3 }, attributes: { rack: "r1" } }),
    row("S2", "agent-0001", { allocated: { ...zero, cpus: 1 }, attributes: { rack: "r2" } }),
    row("S3", "agent-0003", { status: "deactivated", state: "Deactivated" }),
  ];

  it("filters by text over hostname, id, state and attributes, and by status", () => {
    expect(
      selectAgents(rows, { text: "rack:r2", status: "all", sort: "hostname", descending: false }).map((r) => r.id),
    ).toEqual(["S2"]);
    expect(
      selectAgents(rows, { text: "AGENT-000", status: "active", sort: "hostname", descending: false }).map((r) => r.id),
    ).toEqual(["S2", "S1"]);
    expect(
      selectAgents(rows, { text: "deact", status: "all", sort: "hostname", descending: false }).map((r) => r.id),
    ).toEqual(["S3"]);
    expect(matchesAgent(rows[0] as AgentRow, "  ")).toBe(true);
  });

  it("sorts by allocation share and by name, either way", () => {
    expect(selectAgents(rows, { text: "", status: "all", sort: "cpus", descending: true }).map((r) => r.id)).toEqual([
      "S1",
      "S2",
      "S3",
    ]);
    expect(
      selectAgents(rows, { text: "", status: "all", sort: "hostname", descending: true }).map((r) => r.id),
    ).toEqual(["S3", "S1", "S2"]);
  });
});

it("renders only the rows in view, with overscan, within bounds", () => {
  expect(visibleRange(0, 600, 36, 10_000, 8)).toEqual({ start: 0, end: 26 });
  expect(visibleRange(36_000, 600, 36, 10_000, 8)).toEqual({ start: 992, end: 1026 });
  expect(visibleRange(1_000_000, 600, 36, 100, 8)).toEqual({ start: 100, end: 100 });
});
