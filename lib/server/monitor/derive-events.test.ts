import { describe, expect, it } from "vitest";
import type { AgentCounts } from "@/lib/mesos/totals";
import { EVENT_TYPES, parseClusterEvent } from "@/lib/shared/events";
import { deriveEvents } from "./derive-events";
import { DEFAULT_EVENT_TIMING, type Derivation, type Observation, type ObservedMaster } from "./derive-state";
import {
  emptyRecordedState,
  recordedStateSchema,
  type MasterRef,
  type RecordedState,
} from "@/lib/server/events/recorded-state";

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const { zkDisconnectGraceMs, agentsCoalesceMs, disputeGraceMs } = DEFAULT_EVENT_TIMING;

function master(n: number, overrides: Partial<ObservedMaster> = {}): ObservedMaster {
  return {
    id: `json.info_${String(n).padStart(10, "0")}`,
    hostname: `master${n}.example.com`,
    port: 5050,
    sequence: n,
    reachable: true,
    error: null,
    ...overrides,
  };
}

/** The MasterRef part of a master, as events and the recorded state carry it. */
function refOf(m: MasterRef): MasterRef {
  return { id: m.id, hostname: m.hostname, port: m.port, sequence: m.sequence };
}

const M1 = master(1);
const M2 = master(2);
const M3 = master(3);

/**
 * A fresh observation of a healthy cluster: ZooKeeper connected for a minute, masters M1..M3 all reachable,
 * the first listed master leads (unless `leader` is given), polling ok, no agents read, no dispute.
 */
function observation(overrides: Partial<Observation> = {}): Observation {
  const masters = overrides.masters ?? [M1, M2, M3];
  const [first] = masters;
  return {
    now: T0,
    zk: { status: "connected", since: T0 - 60_000 },
    fresh: true,
    firstSinceStart: false,
    masters,
    leader: first ? refOf(first) : null,
    agents: null,
    poll: { status: "ok", error: null },
    dispute: null,
    ...overrides,
  };
}

/** The recorded state after the first observation of the default healthy cluster (M1 leads). */
function settled(obs: Observation = observation()): RecordedState {
  return deriveEvents(null, obs).recorded;
}

function types(derivation: Derivation): string[] {
  return derivation.events.map((event) => event.type);
}

function agents(active: number, overrides: Partial<AgentCounts> = {}): AgentCounts {
  return { active, deactivated: 0, unreachable: 0, recovered: 0, ...overrides };
}

