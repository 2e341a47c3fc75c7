// Pure helpers over the ground truth: leader intervals, the state at a moment, and the windows in which the
// dashboard could not observe (down after a SIGKILL, frozen by SIGSTOP, not yet registered).
import type { ClusterLog, SoakLog, TruthSample } from "./log";

export interface Interval {
  from: number;
  to: number;
}

export interface LeaderInterval extends Interval {
  leader: string | null;
}

/** How long after the dashboard is back before it counts as observing again (its first reconcile). */
export const SETTLE_MS = 3_000;

/** The truth as it was at `at`: the last sample at or before it (the first one before the first sample). */
export function truthAt(truth: readonly TruthSample[], at: number): TruthSample | null {
  let found: TruthSample | null = null;
  for (const sample of truth) {
    if (sample.at > at) break;
    found = sample;
  }
  return found ?? truth[0] ?? null;
}

/** Whether the members or the leader changed within [from, to]. */
export function changedWithin(truth: readonly TruthSample[], from: number, to: number): boolean {
  const before = truthAt(truth, from);
  return truth.some(
    (s) =>
      s.at > from && s.at <= to && (s.leader !== before?.leader || s.members.join(",") !== before?.members.join(",")),
  );
}

/** Consecutive spans with one leader, from the samples; the last ends at `end`. */
export function leaderIntervals(truth: readonly TruthSample[], end: number): LeaderInterval[] {
  const out: LeaderInterval[] = [];
  for (const sample of truth) {
    const last = out[out.length - 1];
    if (last && last.leader === sample.leader) continue;
    if (last) last.to = sample.at;
    out.push({ leader: sample.leader, from: sample.at, to: end });
  }
  return out;
}

/** When a znode was seen: its first and last sample. */
export function presence(truth: readonly TruthSample[]): Map<string, { first: number; last: number }> {
  const seen = new Map<string, { first: number; last: number }>();
  for (const sample of truth) {
    for (const member of sample.members) {
      const known = seen.get(member);
      if (known) known.last = sample.at;
      else seen.set(member, { first: sample.at, last: sample.at });
    }
  }
  return seen;
}

/** When `member` is listed at `at` or later: `at` itself, the time of a later sample that lists it, or null. */
export function presentFrom(truth: readonly TruthSample[], member: string, at: number): number | null {
  if (truth.some((s) => s.at <= at) && truthAt(truth, at)?.members.includes(member)) return at;
  const sample = truth.find((s) => s.at > at && s.members.includes(member));
  return sample ? sample.at : null;
}

/** The spans in which the dashboard could not see ZooKeeper for this cluster. */
export function blindWindows(log: SoakLog, cluster: ClusterLog): Interval[] {
  return [
    { from: log.startedAt, to: cluster.registeredAt + SETTLE_MS },
    ...log.restarts.map((r) => ({ from: r.killedAt, to: r.healthyAt + SETTLE_MS })),
    ...log.pauses.map((p) => ({ from: p.pausedAt, to: p.resumedAt + SETTLE_MS })),
  ];
}

/** How much of `span` lies outside every window of `blind`. */
export function observedMs(span: Interval, blind: readonly Interval[]): number {
  const cuts = blind
    .map((w) => ({ from: Math.max(w.from, span.from), to: Math.min(w.to, span.to) }))
    .filter((w) => w.to > w.from)
    .sort((a, b) => a.from - b.from);
  let covered = 0;
  let cursor = span.from;
  for (const cut of cuts) {
    const from = Math.max(cut.from, cursor);
    if (cut.to > from) covered += cut.to - from;
    cursor = Math.max(cursor, cut.to);
  }
  return span.to - span.from - covered;
}

export function inAny(at: number, windows: readonly Interval[]): boolean {
  return windows.some((w) => at >= w.from && at <= w.to);
}

export const iso = (at: number) => new Date(at).toISOString();

/** The sequence number at the end of a member znode's name. */
export const sequenceOf = (name: string) => Number(/(\d+)$/.exec(name)?.[1] ?? NaN);

/**
 * Whether `member` may have led for a moment between two consecutive samples around [from, to] that the 200 ms
 * sampling did not catch: it was listed in the earlier sample and the later one lists nobody with a lower sequence.
 * ZooKeeper removes expired sessions one at a time, so after a quorum loss masters vanish in steps a few ms apart,
 * and the dashboard may read the list between two steps.
 */
export function briefLeader(truth: readonly TruthSample[], member: string, from: number, to: number): boolean {
  const sequence = sequenceOf(member);
  for (let i = 0; i + 1 < truth.length; i++) {
    const before = truth[i] as TruthSample;
    const after = truth[i + 1] as TruthSample;
    if (before.at > to || after.at < from) continue;
    if (before.members.includes(member) && after.members.every((m) => sequenceOf(m) > sequence)) return true;
  }
  return false;
}
