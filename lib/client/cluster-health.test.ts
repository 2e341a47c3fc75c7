import { describe, expect, it } from "vitest";
import type { ClusterStateView, MasterView } from "@/lib/shared/cluster-state";
import { clusterHealth } from "./cluster-health";

function master(n: number, overrides: Partial<MasterView> = {}): MasterView {
  return {
    id: `json.info_000000000${n}`,
    sequence: n,
    format: "json",
    hostname: `10.0.0.${n}`,
    ip: `10.0.0.${n}`,
    port: 5050,
    pid: `master@10.0.0.${n}:5050`,
    version: "1.11.0",
    url: `http://10.0.0.${n}:5050`,
    blocked: null,
    impostor: null,
    isLeader: n === 1,
    reachable: true,
    elected: n === 1,
    error: null,
    reachableSince: null,
    ...overrides,
  };
}

function state(overrides: Partial<ClusterStateView> = {}): ClusterStateView {
  return {
    clusterId: 1,
    name: "prod",
    version: 3,
    leader: {
      id: "json.info_0000000001",
      hostname: "10.0.0.1",
      port: 5050,
      pid: "master@10.0.0.1:5050",
      version: "1.11.0",
      url: "http://10.0.0.1:5050",
      electedAt: null,
    },
    noLeaderSince: null,
    masters: [master(1), master(2), master(3)],
    zk: { status: "connected", stale: false, since: null, error: null },
    disputed: null,
    poll: {
      status: "ok",
      error: null,
      lastSuccessAt: null,
      source: null,
      durationMs: null,
      bytes: null,
      intervalMs: 3000,
      mode: "poll",
      modeReason: null,
      stream: null,
    },
    mesos: null,
    agents: null,
    resources: null,
    frameworks: [],
    tasks: null,
    updatedAt: "2026-01-01T00:00:00.000Z",
    ...overrides,
  };
}

describe("clusterHealth", () => {
  it("is ok with every master up, and says how many may fail", () => {
    expect(clusterHealth(state(), 2)).toMatchObject({
      level: "ok",
      mastersUp: 3,
      mastersTotal: 3,
      quorum: 2,
      quorumSource: "cluster",
      margin: 1,
      reason: "3 of 3 masters up; 1 may fail without losing quorum",
    });
  });

  it("assumes a majority when the cluster has no quorum configured", () => {
    expect(
      clusterHealth(state({ masters: [master(1), master(2), master(3), master(4), master(5)] }), null),
    ).toMatchObject({ quorum: 3, quorumSource: "majority", margin: 2 });
  });

  it("counts a restarted master once while its old znode lingers beside the new one", () => {
    const restarted = master(4, {
      hostname: "10.0.0.2",
      ip: "10.0.0.2",
      url: "http://10.0.0.2:5050",
      pid: "master@10.0.0.2:5050",
      elected: false,
    });
    const health = clusterHealth(
      state({ masters: [master(1), master(2), master(3, { reachable: false }), restarted] }),
      2,
    );
    expect(health).toMatchObject({ level: "warn", mastersUp: 2, mastersTotal: 3, margin: 0 });
    expect(health.reason).toBe("2 of 3 masters up: no further master may fail");
  });

  it("warns when no further master may fail", () => {
    const health = clusterHealth(state({ masters: [master(1), master(2), master(3, { reachable: false })] }), 2);
    expect(health).toMatchObject({ level: "warn", margin: 0 });
    expect(health.reason).toBe("2 of 3 masters up: no further master may fail");
  });

  it("is bad below quorum, without a leader, with an unresponsive leader or a dispute", () => {
    expect(
      clusterHealth(
        state({ masters: [master(1), master(2, { reachable: false }), master(3, { reachable: false })] }),
        2,
      ).level,
    ).toBe("bad");
    expect(clusterHealth(state({ leader: null }), 2).reason).toBe("no master leads");
    expect(clusterHealth(state({ masters: [master(1, { reachable: false }), master(2), master(3)] }), 2).reason).toBe(
      "the leader 10.0.0.1:5050 does not answer",
    );
    expect(clusterHealth(state({ disputed: { reason: "m2 says so", since: "" } }), 2).reason).toBe(
      "leadership disputed: m2 says so",
    );
  });

  it("warns about stale ZooKeeper data and failed polls", () => {
    expect(
      clusterHealth(state({ zk: { status: "disconnected", stale: true, since: null, error: null } }), 2).reason,
    ).toBe("ZooKeeper is disconnected: the masters shown are the last known");
    expect(
      clusterHealth(
        state({
          poll: {
            status: "failed",
            error: "boom",
            lastSuccessAt: null,
            source: null,
            durationMs: null,
            bytes: null,
            intervalMs: 1000,
            mode: "poll",
            modeReason: null,
            stream: null,
          },
        }),
        2,
      ),
    ).toMatchObject({ level: "warn", reason: "the leader's state cannot be read: boom" });
  });

  it("does not count a znode that does not decode as a master, and warns about it", () => {
    const garbage = master(4, {
      hostname: null,
      ip: null,
      port: null,
      pid: null,
      url: null,
      reachable: null,
      elected: null,
      error: "not JSON",
      isLeader: false,
    });
    expect(clusterHealth(state({ masters: [master(1), master(2), master(3), garbage] }), null)).toMatchObject({
      level: "warn",
      mastersUp: 3,
      mastersTotal: 3,
      quorum: 2,
      margin: 1,
      reason: "1 znode under the masters' path does not decode",
    });
    // It never gets a probe, so counting it would have hidden that the registry lost its quorum.
    expect(
      clusterHealth(
        state({ masters: [master(1), master(2, { reachable: false }), master(3, { reachable: false }), garbage] }),
        2,
      ).level,
    ).toBe("bad");
    const garbageLeads = master(1, {
      hostname: null,
      ip: null,
      port: null,
      pid: null,
      url: null,
      reachable: null,
      elected: null,
      error: "not JSON",
    });
    expect(
      clusterHealth(state({ masters: [garbageLeads, master(2, { isLeader: false }), master(3)] }), 2),
    ).toMatchObject({
      level: "bad",
      mastersUp: 2,
      reason: "the leading znode json.info_0000000001 does not decode, so the leader's address is unknown: not JSON",
    });
  });

  it("is unknown before anything was observed", () => {
    expect(clusterHealth(null, 2)).toMatchObject({ level: "unknown", mastersTotal: 0 });
  });
});

describe("masters outside the allowed addresses", () => {
  const outside = (n: number, overrides: Partial<MasterView> = {}) =>
    master(n, { url: null, reachable: null, blocked: "outside the allowed addresses", ...overrides });

  it("count toward nothing and are named in a warning", () => {
    const health = clusterHealth(
      state({ masters: [master(1, { isLeader: true }), master(2), master(3), outside(4)] }),
      null,
    );
    expect(health).toMatchObject({ level: "warn", mastersTotal: 3, mastersUp: 3, quorum: 2 });
    expect(health.reason).toMatch(/1 master listed in ZooKeeper is outside the allowed addresses, not contacted/);
  });

  it("make the cluster bad when ZooKeeper's leader is one", () => {
    const health = clusterHealth(state({ masters: [outside(1, { isLeader: true }), master(2), master(3)] }), null);
    expect(health.level).toBe("bad");
    expect(health.reason).toMatch(/leader 10.0.0.1:5050 is outside the allowed addresses: it is not contacted/);
  });
});
