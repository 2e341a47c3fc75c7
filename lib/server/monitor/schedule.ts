// How often the leader's state is polled (pure). The stock UI waits 10 s to 960 s depending on the number of
// agents (docs/mesos/web-ui.md#polling); a dashboard that must notice changes polls faster, but still slows down on big
// clusters, never polls more often than five times the last fetch took, and backs off while the leader fails.

const SIZE_STEPS: readonly [agents: number, factor: number][] = [
  [500, 1],
  [1_000, 2],
  [5_000, 4],
  [10_000, 8],
];

export const MAX_POLL_INTERVAL_MS = 30_000;

/** The interval after a successful poll of a cluster with `agents` agents that took `lastDurationMs`. */
export function pollIntervalMs(agents: number, baseMs: number, lastDurationMs = 0): number {
  const factor = SIZE_STEPS.find(([limit]) => agents < limit)?.[1] ?? 10;
  return Math.min(MAX_POLL_INTERVAL_MS, Math.max(baseMs * factor, lastDurationMs * 5));
}

/** The wait after the `failures`-th consecutive failure: base, 2×base, 4×base ... up to MAX_POLL_INTERVAL_MS. */
export function backoffMs(failures: number, baseMs: number): number {
  if (failures <= 0) return baseMs;
  return Math.min(MAX_POLL_INTERVAL_MS, baseMs * 2 ** Math.min(failures - 1, 16));
}