describe("deriveEvents", () => {
  describe("first observation of a cluster", () => {
    it("records ZooKeeper connected, the leader elected and every master joined, all marked initial", () => {
      const { events } = deriveEvents(null, observation());
      expect(events).toEqual([
        { type: "zk.connected", at: T0, data: { previous: "none", initial: true } },
        {
          type: "leader.elected",
          at: T0,
          data: { leader: refOf(M1), previous: null, noLeaderMs: null, initial: true },
        },
        { type: "master.joined", at: T0, data: { master: refOf(M1), initial: true } },
        { type: "master.joined", at: T0, data: { master: refOf(M2), initial: true } },
        { type: "master.joined", at: T0, data: { master: refOf(M3), initial: true } },
      ]);
    });

    it("returns a recorded state holding the masters (without probe fields), the leader and ZooKeeper connected", () => {
      const { recorded, recheckAt } = deriveEvents(null, observation());
      expect(recorded).toEqual({
        zk: "connected",
        masters: [refOf(M1), refOf(M2), refOf(M3)],
        leader: refOf(M1),
        leaderLostAt: null,
        unreachable: {},
        agents: null,
        agentsAt: null,
        pollFailing: null,
        streamDifferenceAt: null,
        dispute: null,
        membershipKnown: true,
      });
      expect(recheckAt).toBeNull();
    });

    it("marks the initial events initial rather than whileDashboardDown even on the first list since start", () => {
      const { events } = deriveEvents(null, observation({ firstSinceStart: true }));
      for (const event of events) {
        expect(event.data).toHaveProperty("initial", true);
        expect(event.data).not.toHaveProperty("whileDashboardDown");
      }
    });

    it("records no leader when the first list has none", () => {
      const result = deriveEvents(null, observation({ leader: null }));
      expect(types(result)).toEqual(["zk.connected", "master.joined", "master.joined", "master.joined"]);
      expect(result.recorded.leader).toBeNull();
      expect(result.recorded.leaderLostAt).toBeNull();
    });

    it("does not modify the recorded state it is given", () => {
      const before = settled();
      const snapshot = structuredClone(before);
      deriveEvents(
        before,
        observation({ now: T0 + 1_000, masters: [M2, M3], poll: { status: "failed", error: "boom" } }),
      );
      expect(before).toEqual(snapshot);
    });

    it("keeps the masters initial when the first observations were not fresh (ZooKeeper still connecting)", () => {
      const connecting = deriveEvents(
        null,
        observation({ fresh: false, masters: [], leader: null, zk: { status: "disconnected", since: T0 } }),
      );
      expect(connecting.events).toEqual([]);
      const { events } = deriveEvents(connecting.recorded, observation({ now: T0 + 1_000, firstSinceStart: true }));
      const membership = events.filter((e) => e.type === "master.joined" || e.type === "leader.elected");
      expect(membership).toHaveLength(4);
      for (const event of membership) {
        expect(event.data).toHaveProperty("initial", true);
        expect(event.data).not.toHaveProperty("whileDashboardDown");
      }
    });
  });

  describe("an unchanged observation", () => {
    it("records nothing and asks for no recheck", () => {
      const result = deriveEvents(settled(), observation({ now: T0 + 5_000 }));
      expect(result.events).toEqual([]);
      expect(result.recheckAt).toBeNull();
    });

    it("is idempotent: deriving again from the returned state yields nothing", () => {
      const obs = observation({
        masters: [M1, master(2, { reachable: false, error: "connection refused" }), M3],
        agents: agents(5),
        poll: { status: "failed", error: "timeout" },
        dispute: { reason: "two masters claim leadership", since: T0 - 60_000 },
      });
      const first = deriveEvents(null, obs);
      expect(first.events.length).toBeGreaterThan(0);
      const second = deriveEvents(first.recorded, obs);
      expect(second.events).toEqual([]);
      expect(second.recorded).toEqual(first.recorded);
      const later = deriveEvents(second.recorded, { ...obs, now: T0 + 60_000 });
      expect(later.events).toEqual([]);
    });
  });

  describe("leadership", () => {
    it("records a failover when the leader's znode disappears: master.left, then leader.elected with noLeaderMs 0", () => {
      const now = T0 + 10_000;
      const result = deriveEvents(settled(), observation({ now, masters: [M2, M3] }));
      expect(result.events).toEqual([
        { type: "master.left", at: now, data: { master: refOf(M1) } },
        { type: "leader.elected", at: now, data: { leader: refOf(M2), previous: refOf(M1), noLeaderMs: 0 } },
      ]);
      expect(result.recorded.leader).toEqual(refOf(M2));
      expect(result.recorded.masters).toEqual([refOf(M2), refOf(M3)]);
      expect(result.recorded.leaderLostAt).toBeNull();
    });

    it("carries previousUnreachableMs when the previous leader, still listed, had been recorded unreachable", () => {
      const downAt = T0 + 1_000;
      const unreachableLeader = deriveEvents(
        settled(),
        observation({ now: downAt, masters: [master(1, { reachable: false }), M2, M3] }),
      );
      expect(types(unreachableLeader)).toEqual(["master.unreachable"]);
      expect(unreachableLeader.recorded.unreachable).toEqual({ [M1.id]: downAt });

      const now = T0 + 6_000;
      const result = deriveEvents(
        unreachableLeader.recorded,
        observation({ now, masters: [master(1, { reachable: false }), M2, M3], leader: refOf(M2) }),
      );
      expect(result.events).toEqual([
        {
          type: "leader.elected",
          at: now,
          data: { leader: refOf(M2), previous: refOf(M1), noLeaderMs: 0, previousUnreachableMs: 5_000 },
        },
      ]);
    });

    it("carries previousUnreachableMs in the normal failover, where the unreachable leader's znode goes", () => {
      const downAt = T0 + 1_000;
      const unreachableLeader = deriveEvents(
        settled(),
        observation({ now: downAt, masters: [master(1, { reachable: false }), M2, M3] }),
      );
      const now = T0 + 11_000;
      const result = deriveEvents(unreachableLeader.recorded, observation({ now, masters: [M2, M3] }));
      expect(result.events).toEqual([
        { type: "master.left", at: now, data: { master: refOf(M1), unreachableMs: 10_000 } },
        {
          type: "leader.elected",
          at: now,
          data: { leader: refOf(M2), previous: refOf(M1), noLeaderMs: 0, previousUnreachableMs: 10_000 },
        },
      ]);
      expect(result.recorded.unreachable).toEqual({});
    });

    it("tells masters apart by address too: a reset ZooKeeper that reuses a znode name for another master is a change", () => {
      const now = T0 + 1_000;
      const moved = master(1, { hostname: "master9.example.com" });
      const result = deriveEvents(settled(), observation({ now, masters: [moved, M2, M3] }));
      expect(result.events).toEqual([
        { type: "master.left", at: now, data: { master: refOf(M1) } },
        { type: "leader.elected", at: now, data: { leader: refOf(moved), previous: refOf(M1), noLeaderMs: 0 } },
        { type: "master.joined", at: now, data: { master: refOf(moved) } },
      ]);
    });

    it("records leader.lost when no master is listed, and noLeaderMs as the time without one when a leader appears", () => {
      const lostAt = T0 + 1_000;
      const lost = deriveEvents(settled(), observation({ now: lostAt, masters: [], leader: null }));
      expect(lost.events).toEqual([
        { type: "master.left", at: lostAt, data: { master: refOf(M1) } },
        { type: "master.left", at: lostAt, data: { master: refOf(M2) } },
        { type: "master.left", at: lostAt, data: { master: refOf(M3) } },
        { type: "leader.lost", at: lostAt, data: { previous: refOf(M1) } },
      ]);
      expect(lost.recorded.leader).toBeNull();
      expect(lost.recorded.leaderLostAt).toBe(lostAt);

      expect(
        deriveEvents(lost.recorded, observation({ now: lostAt + 2_000, masters: [], leader: null })).events,
      ).toEqual([]);

      const electedAt = lostAt + 45_000;
      const elected = deriveEvents(lost.recorded, observation({ now: electedAt, masters: [master(4)] }));
      expect(elected.events).toEqual([
        {
          type: "leader.elected",
          at: electedAt,
          data: { leader: refOf(master(4)), previous: null, noLeaderMs: 45_000 },
        },
        { type: "master.joined", at: electedAt, data: { master: refOf(master(4)) } },
      ]);
      expect(elected.recorded.leaderLostAt).toBeNull();
      expect(elected.recorded.leader).toEqual(refOf(master(4)));
    });

    it("records leader.lost when the masters stay listed but none leads", () => {
      const now = T0 + 1_000;
      const result = deriveEvents(settled(), observation({ now, leader: null }));
      expect(result.events).toEqual([{ type: "leader.lost", at: now, data: { previous: refOf(M1) } }]);
    });

    it("records a master joining without touching the leader", () => {
      const now = T0 + 1_000;
      const result = deriveEvents(settled(), observation({ now, masters: [M1, M2, M3, master(4)] }));
      expect(result.events).toEqual([{ type: "master.joined", at: now, data: { master: refOf(master(4)) } }]);
    });
  });

  describe("a list that is not fresh (ZooKeeper unreachable)", () => {
    const stale = (overrides: Partial<Observation>): Observation =>
      observation({ zk: { status: "disconnected", since: T0 }, fresh: false, ...overrides });

    it("never records master.left or leader events, even for an empty list", () => {
      const result = deriveEvents(settled(), stale({ now: T0 + 1_000, masters: [], leader: null }));
      expect(result.events).toEqual([]);
      expect(result.recorded.masters).toEqual([refOf(M1), refOf(M2), refOf(M3)]);
      expect(result.recorded.leader).toEqual(refOf(M1));
      expect(result.recorded.leaderLostAt).toBeNull();
    });

    it("never records membership or leadership changes for a different list", () => {
      const recorded = settled();
      const obs = stale({ now: T0 + zkDisconnectGraceMs + 1_000, masters: [master(4), master(5)] });
      const result = deriveEvents(recorded, obs);
      expect(types(result)).toEqual(["zk.disconnected"]);
      expect(result.recorded.masters).toEqual(recorded.masters);
      expect(result.recorded.leader).toEqual(recorded.leader);
    });

    it("still compares the reachability of the recorded masters", () => {
      const now = T0 + 1_000;
      const result = deriveEvents(
        settled(),
        stale({ now, masters: [master(1, { reachable: false, error: "refused" }), M2, M3] }),
      );
      expect(result.events).toEqual([
        { type: "master.unreachable", at: now, data: { master: refOf(M1), error: "refused", isLeader: true } },
      ]);
    });
  });

  describe("ZooKeeper connection", () => {
    const disconnected = (since: number, now: number): Observation =>
      observation({ now, zk: { status: "disconnected", since }, fresh: false });

    it("records nothing for a disconnection shorter than the grace period, and asks to recheck when it ends", () => {
      const since = T0 + 1_000;
      const result = deriveEvents(settled(), disconnected(since, since + zkDisconnectGraceMs - 1));
      expect(result.events).toEqual([]);
      expect(result.recheckAt).toBe(since + zkDisconnectGraceMs);
      expect(result.recorded.zk).toBe("connected");
    });

    it("records zk.disconnected once when the grace period ends", () => {
      const since = T0 + 1_000;
      const atGraceEnd = since + zkDisconnectGraceMs;
      const result = deriveEvents(settled(), disconnected(since, atGraceEnd));
      expect(result.events).toEqual([
        { type: "zk.disconnected", at: atGraceEnd, data: { since: new Date(since).toISOString() } },
      ]);
      expect(result.recorded.zk).toBe("disconnected");
      expect(result.recheckAt).toBeNull();

      const again = deriveEvents(result.recorded, disconnected(since, atGraceEnd + 30_000));
      expect(again.events).toEqual([]);
      expect(again.recheckAt).toBeNull();
    });

    it("records zk.disconnected when first derived well after the grace period", () => {
      const since = T0 + 1_000;
      const result = deriveEvents(settled(), disconnected(since, since + 10 * zkDisconnectGraceMs));
      expect(types(result)).toEqual(["zk.disconnected"]);
    });

    it("records zk.connected with previous disconnected on reconnection", () => {
      const since = T0 + 1_000;
      const down = deriveEvents(settled(), disconnected(since, since + zkDisconnectGraceMs));
      const reconnectedAt = since + 20_000;
      const result = deriveEvents(
        down.recorded,
        observation({ now: reconnectedAt, zk: { status: "connected", since: reconnectedAt } }),
      );
      expect(result.events).toEqual([{ type: "zk.connected", at: reconnectedAt, data: { previous: "disconnected" } }]);
      expect(result.recorded.zk).toBe("connected");
    });

    it("records nothing at all for a disconnection that ends within the grace period", () => {
      const since = T0 + 1_000;
      const down = deriveEvents(settled(), disconnected(since, since + 500));
      expect(down.events).toEqual([]);
      const reconnectedAt = since + zkDisconnectGraceMs - 1_000;
      const up = deriveEvents(
        down.recorded,
        observation({ now: reconnectedAt, zk: { status: "connected", since: reconnectedAt } }),
      );
      expect(up.events).toEqual([]);
      expect(up.recheckAt).toBeNull();
      // The recheck the monitor scheduled for the end of the grace period finds nothing to record either.
      const recheck = deriveEvents(
        up.recorded,
        observation({ now: since + zkDisconnectGraceMs, zk: { status: "connected", since: reconnectedAt } }),
      );
      expect(recheck.events).toEqual([]);
    });

    it("records a session expiry once", () => {
      const now = T0 + 1_000;
      const obs = observation({ now, zk: { status: "expired", since: now }, fresh: false });
      const result = deriveEvents(settled(), obs);
      expect(result.events).toEqual([{ type: "zk.session_expired", at: now, data: { previous: "connected" } }]);
      expect(result.recorded.zk).toBe("expired");
      expect(deriveEvents(result.recorded, obs).events).toEqual([]);
      expect(deriveEvents(result.recorded, { ...obs, now: now + 60_000 }).events).toEqual([]);
    });

    it("records a session expiry after a recorded disconnection, and zk.connected with previous expired afterwards", () => {
      const since = T0 + 1_000;
      const down = deriveEvents(settled(), disconnected(since, since + zkDisconnectGraceMs));
      const expiredAt = since + 10_000;
      const expired = deriveEvents(
        down.recorded,
        observation({ now: expiredAt, zk: { status: "expired", since: expiredAt }, fresh: false }),
      );
      expect(expired.events).toEqual([
        { type: "zk.session_expired", at: expiredAt, data: { previous: "disconnected" } },
      ]);
      const upAt = expiredAt + 2_000;
      const up = deriveEvents(expired.recorded, observation({ now: upAt, zk: { status: "connected", since: upAt } }));
      expect(up.events).toEqual([{ type: "zk.connected", at: upAt, data: { previous: "expired" } }]);
    });

    it("never records ZooKeeper events for a static cluster", () => {
      const staticZk = { status: "none", since: T0 } as const;
      const first = deriveEvents(null, observation({ zk: staticZk }));
      expect(types(first)).toEqual(["leader.elected", "master.joined", "master.joined", "master.joined"]);
      expect(first.recorded.zk).toBe("none");

      const failover = deriveEvents(first.recorded, observation({ now: T0 + 1_000, zk: staticZk, masters: [M2, M3] }));
      expect(types(failover)).toEqual(["master.left", "leader.elected"]);
      const later = deriveEvents(failover.recorded, observation({ now: T0 + 60_000, zk: staticZk, masters: [M2, M3] }));
      expect(later.events).toEqual([]);
      expect(later.recorded.zk).toBe("none");
      expect(later.recheckAt).toBeNull();
    });
  });

  describe("reachability", () => {
    it("records master.unreachable once when a master stops answering", () => {
      const now = T0 + 1_000;
      const obs = observation({ now, masters: [M1, master(2, { reachable: false, error: "connection refused" }), M3] });
      const result = deriveEvents(settled(), obs);
      expect(result.events).toEqual([
        {
          type: "master.unreachable",
          at: now,
          data: { master: refOf(M2), error: "connection refused", isLeader: false },
        },
      ]);
      expect(result.recorded.unreachable).toEqual({ [M2.id]: now });
      expect(deriveEvents(result.recorded, { ...obs, now: now + 5_000 }).events).toEqual([]);
    });

    it("marks an unreachable leader as the leader", () => {
      const result = deriveEvents(
        settled(),
        observation({ now: T0 + 1_000, masters: [master(1, { reachable: false }), M2, M3] }),
      );
      expect(result.events).toEqual([
        { type: "master.unreachable", at: T0 + 1_000, data: { master: refOf(M1), error: null, isLeader: true } },
      ]);
    });

    it("records master.reachable with how long it was down when it answers again", () => {
      const downAt = T0 + 1_000;
      const down = deriveEvents(
        settled(),
        observation({ now: downAt, masters: [M1, master(2, { reachable: false }), M3] }),
      );
      const upAt = downAt + 7_500;
      const up = deriveEvents(down.recorded, observation({ now: upAt }));
      expect(up.events).toEqual([{ type: "master.reachable", at: upAt, data: { master: refOf(M2), downMs: 7_500 } }]);
      expect(up.recorded.unreachable).toEqual({});
    });

    it("changes nothing for an unknown reachability (not probed yet)", () => {
      const unknown = [M1, master(2, { reachable: null }), M3];
      const fromReachable = deriveEvents(settled(), observation({ now: T0 + 1_000, masters: unknown }));
      expect(fromReachable.events).toEqual([]);
      expect(fromReachable.recorded.unreachable).toEqual({});

      const downAt = T0 + 2_000;
      const down = deriveEvents(
        settled(),
        observation({ now: downAt, masters: [M1, master(2, { reachable: false }), M3] }),
      );
      const fromUnreachable = deriveEvents(down.recorded, observation({ now: downAt + 1_000, masters: unknown }));
      expect(fromUnreachable.events).toEqual([]);
      expect(fromUnreachable.recorded.unreachable).toEqual({ [M2.id]: downAt });
    });

    it("records a master that first appears unreachable in the same derivation that records it joining", () => {
      const now = T0 + 1_000;
      const result = deriveEvents(
        settled(),
        observation({ now, masters: [M1, M2, M3, master(4, { reachable: false, error: "timeout" })] }),
      );
      expect(types(result)).toEqual(["master.joined", "master.unreachable"]);
    });

    it("drops a master that left while unreachable from `unreachable`, its master.left carrying unreachableMs", () => {
      const downAt = T0 + 1_000;
      const down = deriveEvents(
        settled(),
        observation({ now: downAt, masters: [M1, master(2, { reachable: false }), M3] }),
      );
      const leftAt = downAt + 12_000;
      const left = deriveEvents(down.recorded, observation({ now: leftAt, masters: [M1, M3] }));
      expect(left.events).toEqual([
        { type: "master.left", at: leftAt, data: { master: refOf(M2), unreachableMs: 12_000 } },
      ]);
      expect(left.recorded.unreachable).toEqual({});
    });
  });

  describe("polling", () => {
    it("records poll.failed once with the error and the leader polled", () => {
      const now = T0 + 1_000;
      const obs = observation({ now, poll: { status: "failed", error: "HTTP 503" } });
      const result = deriveEvents(settled(), obs);
      expect(result.events).toEqual([{ type: "poll.failed", at: now, data: { error: "HTTP 503", leader: refOf(M1) } }]);
      expect(result.recorded.pollFailing).toEqual({ since: now, error: "HTTP 503" });
      expect(deriveEvents(result.recorded, { ...obs, now: now + 5_000 }).events).toEqual([]);
      expect(
        deriveEvents(
          result.recorded,
          observation({ now: now + 6_000, poll: { status: "failed", error: "another error" } }),
        ).events,
      ).toEqual([]);
    });

    it("records each difference the stream's checks found once, with what differed", () => {
      const lastDifference = { at: "2026-12-01T10:00:00.000Z", reason: "GET_STATE differs from the stream in tasks" };
      const poll = { status: "ok" as const, error: null, stream: { differences: 1, lastDifference } };
      const first = deriveEvents(settled(), observation({ poll }));
      expect(first.events).toEqual([
        {
          type: "stream.difference",
          at: T0,
          data: { reason: lastDifference.reason, differences: 1, leader: refOf(M1) },
        },
      ]);
      expect(deriveEvents(first.recorded, observation({ now: T0 + 1_000, poll })).events).toEqual([]);
      const next = { differences: 2, lastDifference: { ...lastDifference, at: "2026-12-01T11:00:00.000Z" } };
      expect(
        deriveEvents(first.recorded, observation({ now: T0 + 2_000, poll: { ...poll, stream: next } })).events,
      ).toHaveLength(1);
    });

    it("records an unknown error when a failed poll carries no message", () => {
      const result = deriveEvents(settled(), observation({ poll: { status: "failed", error: null } }));
      expect(result.events).toEqual([
        { type: "poll.failed", at: T0, data: { error: "unknown error", leader: refOf(M1) } },
      ]);
    });

    it("records poll.recovered with how long polling failed", () => {
      const failedAt = T0 + 1_000;
      const failed = deriveEvents(
        settled(),
        observation({ now: failedAt, poll: { status: "failed", error: "HTTP 503" } }),
      );
      const okAt = failedAt + 9_000;
      const ok = deriveEvents(failed.recorded, observation({ now: okAt }));
      expect(ok.events).toEqual([{ type: "poll.recovered", at: okAt, data: { downMs: 9_000, error: "HTTP 503" } }]);
      expect(ok.recorded.pollFailing).toBeNull();
    });

    it("changes nothing while idle or pending, whether polling was failing or not", () => {
      const idle = { status: "idle", error: null } as const;
      const pending = { status: "pending", error: null } as const;
      expect(deriveEvents(settled(), observation({ now: T0 + 1_000, poll: idle })).events).toEqual([]);
      expect(deriveEvents(settled(), observation({ now: T0 + 1_000, poll: pending })).events).toEqual([]);

      const failed = deriveEvents(
        settled(),
        observation({ now: T0 + 1_000, poll: { status: "failed", error: "HTTP 503" } }),
      );
      for (const poll of [idle, pending]) {
        const result = deriveEvents(failed.recorded, observation({ now: T0 + 2_000, poll }));
        expect(result.events).toEqual([]);
        expect(result.recorded.pollFailing).toEqual({ since: T0 + 1_000, error: "HTTP 503" });
      }
    });
  });

  describe("agent counts", () => {
    it("takes the first reading as a silent baseline", () => {
      const result = deriveEvents(settled(), observation({ now: T0 + 1_000, agents: agents(5) }));
      expect(result.events).toEqual([]);
      expect(result.recorded.agents).toEqual(agents(5));
      expect(result.recorded.agentsAt).toBeNull();
      expect(result.recheckAt).toBeNull();
    });

    it("changes nothing when the counts are not known", () => {
      const baseline = deriveEvents(settled(), observation({ now: T0 + 1_000, agents: agents(5) }));
      const result = deriveEvents(baseline.recorded, observation({ now: T0 + 2_000, agents: null }));
      expect(result.events).toEqual([]);
      expect(result.recorded.agents).toEqual(agents(5));
    });

    it("records a change long after the last one at once", () => {
      const baseline = deriveEvents(settled(), observation({ now: T0 + 1_000, agents: agents(5) }));
      const firstChangeAt = T0 + 2_000;
      const first = deriveEvents(
        baseline.recorded,
        observation({ now: firstChangeAt, agents: agents(4, { deactivated: 1 }) }),
      );
      expect(first.events).toEqual([
        {
          type: "agents.changed",
          at: firstChangeAt,
          data: { before: agents(5), after: agents(4, { deactivated: 1 }) },
        },
      ]);
      expect(first.recorded.agentsAt).toBe(firstChangeAt);
      expect(first.recheckAt).toBeNull();

      const secondChangeAt = firstChangeAt + agentsCoalesceMs + 60_000;
      const second = deriveEvents(first.recorded, observation({ now: secondChangeAt, agents: agents(6) }));
      expect(second.events).toEqual([
        {
          type: "agents.changed",
          at: secondChangeAt,
          data: { before: agents(4, { deactivated: 1 }), after: agents(6) },
        },
      ]);
      expect(second.recorded.agentsAt).toBe(secondChangeAt);
    });

    it("holds changes within the coalescing window and records them as one event when it ends", () => {
      const baseline = deriveEvents(settled(), observation({ now: T0, agents: agents(5) }));
      const changedAt = T0 + 1_000;
      const changed = deriveEvents(baseline.recorded, observation({ now: changedAt, agents: agents(4) }));
      expect(types(changed)).toEqual(["agents.changed"]);
      const windowEnds = changedAt + agentsCoalesceMs;

      const held1 = deriveEvents(changed.recorded, observation({ now: changedAt + 2_000, agents: agents(3) }));
      expect(held1.events).toEqual([]);
      expect(held1.recheckAt).toBe(windowEnds);
      expect(held1.recorded.agents).toEqual(agents(4));

      const held2 = deriveEvents(
        held1.recorded,
        observation({ now: windowEnds - 1, agents: agents(2, { unreachable: 1 }) }),
      );
      expect(held2.events).toEqual([]);
      expect(held2.recheckAt).toBe(windowEnds);

      const flushed = deriveEvents(
        held2.recorded,
        observation({ now: windowEnds, agents: agents(2, { unreachable: 1 }) }),
      );
      expect(flushed.events).toEqual([
        { type: "agents.changed", at: windowEnds, data: { before: agents(4), after: agents(2, { unreachable: 1 }) } },
      ]);
      expect(flushed.recorded.agents).toEqual(agents(2, { unreachable: 1 }));
      expect(flushed.recorded.agentsAt).toBe(windowEnds);
      expect(flushed.recheckAt).toBeNull();
    });

    it("records nothing when held counts return to the recorded ones within the window", () => {
      const baseline = deriveEvents(settled(), observation({ now: T0, agents: agents(5) }));
      const changed = deriveEvents(baseline.recorded, observation({ now: T0 + 1_000, agents: agents(4) }));
      const held = deriveEvents(changed.recorded, observation({ now: T0 + 2_000, agents: agents(3) }));
      expect(held.recheckAt).toBe(T0 + 1_000 + agentsCoalesceMs);
      const back = deriveEvents(held.recorded, observation({ now: T0 + 1_000 + agentsCoalesceMs, agents: agents(4) }));
      expect(back.events).toEqual([]);
      expect(back.recheckAt).toBeNull();
    });
  });

  describe("leader disputes", () => {
    const reason = "master2 reports itself elected";

    it("records nothing for a dispute younger than the grace period, and asks to recheck when it ends", () => {
      const since = T0 + 1_000;
      const result = deriveEvents(
        settled(),
        observation({ now: since + disputeGraceMs - 1, dispute: { reason, since } }),
      );
      expect(result.events).toEqual([]);
      expect(result.recheckAt).toBe(since + disputeGraceMs);
      expect(result.recorded.dispute).toBeNull();
    });

    it("records leader.disputed once the dispute has lasted the grace period", () => {
      const since = T0 + 1_000;
      const now = since + disputeGraceMs;
      const obs = observation({ now, dispute: { reason, since } });
      const result = deriveEvents(settled(), obs);
      expect(result.events).toEqual([
        { type: "leader.disputed", at: now, data: { reason, leader: refOf(M1), since: new Date(since).toISOString() } },
      ]);
      expect(result.recorded.dispute).toBe(reason);
      expect(result.recheckAt).toBeNull();
      expect(deriveEvents(result.recorded, { ...obs, now: now + 30_000 }).events).toEqual([]);
    });

    it("records leader.dispute_ended when the dispute clears", () => {
      const since = T0 + 1_000;
      const disputed = deriveEvents(
        settled(),
        observation({ now: since + disputeGraceMs, dispute: { reason, since } }),
      );
      const endedAt = since + 20_000;
      const ended = deriveEvents(disputed.recorded, observation({ now: endedAt }));
      expect(ended.events).toEqual([{ type: "leader.dispute_ended", at: endedAt, data: { reason } }]);
      expect(ended.recorded.dispute).toBeNull();
    });

    it("records nothing for a dispute that clears within the grace period", () => {
      const since = T0 + 1_000;
      const young = deriveEvents(settled(), observation({ now: since + 1_000, dispute: { reason, since } }));
      const cleared = deriveEvents(young.recorded, observation({ now: since + 2_000 }));
      expect(cleared.events).toEqual([]);
      expect(cleared.recheckAt).toBeNull();
    });
  });

  describe("reconciliation after a dashboard restart", () => {
    it("marks the changes that happened while the dashboard was down, and none as initial", () => {
      const now = T0 + 3_600_000;
      const result = deriveEvents(settled(), observation({ now, firstSinceStart: true, masters: [M2, M3] }));
      expect(result.events).toEqual([
        { type: "master.left", at: now, data: { master: refOf(M1), whileDashboardDown: true } },
        {
          type: "leader.elected",
          at: now,
          data: { leader: refOf(M2), previous: refOf(M1), noLeaderMs: 0, whileDashboardDown: true },
        },
      ]);
      for (const event of result.events) expect(event.data).not.toHaveProperty("initial");
    });

    it("marks masters that joined and a leader lost while the dashboard was down", () => {
      const now = T0 + 3_600_000;
      const result = deriveEvents(
        settled(),
        observation({ now, firstSinceStart: true, masters: [M1, M2, M3, master(4)], leader: null }),
      );
      expect(result.events).toEqual([
        { type: "leader.lost", at: now, data: { previous: refOf(M1), whileDashboardDown: true } },
        { type: "master.joined", at: now, data: { master: refOf(master(4)), whileDashboardDown: true } },
      ]);
    });

    it("records nothing when nothing changed while the dashboard was down", () => {
      expect(deriveEvents(settled(), observation({ now: T0 + 3_600_000, firstSinceStart: true })).events).toEqual([]);
    });
  });

  describe("recheckAt", () => {
    it("is the earliest of the pending grace periods and windows", () => {
      const baseline = deriveEvents(settled(), observation({ now: T0, agents: agents(5) }));
      const changed = deriveEvents(baseline.recorded, observation({ now: T0 + 1_000, agents: agents(4) }));
      const now = T0 + 2_000;
      const result = deriveEvents(
        changed.recorded,
        observation({
          now,
          zk: { status: "disconnected", since: now - 1_000 },
          fresh: false,
          agents: agents(3),
          dispute: { reason: "split brain", since: now - 500 },
        }),
      );
      expect(result.events).toEqual([]);
      expect(result.recheckAt).toBe(
        Math.min(now - 1_000 + zkDisconnectGraceMs, T0 + 1_000 + agentsCoalesceMs, now - 500 + disputeGraceMs),
      );
    });

    it("follows the timing passed in", () => {
      const timing = { zkDisconnectGraceMs: 100, agentsCoalesceMs: 200, disputeGraceMs: 300 };
      const since = T0 + 1_000;
      const early = deriveEvents(
        settled(),
        observation({ now: since + 50, zk: { status: "disconnected", since }, fresh: false }),
        timing,
      );
      expect(early.recheckAt).toBe(since + 100);
      const late = deriveEvents(
        settled(),
        observation({ now: since + 100, zk: { status: "disconnected", since }, fresh: false }),
        timing,
      );
      expect(types(late)).toEqual(["zk.disconnected"]);
    });
  });
});

