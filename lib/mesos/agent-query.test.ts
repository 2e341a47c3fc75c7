import { describe, expect, it } from "vitest";
import type { AgentRow } from "./agents";
import { agentPageSearch, matchesAgent, parseAgentPageRequest, selectAgents } from "./agent-query";

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

describe("page requests", () => {
  it("round-trips through the query string, with defaults for what is left out", () => {
    const request = {
      offset: 200,
      limit: 100,
      text: "rack:r1 & x",
      status: "drained",
      sort: "cpus",
      descending: true,
    } as const;
    expect(parseAgentPageRequest(new URLSearchParams(agentPageSearch(request)))).toEqual({ ok: true, value: request });
    expect(parseAgentPageRequest(new URLSearchParams(""))).toEqual({
      ok: true,
      value: { offset: 0, limit: 100, text: "", status: "all", sort: "hostname", descending: false },
    });
  });

  it.each([
    ["limit=0", /limit is at least 1/],
    ["limit=501", /limit is at most 500/],
    ["offset=-1", /offset is at least 0/],
    ["offset=x", /offset must be a number/],
    ["sort=password", /sort must be one of/],
    ["status=gone", /status must be one of/],
    ["desc=yes", /desc must be 0 or 1/],
    [`q=${"x".repeat(201)}`, /q is at most 200/],
    ["limit=1&limit=2", /limit may be given once/],
    ["admin=1", /admin/],
  ])("refuses %s", (search, message) => {
    const parsed = parseAgentPageRequest(new URLSearchParams(search));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(typeof parsed.error === "string" ? parsed.error : parsed.error.message).toMatch(message);
  });

  it("orders ties by hostname and then id, so pages never overlap", () => {
    const rows = [row("S2", "same"), row("S1", "same"), row("S3", "other")];
    expect(selectAgents(rows, { text: "", status: "all", sort: "cpus", descending: false }).map((r) => r.id)).toEqual([
      "S3",
      "S1",
      "S2",
    ]);
  });
});
