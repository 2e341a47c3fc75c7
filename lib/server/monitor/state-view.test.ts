import { describe, expect, it } from "vitest";
import type { MasterHealth } from "./health-prober";
import { summarize } from "./leader-state-reader";
import { fromZkMember } from "./master-list";
import { type Sighting, type StateViewInput, buildStateView } from "./state-view";
import { leaderState, undecodable, zkMaster } from "./test-fakes";

const M1 = zkMaster(1, "m1");
const M2 = zkMaster(2, "m2");
const BROKEN = fromZkMember(undecodable(3, "not JSON"), null);
const T0 = Date.UTC(2024, 5, 1);
const iso = (ms: number) => new Date(ms).toISOString();

const POLL = {
  status: "ok" as const,
  error: null,
  lastSuccessAt: iso(T0),
  source: "http://m1:5050/master/state",
  durationMs: 12,
  bytes: 345,
  intervalMs: 3_000,
  mode: "poll" as const,
  modeReason: null,
  stream: null,
};

function input(sighting: Partial<Sighting> = {}, rest: Partial<StateViewInput> = {}): StateViewInput {
  return {
    cluster: { id: 7, name: "prod" },
    version: 99,
    sighting: {
      masters: [M1, M2],
      leader: M1,
      fresh: true,
      zk: { status: "connected", since: T0 - 1_000, expiryPending: false, connectString: "zk1:2181" },
      health: new Map(),
      summary: null,
      poll: POLL,
      ...sighting,
    },
    leaderTimes: { lastLeaderId: M1.id, leaderSince: T0 - 5_000, noLeaderSince: null },
    dispute: null,
    recordedDispute: null,
    now: T0,
    ...rest,
  };
}

describe("buildStateView", () => {
  it("shows the cluster, its version, a copy of the poll, and no totals before a state was read", () => {
    const view = buildStateView(input());
    expect(view).toMatchObject({
      clusterId: 7,
      name: "prod",
      version: 99,
      noLeaderSince: null,
      poll: POLL,
      mesos: null,
      agents: null,
      resources: null,
      frameworks: [],
      tasks: null,
      updatedAt: iso(T0),
    });
    expect(view.poll).not.toBe(POLL);
    expect(view.masters.map((m) => [m.id, m.isLeader])).toEqual([
      [M1.id, true],
      [M2.id, false],
    ]);
  });

  it("marks a leader whose state names another master id than its znode", () => {
    const own = leaderState("master@10.0.0.1:5050", { id: "master-1" });
    expect(buildStateView(input({ summary: summarize(M1.id, own, null) })).masters[0]?.impostor).toBeNull();
    const other = leaderState("master@10.0.0.1:5050", { id: "someone-else" });
    const [m1, m2] = buildStateView(input({ summary: summarize(M1.id, other, null) })).masters;
    expect(m1?.impostor).toMatch(/its state names master id "someone-else", not its znode's "master-1"/);
    expect(m2?.impostor).toBeNull();
  });

  it("takes electedAt from the leader's own state first, then from when the dashboard saw it elected", () => {
    const state = leaderState("master@10.0.0.1:5050", { elected_time: 1_700_000_000, version: "1.9.0" });
    const fromState = buildStateView(input({ summary: summarize(M1.id, state, null) }));
    expect(fromState.leader?.electedAt).toBe("2023-11-14T22:13:20.000Z");
    expect(fromState.mesos).toEqual({ version: "1.9.0", cluster: null });

    const seen = buildStateView(input({ summary: summarize(M2.id, state, null) })); // not the leader's state
    expect(seen.leader?.electedAt).toBe(iso(T0 - 5_000));

    const withoutTime = summarize(M1.id, leaderState("master@10.0.0.1:5050", { elected_time: undefined }), null);
    expect(buildStateView(input({ summary: withoutTime })).leader?.electedAt).toBe(iso(T0 - 5_000));

    const otherLeader = input({}, { leaderTimes: { lastLeaderId: M2.id, leaderSince: T0, noLeaderSince: null } });
    expect(buildStateView(otherLeader).leader?.electedAt).toBeNull();
  });

  it("takes the leader's version from its znode, else from its state", () => {
    const state = leaderState("master@10.0.0.1:5050", { version: "1.9.0" });
    const unversioned = { ...M1, version: null };
    const view = buildStateView(input({ leader: unversioned, summary: summarize(M1.id, state, null) }));
    expect(view.leader?.version).toBe("1.9.0");
    expect(buildStateView(input({ summary: summarize(M1.id, state, null) })).leader?.version).toBe("1.11.0");
    expect(buildStateView(input({ leader: unversioned })).leader?.version).toBeNull();
  });

  it("shows since when no master leads", () => {
    const times = { lastLeaderId: null, leaderSince: T0 - 9_000, noLeaderSince: T0 - 2_000 };
    const view = buildStateView(input({ leader: null }, { leaderTimes: times }));
    expect(view.leader).toBeNull();
    expect(view.noLeaderSince).toBe(iso(T0 - 2_000));
  });

  it("is stale while ZooKeeper is not connected or the list is not fresh; never without ZooKeeper", () => {
    expect(buildStateView(input()).zk).toEqual({
      status: "connected",
      stale: false,
      since: iso(T0 - 1_000),
      error: null,
    });
    expect(buildStateView(input({ fresh: false })).zk.stale).toBe(true);
    const down = { status: "disconnected" as const, since: T0, expiryPending: false, connectString: "zk1:2181" };
    expect(buildStateView(input({ zk: down })).zk).toEqual({
      status: "disconnected",
      stale: true,
      since: iso(T0),
      error: "not connected to zk1:2181",
    });
    const unwatched = { status: "none" as const, since: T0, expiryPending: false, connectString: null };
    expect(buildStateView(input({ zk: unwatched })).zk.error).toBe("not connected to ZooKeeper");
    expect(buildStateView(input({ zk: null, fresh: false })).zk).toEqual({
      status: "none",
      stale: false,
      since: null,
      error: null,
    });
  });

  it("shows a dispute only once it is recorded", () => {
    const dispute = { reason: "m2 reports master/elected=1", since: T0 - 7_000 };
    expect(buildStateView(input({}, { dispute })).disputed).toBeNull();
    expect(buildStateView(input({}, { dispute, recordedDispute: dispute.reason })).disputed).toEqual({
      reason: dispute.reason,
      since: iso(T0 - 7_000),
    });
    expect(buildStateView(input({}, { recordedDispute: dispute.reason })).disputed).toBeNull();
  });

  it("shows each master's health, a decoding error before a probe's", () => {
    const health = new Map<string, MasterHealth>([
      [M2.id, { reachable: false, elected: null, error: "refused", impostor: null, since: T0 - 3_000 }],
      [BROKEN.id, { reachable: null, elected: null, error: "probe error", impostor: null, since: null }],
    ]);
    const [m1, m2, broken] = buildStateView(input({ masters: [M1, M2, BROKEN], health })).masters;
    expect(m1).toMatchObject({ reachable: null, elected: null, error: null, reachableSince: null });
    expect(m2).toEqual({
      id: M2.id,
      sequence: 2,
      format: "json",
      hostname: "m2",
      ip: "10.0.0.2",
      port: 5050,
      pid: "master@10.0.0.2:5050",
      version: "1.11.0",
      url: "http://m2:5050",
      blocked: null,
      impostor: null,
      isLeader: false,
      reachable: false,
      elected: null,
      error: "refused",
      reachableSince: iso(T0 - 3_000),
    });
    expect(broken?.error).toBe("not JSON");
  });
});
