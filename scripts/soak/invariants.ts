// The invariants, checked after the run against the driver's log, the ground truth and the dashboard's history.
// Pure: a constructed log in, a list of results with violations and their evidence out.
import type { ClusterLog, SoakEvent, SoakLog } from "./log";
import {
  blindWindows,
  briefLeader,
  changedWithin,
  iso,
  leaderIntervals,
  observedMs,
  presentFrom,
  truthAt,
} from "./timeline";

export interface Violation {
  at: number;
  invariant: string;
  message: string;
}

export interface InvariantResult {
  name: string;
  rule: string;
  checks: number;
  violations: Violation[];
  /** Cases that could not be judged (said why in the rule); reported, never counted as violations. */
  skipped?: number;
  /** Accepted cases worth telling, with evidence. */
  notes?: string[];
}

/** A leader.elected must name a znode that led within this much of the event (sampling and clock granularity). */
export const ELECTED_TOLERANCE_MS = 1_500;
/** A leader that the dashboard could observe for this long must have been recorded. */
export const MIN_OBSERVED_LEADER_MS = 5_000;
/** A master.left is wrong when the znode is still listed this long after the event. */
export const LEFT_TOLERANCE_MS = 2_000;
export const RSS_LIMIT_KIB = 1024 * 1024;

const str = (value: unknown) => (typeof value === "string" ? value : null);
const masterId = (e: SoakEvent, key: "master" | "leader") => {
  const ref = e.data[key];
  return typeof ref === "object" && ref !== null ? str((ref as Record<string, unknown>).id) : null;
};

/** The znode an event is about: the leader elected, the previous leader lost, or the master. */
export function subject(e: SoakEvent): string | null {
  if (e.type === "leader.elected") return masterId(e, "leader");
  if (e.type === "leader.lost") {
    const previous = e.data.previous;
    return typeof previous === "object" && previous !== null ? str((previous as Record<string, unknown>).id) : null;
  }
  return masterId(e, "master");
}

function leaderElected(log: SoakLog, c: ClusterLog): InvariantResult {
  const name = `leader.elected once per real change of leader (${c.name})`;
  const violations: Violation[] = [];
  const intervals = leaderIntervals(c.truth, log.endedAt);
  const elected = c.events.filter((e) => e.type === "leader.elected");
  const byLeader = new Map<string, SoakEvent[]>();
  const brief: string[] = [];
  for (const e of elected) {
    const id = masterId(e, "leader");
    if (id === null) {
      violations.push({ at: e.at, invariant: name, message: `event ${e.id} names no leader id` });
      continue;
    }
    byLeader.set(id, [...(byLeader.get(id) ?? []), e]);
    const real = intervals.some(
      (i) => i.leader === id && i.from <= e.at + ELECTED_TOLERANCE_MS && i.to >= e.at - ELECTED_TOLERANCE_MS,
    );
    if (!real && briefLeader(c.truth, id, e.at - ELECTED_TOLERANCE_MS, e.at + ELECTED_TOLERANCE_MS)) {
      brief.push(`event ${e.id} at ${iso(e.at)}: ${id}`);
    } else if (!real) {
      const actual = truthAt(c.truth, e.at)?.leader ?? null;
      violations.push({
        at: e.at,
        invariant: name,
        message: `event ${e.id} says ${id} was elected, but ZooKeeper's leader then was ${actual ?? "none"}`,
      });
    }
  }
  for (const [id, events] of byLeader) {
    for (const extra of events.slice(1))
      violations.push({
        at: extra.at,
        invariant: name,
        message: `event ${extra.id} records ${id} elected again (first: event ${events[0]?.id} at ${iso(events[0]?.at ?? 0)})`,
      });
  }
  const blind = blindWindows(log, c);
  const due = intervals.filter((i) => i.leader !== null && observedMs(i, blind) >= MIN_OBSERVED_LEADER_MS);
  for (const interval of due) {
    const recorded = (byLeader.get(interval.leader ?? "") ?? []).some(
      (e) => e.at >= interval.from - ELECTED_TOLERANCE_MS && e.at <= interval.to + ELECTED_TOLERANCE_MS,
    );
    if (!recorded)
      violations.push({
        at: interval.from,
        invariant: name,
        message: `${interval.leader} led from ${iso(interval.from)} to ${iso(interval.to)} and no leader.elected names it`,
      });
  }
  return {
    name,
    rule:
      `every leader.elected names the znode that was ZooKeeper's lowest sequence within ±${ELECTED_TOLERANCE_MS} ms, ` +
      `no znode is recorded elected twice, and every leader the dashboard could observe for ≥ ${MIN_OBSERVED_LEADER_MS} ms is recorded; ` +
      "a leader.elected for a znode that led only between two 200 ms samples (listed in one, nobody below it in the next) is accepted and noted",
    checks: elected.length + due.length,
    violations,
    notes: brief.map((b) => `${b} led between two samples (accepted)`),
  };
}

