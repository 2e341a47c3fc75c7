import { describe, expect, it } from "vitest";
import { readMesosFixture } from "./fixtures";
import { agentRows } from "./agents";
import { parseMesosState } from "./schemas";

function state(name: Parameters<typeof readMesosFixture>[0]) {
  const parsed = parseMesosState(readMesosFixture(name));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

describe("agentRows", () => {
  it("lists the 0.19 agents, which carry no usage, with their registration time and attributes", () => {
    const rows = agentRows(state("state_0_19"));
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.status === "active" && r.allocated.cpus === 0)).toBe(true);
    expect(rows[0]?.registeredAt).toMatch(/^2014-06-/);
    expect(rows[0]?.total.cpus).toBeGreaterThan(0);
  });

  it("lists every agent of a production 0.27 state", () => {
    const raw = readMesosFixture("state_0_27") as { slaves: unknown[] };
    expect(agentRows(state("state_0_27"))).toHaveLength(raw.slaves.length);
  });

  it("labels agents like the stock UI: Active, the drain state, Deactivated; and lists recovered agents", () => {
    const rows = agentRows({
      slaves: [
        {
          id: "a",
          hostname: "h1",
          resources: { cpus: 4 },
          used_resources: { cpus: 1.5, mem: 512 },
          attributes: { rack: "r1", n: 3 },
        },
        { id: "b", hostname: "h2", resources: {}, deactivated: true, drain_info: { state: "DRAINING" } },
        { id: "c", hostname: "h3", resources: {}, active: false },
      ],
      recovered_slaves: [{ id: "d", hostname: "h4", resources: { cpus: 2 } }],
    });
    expect(rows.map((r) => [r.id, r.state, r.status])).toEqual([
      ["a", "Active", "active"],
      ["b", "Draining", "draining"],
      ["c", "Deactivated", "deactivated"],
      ["d", "Recovered", "recovered"],
    ]);
    expect(rows[0]).toMatchObject({
      allocated: { cpus: 1.5, mem: 512, gpus: 0, disk: 0 },
      attributes: { rack: "r1", n: "3" },
    });
  });
});
