import { describe, expect, it } from "vitest";
import type { MasterView } from "@/lib/shared/cluster-state";
import { type GuardMaster, effectiveQuorum, guardAction, guardMastersOf, rollingRestartPlan } from "./quorum";

const m = (n: number, overrides: Partial<GuardMaster> = {}): GuardMaster => ({
  id: `m${n}`,
  label: `10.0.0.${n}:5050`,
  sequence: n,
  isLeader: n === 1,
  reachable: true,
  ...overrides,
});
const three = [m(1), m(2), m(3)];

describe("guardAction", () => {
  it("allows stopping one standby of three with quorum 2, and says there is no failover", () => {
    const decision = guardAction("stop", "m3", three, 2);
    expect(decision).toMatchObject({ allowed: true, reason: null, runningAfter: 2, quorum: 2 });
    expect(decision.consequence).toBe(
      "10.0.0.3:5050 is a standby: no failover. 2 masters of 3 keep running (quorum of 2).",
    );
  });

  it("refuses stopping a second master of three with quorum 2, and explains why", () => {
    const decision = guardAction("stop", "m2", [m(1), m(2), m(3, { reachable: false })], 2);
    expect(decision.allowed).toBe(false);
    expect(decision.reason).toBe(
      "stopping 10.0.0.2:5050 would leave 1 running master, fewer than the quorum of 2: the registry could not be written and an elected master would abort after --registry_fetch_timeout",
    );
  });

  it("names the next leader when the leader is the target", () => {
    expect(guardAction("restart", "m1", three, 2).consequence).toBe(
      "10.0.0.1:5050 is the leader: a failover follows once its ZooKeeper session expires; next in line is 10.0.0.2:5050. 2 masters of 3 keep running while it restarts (quorum of 2). It rejoins with a new, higher sequence.",
    );
  });

  it("refuses a restart that would dip below quorum while the master is down", () => {
    expect(guardAction("restart", "m1", [m(1), m(2)], 2)).toMatchObject({ allowed: false, runningAfter: 1 });
  });

  it("refuses stopping the last master even with quorum 1", () => {
    expect(guardAction("stop", "m1", [m(1)], 1).reason).toBe(
      "stopping 10.0.0.1:5050 would leave no master running at all",
    );
  });

  it("assumes a majority when no quorum is configured, and lets a master already down be stopped", () => {
    expect(guardAction("stop", "m3", three, null)).toMatchObject({ allowed: true, quorum: 2 });
    expect(guardAction("stop", "m3", [m(1), m(2, { reachable: false }), m(3, { reachable: false })], 2)).toMatchObject({
      allowed: true,
      runningAfter: 1,
    });
  });

  it("always allows a start, and refuses acting on a master that is not listed", () => {
    expect(guardAction("start", "m9", three, 2)).toMatchObject({ allowed: true, runningAfter: 4 });
    expect(guardAction("stop", "m9", three, 2)).toMatchObject({
      allowed: false,
      reason: "this master is not listed now",
    });
  });
});

const view = (n: number, overrides: Partial<MasterView> = {}): MasterView => ({
  id: `json.info_000000000${n}`,
  sequence: n,
  format: "json",
  hostname: `10.0.0.${n}`,
  ip: `10.0.0.${n}`,
  port: 5050,
  pid: null,
  version: "1.11.0",
  url: `http://10.0.0.${n}:5050`,
  blocked: null,
  impostor: null,
  isLeader: n === 1,
  reachable: true,
  elected: null,
  error: null,
  reachableSince: null,
  ...overrides,
});