function masterLeft(c: ClusterLog): InvariantResult {
  const name = `no master.left for a master that stayed (${c.name})`;
  const violations: Violation[] = [];
  const left = c.events.filter((e) => e.type === "master.left");
  const seen = new Map<string, number>();
  for (const e of left) {
    const id = masterId(e, "master") ?? "?";
    const still = presentFrom(c.truth, id, e.at + LEFT_TOLERANCE_MS);
    if (still !== null)
      violations.push({
        at: e.at,
        invariant: name,
        message: `event ${e.id} says ${id} left, but ZooKeeper still listed it at ${iso(still)}`,
      });
    if (seen.has(id))
      violations.push({
        at: e.at,
        invariant: name,
        message: `event ${e.id}: ${id} left twice (first ${seen.get(id)})`,
      });
    seen.set(id, e.id);
  }
  const joined = new Map<string, number>();
  for (const e of c.events.filter((ev) => ev.type === "master.joined")) {
    const id = masterId(e, "master") ?? "?";
    if (joined.has(id))
      violations.push({
        at: e.at,
        invariant: name,
        message: `event ${e.id}: ${id} joined twice (first ${joined.get(id)})`,
      });
    joined.set(id, e.id);
  }
  return {
    name,
    rule: `a master.left whose znode is still listed ${LEFT_TOLERANCE_MS} ms later, or a znode that joins or leaves twice, is a violation`,
    checks: left.length + joined.size,
    violations,
  };
}

const DOWN_TYPES = ["master.left", "master.joined", "leader.elected", "leader.lost"];

function whileDown(log: SoakLog, c: ClusterLog): InvariantResult {
  const name = `changes while the dashboard was down recorded once on start (${c.name})`;
  const violations: Violation[] = [];
  let checks = 0;
  let skipped = 0;
  for (const [index, r] of log.restarts.entries()) {
    // This restart's first reconcile, and not the next restart's: the next kill ends the window.
    const windowEnd = Math.min(r.healthyAt + 30_000, log.restarts[index + 1]?.killedAt ?? Infinity);
    const settledAt = r.healthyAt + 3_000;
    if (
      changedWithin(c.truth, r.killedAt - 2_000, r.killedAt) ||
      changedWithin(c.truth, r.spawnedAt, settledAt + 2_000)
    ) {
      skipped++;
      continue;
    }
    checks++;
    const before = truthAt(c.truth, r.killedAt);
    const after = truthAt(c.truth, settledAt);
    const expected: string[] = [];
    for (const m of before?.members ?? []) if (!after?.members.includes(m)) expected.push(`master.left ${m}`);
    for (const m of after?.members ?? []) if (!before?.members.includes(m)) expected.push(`master.joined ${m}`);
    if (after?.leader && after.leader !== before?.leader) expected.push(`leader.elected ${after.leader}`);
    if (before?.leader && !after?.leader) expected.push(`leader.lost ${before.leader}`);
    const actual = c.events
      .filter((e) => e.data.whileDashboardDown === true && e.at >= r.spawnedAt && e.at <= windowEnd)
      .filter((e) => DOWN_TYPES.includes(e.type))
      .map((e) => `${e.type} ${subject(e) ?? "?"}`);
    const remaining = [...actual];
    for (const want of expected) {
      const index = remaining.indexOf(want);
      if (index >= 0) remaining.splice(index, 1);
      else
        violations.push({
          at: r.healthyAt,
          invariant: name,
          message: `restart at ${iso(r.killedAt)}: ${want} not recorded`,
        });
    }
    for (const extra of remaining)
      violations.push({
        at: r.healthyAt,
        invariant: name,
        message: `restart at ${iso(r.killedAt)}: unexpected ${extra}`,
      });
  }
  return {
    name,
    rule:
      "after each restart, the events marked whileDashboardDown are exactly the differences between ZooKeeper at the kill and 3 s after " +
      "the server answered again; a restart around which ZooKeeper changed (2 s before the kill, or from the spawn to 5 s after health) is skipped",
    checks,
    violations,
    skipped,
  };
}

function sessionExpiry(log: SoakLog, c: ClusterLog): InvariantResult {
  const name = `a session expiry recorded once (${c.name})`;
  const violations: Violation[] = [];
  for (const p of log.pauses) {
    const found = c.events.filter(
      (e) => e.type === "zk.session_expired" && e.at >= p.pausedAt && e.at <= p.resumedAt + 30_000,
    );
    if (found.length !== 1)
      violations.push({
        at: p.resumedAt,
        invariant: name,
        message: `pause ${iso(p.pausedAt)}-${iso(p.resumedAt)}: ${found.length} zk.session_expired events (want 1)`,
      });
  }
  return {
    name,
    rule: "each SIGSTOP of the dashboard longer than its session timeout gives exactly one zk.session_expired within 30 s of SIGCONT",
    checks: log.pauses.length,
    violations,
  };
}

export function clusterInvariants(log: SoakLog): InvariantResult[] {
  return log.clusters.flatMap((c) => [leaderElected(log, c), masterLeft(c), whileDown(log, c), sessionExpiry(log, c)]);
}