describe("the events' payloads", () => {
  it("match their type's schema in lib/shared/events, every key of them, for every type the monitor records", () => {
    let recorded: RecordedState | null = null;
    const produced: Derivation["events"] = [];
    const at = (seconds: number) => T0 + seconds * 1000;
    const observe = (overrides: Partial<Observation>) => {
      const result = deriveEvents(recorded, observation(overrides));
      recorded = result.recorded;
      produced.push(...result.events);
    };
    const down = (m: ObservedMaster) => ({ ...m, reachable: false, error: "connection refused" });
    observe({ now: at(0) });
    observe({ now: at(10), agents: agents(5) });
    observe({ now: at(30), agents: agents(3, { unreachable: 2 }) });
    observe({ now: at(40), zk: { status: "disconnected", since: at(35) }, fresh: false });
    observe({ now: at(50), zk: { status: "expired", since: at(45) }, fresh: false });
    observe({ now: at(60), zk: { status: "connected", since: at(55) } });
    observe({ now: at(70), masters: [M1, down(M2), M3] });
    observe({ now: at(80) });
    observe({ now: at(90), masters: [down(M1), M2, M3] });
    observe({ now: at(100), masters: [M2, M3], leader: null });
    observe({ now: at(110), masters: [M2, M3], leader: refOf(M2) });
    observe({ now: at(120), masters: [down(M2), M3], leader: refOf(M2) });
    observe({ now: at(130), masters: [down(M2), M3], leader: refOf(M3) });
    observe({ now: at(140), masters: [M2, M3], leader: refOf(M3), poll: { status: "failed", error: "timeout" } });
    observe({ now: at(150), masters: [M2, M3], leader: refOf(M3) });
    observe({
      now: at(155),
      masters: [M2, M3],
      leader: refOf(M3),
      poll: { status: "ok", error: null, stream: { differences: 1, lastDifference: { at: "x", reason: "tasks" } } },
    });
    observe({ now: at(160), masters: [M2, M3], leader: refOf(M3), dispute: { reason: "split", since: at(150) } });
    observe({ now: at(170), masters: [M2, M3], leader: refOf(M3) });
    observe({ now: at(180), masters: [M2, M3, M1], leader: refOf(M3), firstSinceStart: true });

    const monitorTypes = EVENT_TYPES.filter((type) => !type.startsWith("action."));
    expect(new Set(produced.map((event) => event.type))).toEqual(new Set(monitorTypes));
    for (const event of JSON.parse(JSON.stringify(produced)) as typeof produced) {
      const parsed = parseClusterEvent(event);
      expect(parsed, event.type).not.toBeNull();
      // Objects are not strict: a key the schema does not list would be dropped, so equality shows it lists them all.
      expect(parsed?.data).toEqual(event.data);
    }
  });
});

