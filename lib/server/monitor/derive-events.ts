// The event history's rule book: what changed between what was last recorded and what is observed now.
// Pure: the monitor feeds observations in, persists the events and the new recorded state together, and calls
// again at `recheckAt` so that grace periods and coalescing windows end even when nothing else happens. Messages
// from outside (probe errors, poll errors, dispute reasons) are capped here too, as they enter the history.
import type { AgentCounts } from "@/lib/mesos/totals";
import type { ClusterEventType, EventData } from "@/lib/shared/events";
import { capNullable, capText } from "@/lib/shared/text";
import {
  type EventDraft,
  type MasterRef,
  type RecordedState,
  emptyRecordedState,
} from "@/lib/server/events/recorded-state";
import { DEFAULT_EVENT_TIMING, type Derivation, type EventTiming, type Observation } from "./derive-state";

function ref(master: MasterRef): MasterRef {
  return { id: master.id, hostname: master.hostname, port: master.port, sequence: master.sequence };
}

/** A master's identity: its znode name alone is not enough, since a reset ZooKeeper reuses sequence numbers. */
function keyOf(master: MasterRef): string {
  return `${master.id}@${master.hostname ?? "?"}:${master.port ?? "?"}`;
}

function sameAgents(a: AgentCounts, b: AgentCounts): boolean {
  return (
    a.active === b.active &&
    a.deactivated === b.deactivated &&
    a.unreachable === b.unreachable &&
    a.recovered === b.recovered
  );
}

class Builder {
  readonly events: EventDraft[] = [];
  recheckAt: number | null = null;
  constructor(
    readonly recorded: RecordedState,
    readonly now: number,
  ) {}
  add<T extends ClusterEventType>(type: T, data: EventData<T>): void {
    // The compiler does not tie `data` to `type` through the type parameter; the callers are checked by the signature.
    this.events.push({ type, at: this.now, data } as EventDraft);
  }
  recheck(at: number): void {
    this.recheckAt = this.recheckAt === null ? at : Math.min(this.recheckAt, at);
  }
}

function deriveZk(b: Builder, obs: Observation, timing: EventTiming): void {
  const { status, since } = obs.zk;
  const recorded = b.recorded;
  if (status === recorded.zk || status === "none") return;
  if (status === "connected") {
    b.add("zk.connected", { previous: recorded.zk, ...(recorded.zk === "none" ? { initial: true } : {}) });
    recorded.zk = "connected";
  } else if (status === "expired") {
    b.add("zk.session_expired", { previous: recorded.zk });
    recorded.zk = "expired";
  } else if (recorded.zk === "connected") {
    const graceEnds = since + timing.zkDisconnectGraceMs;
    if (b.now >= graceEnds) {
      b.add("zk.disconnected", { since: new Date(since).toISOString() });
      recorded.zk = "disconnected";
    } else {
      b.recheck(graceEnds);
    }
  }
}

function deriveMembership(b: Builder, obs: Observation): void {
  const recorded = b.recorded;
  const initial = !recorded.membershipKnown;
  const previousLeaderUnreachableSince = recorded.leader ? recorded.unreachable[recorded.leader.id] : undefined;
  const observed = new Map(obs.masters.map((m) => [keyOf(m), m]));
  const before = new Map(recorded.masters.map((m) => [keyOf(m), m]));
  for (const master of recorded.masters) {
    if (observed.has(keyOf(master))) continue;
    const unreachableSince = recorded.unreachable[master.id];
    b.add("master.left", {
      master: ref(master),
      ...(unreachableSince !== undefined ? { unreachableMs: b.now - unreachableSince } : {}),
      ...(obs.firstSinceStart ? { whileDashboardDown: true } : {}),
    });
    delete recorded.unreachable[master.id];
  }
  const previousLeader = recorded.leader;
  const leader = obs.leader;
  if (previousLeader && !leader) {
    b.add("leader.lost", {
      previous: ref(previousLeader),
      ...(obs.firstSinceStart ? { whileDashboardDown: true } : {}),
    });
    recorded.leaderLostAt = b.now;
  }
  if (leader && (!previousLeader || keyOf(leader) !== keyOf(previousLeader))) {
    const unreachableSince = previousLeaderUnreachableSince;
    b.add("leader.elected", {
      leader: ref(leader),
      previous: previousLeader ? ref(previousLeader) : null,
      // How long ZooKeeper listed no leader at all, and how long the previous leader had not answered before.
      noLeaderMs: recorded.leaderLostAt !== null ? b.now - recorded.leaderLostAt : previousLeader ? 0 : null,
      ...(unreachableSince !== undefined ? { previousUnreachableMs: b.now - unreachableSince } : {}),
      ...(initial ? { initial: true } : {}),
      ...(obs.firstSinceStart && !initial ? { whileDashboardDown: true } : {}),
    });
    recorded.leaderLostAt = null;
  }
  for (const master of obs.masters) {
    if (before.has(keyOf(master))) continue;
    b.add("master.joined", {
      master: ref(master),
      ...(initial ? { initial: true } : {}),
      ...(obs.firstSinceStart && !initial ? { whileDashboardDown: true } : {}),
    });
  }
  recorded.masters = obs.masters.map(ref);
  recorded.leader = leader ? ref(leader) : null;
  recorded.membershipKnown = true;
}

