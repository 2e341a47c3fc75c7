// The invariants about the dashboard's process and its answers: memory bounded, the API answering outside the
// windows in which the driver itself had stopped the server, no credentials (or no request) to a hostile host.
import type { InvariantResult, Violation } from "./invariants";
import { RSS_LIMIT_KIB, clusterInvariants } from "./invariants";
import type { RssSample, SoakLog } from "./log";
import { type Interval, inAny } from "./timeline";

/** A request that started this long before a SIGKILL or SIGSTOP may fail because of it (its deadline). */
const REQUEST_DEADLINE_MS = 5_000;
/** Growth is judged on incarnations that ran at least this long, after this warm-up. */
const GROWTH_MIN_SPAN_MS = 4 * 60_000;
const GROWTH_WARMUP_MS = 60_000;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

function memory(log: SoakLog): InvariantResult {
  const name = "server RSS bounded";
  const violations: Violation[] = [];
  for (const s of log.rss) {
    if (s.rssKiB >= RSS_LIMIT_KIB)
      violations.push({ at: s.at, invariant: name, message: `VmRSS ${Math.round(s.rssKiB / 1024)} MiB ≥ 1 GiB` });
  }
  const incarnations = new Map<number, RssSample[]>();
  for (const s of log.rss) incarnations.set(s.incarnation, [...(incarnations.get(s.incarnation) ?? []), s]);
  let judged = 0;
  for (const [incarnation, samples] of incarnations) {
    const start = samples[0]?.at ?? 0;
    const warm = samples.filter((s) => s.at >= start + GROWTH_WARMUP_MS);
    const span = (warm[warm.length - 1]?.at ?? 0) - (warm[0]?.at ?? 0);
    if (warm.length < 9 || span < GROWTH_MIN_SPAN_MS) continue;
    judged++;
    const third = Math.floor(warm.length / 3);
    const first = median(warm.slice(0, third).map((s) => s.rssKiB));
    const last = median(warm.slice(-third).map((s) => s.rssKiB));
    if (last > first * 1.5 + 64 * 1024)
      violations.push({
        at: warm[warm.length - 1]?.at ?? 0,
        invariant: name,
        message: `server ${incarnation}: median VmRSS grew from ${Math.round(first / 1024)} MiB to ${Math.round(last / 1024)} MiB`,
      });
  }
  return {
    name,
    rule:
      "every VmRSS sample of next-server < 1 GiB; and for each server process that ran ≥ 4 min after a 1 min warm-up, the median of " +
      "its last third of samples ≤ 1.5 × the median of its first third + 64 MiB",
    checks: log.rss.length + judged,
    violations,
  };
}

/** When the driver had the server down or frozen, widened by a request's deadline before and 2 s after. */
export function apiExcused(log: SoakLog): Interval[] {
  return [
    { from: log.startedAt, to: log.faultsFrom },
    ...log.restarts.map((r) => ({ from: r.killedAt - REQUEST_DEADLINE_MS, to: r.healthyAt + 2_000 })),
    ...log.pauses.map((p) => ({ from: p.pausedAt - REQUEST_DEADLINE_MS, to: p.resumedAt + 2_000 })),
  ];
}

function apiAnswered(log: SoakLog): InvariantResult {
  const name = "the API answered throughout";
  const excused = apiExcused(log);
  const counted = log.api.filter((p) => !inAny(p.at, excused));
  const violations = counted
    .filter((p) => !p.ok)
    .map((p) => ({
      at: p.at,
      invariant: name,
      message: `${p.what}: ${p.status ?? p.error ?? "no answer"} after ${p.ms} ms`,
    }));
  return {
    name,
    rule:
      "GET /api/health and GET /api/clusters/{id}/state every second, each with a 5 s deadline, answer 200 except from 5 s before a " +
      "SIGKILL or SIGSTOP of the server until 2 s after it answers again",
    checks: counted.length,
    violations,
  };
}

function hostileHost(log: SoakLog): InvariantResult {
  const name = "no credentials to a host named by a hostile znode";
  const violations: Violation[] = [];
  for (const hit of log.listener.hits) {
    if (hit.authorization && log.httpAuth)
      violations.push({ at: hit.at, invariant: name, message: `${hit.requestLine} with an Authorization header` });
    else if (log.allowlist)
      violations.push({ at: hit.at, invariant: name, message: `${hit.requestLine}: a request despite allowedMasters` });
  }
  return {
    name,
    rule:
      `the listener on ${log.listener.address} (named by ${log.listener.hostileZnodes} hostile znodes) receives no Authorization ` +
      "header; with allowedMasters registered, no request at all",
    checks: log.listener.hostileZnodes + log.listener.hits.length,
    violations,
  };
}

export function checkInvariants(log: SoakLog): InvariantResult[] {
  return [...clusterInvariants(log), memory(log), apiAnswered(log), hostileHost(log)];
}
