import { describe, expect, it } from "vitest";
import { type FaultPlan, type Situation, chooseFault, pauseAfter } from "./faults";
import { seededRng, weightedPick } from "./random";

const whole: Situation = {
  clusters: [0, 1].map(() => ({
    masters: ["m1", "m2", "m3"].map((id) => ({
      id,
      state: "running" as const,
      restarting: false,
      leader: id === "m1",
    })),
  })),
  zkServers: [1, 2, 3],
  zkDown: [],
  hostileLive: 0,
};

function plans(seed: number, count: number, situation: Situation = whole): (FaultPlan | null)[] {
  const rng = seededRng(seed);
  return Array.from({ length: count }, () => {
    const plan = chooseFault(rng, situation);
    pauseAfter(rng);
    return plan;
  });
}

describe("the seeded fault choice", () => {
  it("makes the same plans from the same seed, and other plans from another", () => {
    expect(plans(42, 200)).toEqual(plans(42, 200));
    expect(plans(42, 200)).not.toEqual(plans(43, 200));
  });

  it("chooses every kind of fault in a long run", () => {
    const kinds = new Set(plans(5, 2_000).map((p) => p?.kind));
    // master.start and zk.start need something stopped first.
    expect([...kinds].sort()).toEqual(
      [
        "dashboard.restart",
        "dashboard.session-expiry",
        "hostile.znode",
        "leader.garbage",
        "master.kill",
        "master.pause",
        "master.stop",
        "zk.quorum-loss",
        "zk.stop",
      ].sort(),
    );
  });

  it("keeps two masters running, starts what is stopped, and loses quorum only from a whole ensemble", () => {
    const degraded: Situation = {
      clusters: [
        {
          masters: [
            { id: "m1", state: "stopped", restarting: false, leader: false },
            { id: "m2", state: "stopped", restarting: true, leader: false },
            { id: "m3", state: "running", restarting: false, leader: true },
          ],
        },
      ],
      zkServers: [1, 2, 3],
      zkDown: [2],
      hostileLive: 3,
    };
    for (const plan of plans(9, 500, degraded)) {
      expect([
        "master.kill",
        "master.pause",
        "master.stop",
        "zk.stop",
        "zk.quorum-loss",
        "hostile.znode",
      ]).not.toContain(plan?.kind);
      if (plan?.kind === "master.start") expect(plan.master).toBe("m1");
      if (plan?.kind === "zk.start") expect(plan.server).toBe(2);
    }
    const quorum = plans(3, 2_000).find((p) => p?.kind === "zk.quorum-loss");
    expect(quorum).toMatchObject({ servers: expect.any(Array) });
    if (quorum?.kind === "zk.quorum-loss") expect(quorum.servers).toHaveLength(2);
  });

  it("weights choices and never picks a zero weight", () => {
    const rng = seededRng(1);
    const picks = Array.from({ length: 1_000 }, () =>
      weightedPick(rng, [
        { value: "a", weight: 3 },
        { value: "b", weight: 1 },
        { value: "c", weight: 0 },
      ]),
    );
    expect(picks).not.toContain("c");
    const a = picks.filter((p) => p === "a").length;
    expect(a).toBeGreaterThan(650);
    expect(a).toBeLessThan(850);
    expect(weightedPick(rng, [{ value: "x", weight: 0 }])).toBeNull();
  });
});