describe("recordedStateSchema", () => {
  it("accepts a recorded state returned by deriveEvents after a round trip through JSON", () => {
    const down = deriveEvents(
      null,
      observation({
        masters: [M1, master(2, { reachable: false }), M3],
        agents: agents(5),
        poll: { status: "failed", error: "timeout" },
        dispute: { reason: "split brain", since: T0 - 60_000 },
      }),
    );
    const lost = deriveEvents(down.recorded, observation({ now: T0 + 1_000, masters: [], leader: null }));
    for (const recorded of [down.recorded, lost.recorded]) {
      const parsed = recordedStateSchema.safeParse(JSON.parse(JSON.stringify(recorded)));
      expect(parsed.success).toBe(true);
      expect(parsed.data).toEqual(recorded);
    }
  });

  it("accepts the empty recorded state", () => {
    expect(recordedStateSchema.safeParse(emptyRecordedState()).success).toBe(true);
  });

  it.each([
    ["null", null],
    ["a string", "recorded"],
    ["an empty object", {}],
    ["an unknown ZooKeeper status", { ...emptyRecordedState(), zk: "sleeping" }],
    ["masters that are not a list", { ...emptyRecordedState(), masters: "m1" }],
    ["a master without an id", { ...emptyRecordedState(), masters: [{ hostname: "h", port: 1, sequence: 1 }] }],
    ["an unreachable time that is not a number", { ...emptyRecordedState(), unreachable: { m1: "yesterday" } }],
    ["incomplete agent counts", { ...emptyRecordedState(), agents: { active: 1 } }],
    ["a missing field", { zk: "none", masters: [], leader: null }],
  ])("rejects %s", (_label, value) => {
    expect(recordedStateSchema.safeParse(value).success).toBe(false);
  });
});