describe("guardMastersOf", () => {
  const garbage = view(4, { hostname: null, ip: null, port: null, url: null, reachable: null, error: "not JSON" });

  it("leaves out a znode that does not decode, so it is never counted as a running master", () => {
    const masters = guardMastersOf([view(1), view(2), view(3, { reachable: false }), garbage]);
    expect(masters.map((x) => x.label)).toEqual(["10.0.0.1:5050", "10.0.0.2:5050", "10.0.0.3:5050"]);
    // Counted, the never-probed garbage znode would have looked like a third running master and let this through.
    expect(guardAction("stop", "json.info_0000000002", masters, 2)).toMatchObject({ allowed: false, runningAfter: 1 });
  });

  it("counts a restarted master once while its old znode lingers, under its newest znode, leading if either leads", () => {
    // 10.0.0.2 restarted: its old znode (sequence 2) stays until its session expires, beside the new one (5).
    const restarted = view(5, { hostname: "10.0.0.2", ip: "10.0.0.2", url: "http://10.0.0.2:5050", isLeader: false });
    const masters = guardMastersOf([view(1), view(2), view(3, { reachable: false }), restarted]);
    expect(masters.map((x) => [x.label, x.id, x.staleIds ?? []])).toEqual([
      ["10.0.0.1:5050", "json.info_0000000001", []],
      ["10.0.0.2:5050", "json.info_0000000005", ["json.info_0000000002"]],
      ["10.0.0.3:5050", "json.info_0000000003", []],
    ]);
    // Counted twice, 10.0.0.2 would have looked like two running masters and let the leader's stop through.
    expect(guardAction("stop", "json.info_0000000001", masters, 2)).toMatchObject({ allowed: false, runningAfter: 1 });
    expect(guardAction("stop", "json.info_0000000001", masters, null)).toMatchObject({ quorum: 2 });
    // Either znode names the same master.
    expect(guardAction("restart", "json.info_0000000002", masters, 2)).toMatchObject({
      allowed: false,
      runningAfter: 1,
    });

    const ghostLeads = guardMastersOf([
      view(2, { isLeader: true }),
      view(3),
      { ...restarted, sequence: 4, id: "json.info_0000000004" },
    ]);
    expect(ghostLeads.find((x) => x.label === "10.0.0.2:5050")).toMatchObject({
      id: "json.info_0000000004",
      isLeader: true,
    });
  });
});

describe("effectiveQuorum", () => {
  it("is the configured quorum, or else a majority of the masters", () => {
    expect(effectiveQuorum(2, 5)).toBe(2);
    expect([1, 2, 3, 4, 5].map((n) => effectiveQuorum(null, n))).toEqual([1, 2, 2, 3, 3]);
    expect(effectiveQuorum(null, 0)).toBe(1);
  });
});

describe("rollingRestartPlan", () => {
  it("restarts the standbys first, newest sequence first, and the leader last", () => {
    const plan = rollingRestartPlan([view(1), view(2), view(3)], null);
    expect(plan.order.map((m) => m.id)).toEqual([
      "json.info_0000000003",
      "json.info_0000000002",
      "json.info_0000000001",
    ]);
    expect(plan.decision).toMatchObject({ allowed: true, reason: null, quorum: 2, runningAfter: 2 });
    expect(plan.decision.consequence).toContain(
      "Restarts the 3 masters one at a time, standbys first and the leader last",
    );
  });

  it("is refused with the guard's first reason when restarting any master would break the quorum", () => {
    const plan = rollingRestartPlan([view(1), view(2), view(3, { reachable: false })], 2);
    expect(plan.decision.allowed).toBe(false);
    expect(plan.decision.reason).toContain("restarting 10.0.0.2:5050 would leave 1 running master while it restarts");
    expect(plan.decision.consequence).toContain("Restarts the 3 masters");
  });

  it("counts a restarted master once and leaves out undecodable znodes, as the guard does", () => {
    const restarted = view(5, { hostname: "10.0.0.2", ip: "10.0.0.2", url: "http://10.0.0.2:5050", isLeader: false });
    const garbage = view(6, { hostname: null, ip: null, port: null, url: null, reachable: null, error: "not JSON" });
    const plan = rollingRestartPlan([view(1), view(2), view(3), restarted, garbage], null);
    expect(plan.order.map((m) => m.label)).toEqual(["10.0.0.2:5050", "10.0.0.3:5050", "10.0.0.1:5050"]);
  });
});

describe("a master that does not answer as itself", () => {
  it("counts as not running for the guard", () => {
    const masters = [1, 2, 3].map((n) => view(n, { isLeader: n === 1 }));
    masters.push(view(4, { impostor: "answers /health, but its /metrics/snapshot is not a Mesos master's" }));
    const counted = guardMastersOf(masters);
    expect(counted.find((m) => m.id === masters[3]?.id)?.reachable).toBe(false);
    expect(guardAction("stop", masters[1]?.id ?? "", counted, null)).toMatchObject({ allowed: false, runningAfter: 2 });
  });
});