function deriveReachability(b: Builder, obs: Observation): void {
  const recorded = b.recorded;
  for (const master of obs.masters) {
    if (!recorded.masters.some((m) => keyOf(m) === keyOf(master))) continue;
    const since = recorded.unreachable[master.id];
    if (master.reachable === false && since === undefined) {
      b.add("master.unreachable", {
        master: ref(master),
        error: capNullable(master.error),
        isLeader: recorded.leader?.id === master.id,
      });
      recorded.unreachable[master.id] = b.now;
    } else if (master.reachable === true && since !== undefined) {
      b.add("master.reachable", { master: ref(master), downMs: b.now - since });
      delete recorded.unreachable[master.id];
    }
  }
}

function derivePoll(b: Builder, obs: Observation): void {
  const recorded = b.recorded;
  if (obs.poll.status === "failed" && !recorded.pollFailing) {
    const error = capText(obs.poll.error ?? "unknown error");
    b.add("poll.failed", { error, leader: recorded.leader ? ref(recorded.leader) : null });
    recorded.pollFailing = { since: b.now, error };
  } else if (obs.poll.status === "ok" && recorded.pollFailing) {
    b.add("poll.recovered", { downMs: b.now - recorded.pollFailing.since, error: recorded.pollFailing.error });
    recorded.pollFailing = null;
  }
}

/** A difference the stream's checks found is recorded once, with what differed. */
function deriveStreamDifference(b: Builder, obs: Observation): void {
  const found = obs.poll.stream?.lastDifference;
  if (!found || found.at === b.recorded.streamDifferenceAt) return;
  b.add("stream.difference", {
    reason: capText(found.reason),
    differences: obs.poll.stream?.differences ?? 1,
    leader: b.recorded.leader ? ref(b.recorded.leader) : null,
  });
  b.recorded.streamDifferenceAt = found.at;
}

function deriveAgents(b: Builder, obs: Observation, timing: EventTiming): void {
  const recorded = b.recorded;
  const agents = obs.agents;
  if (!agents) return;
  if (!recorded.agents) {
    recorded.agents = { ...agents }; // the first reading is the baseline, not a change
    return;
  }
  if (sameAgents(recorded.agents, agents)) return;
  const windowEnds = (recorded.agentsAt ?? -Infinity) + timing.agentsCoalesceMs;
  if (b.now < windowEnds) {
    b.recheck(windowEnds);
    return;
  }
  b.add("agents.changed", { before: recorded.agents, after: agents });
  recorded.agents = { ...agents };
  recorded.agentsAt = b.now;
}

function deriveDispute(b: Builder, obs: Observation, timing: EventTiming): void {
  const recorded = b.recorded;
  const dispute = obs.dispute;
  if (dispute && recorded.dispute === null) {
    const graceEnds = dispute.since + timing.disputeGraceMs;
    if (b.now < graceEnds) {
      b.recheck(graceEnds);
      return;
    }
    const reason = capText(dispute.reason);
    b.add("leader.disputed", {
      reason,
      leader: recorded.leader ? ref(recorded.leader) : null,
      since: new Date(dispute.since).toISOString(),
    });
    recorded.dispute = reason;
  } else if (!dispute && recorded.dispute !== null) {
    b.add("leader.dispute_ended", { reason: recorded.dispute });
    recorded.dispute = null;
  }
}

/**
 * Events for the difference between `recorded` (null: nothing recorded yet) and `obs`, and the state to record.
 * Membership and leadership are only compared on a fresh list: while ZooKeeper is unreachable the last known
 * masters stay listed and nothing about them is inferred. Reachability, polling and disputes are compared always.
 */
export function deriveEvents(
  recorded: RecordedState | null,
  obs: Observation,
  timing: EventTiming = DEFAULT_EVENT_TIMING,
): Derivation {
  const b = new Builder(structuredClone(recorded ?? emptyRecordedState()), obs.now);
  deriveZk(b, obs, timing);
  if (obs.fresh) deriveMembership(b, obs);
  deriveReachability(b, obs);
  derivePoll(b, obs);
  deriveStreamDifference(b, obs);
  deriveAgents(b, obs, timing);
  deriveDispute(b, obs, timing);
  return { events: b.events, recorded: b.recorded, recheckAt: b.recheckAt };
}
