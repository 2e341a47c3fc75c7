// What the stream costs with its reconcile counted, and how rare reconciles must be for the bars (pure).
import type { BenchResult, ModeResult } from "./report";

/**
 * The stream's cost with its reconcile counted (one GET_STATE every `reconcileIntervalMs`, its measured bytes and CPU
 * spread over the interval), and the longest gap between reconciles that still gives the bars (100× fewer
 * bytes, 10× less CPU than polling): `null` when none does, because between reconciles the stream alone costs more.
 */
export function reconcileBudget(
  stream: ModeResult,
  poll: ModeResult,
  { fullRead, reconcileIntervalMs }: Pick<BenchResult, "fullRead" | "reconcileIntervalMs">,
) {
  const minutes = reconcileIntervalMs / 60_000;
  const { bytes, cpuSeconds } = fullRead;
  // stream + read / interval ≤ poll / ratio  ⇔  interval ≥ read / (poll / ratio − stream)
  const shortest = (read: number, pollPer: number, streamPer: number, ratio: number, per: number) => {
    const room = pollPer / ratio - streamPer;
    return room > 0 ? (read / room) * per : null;
  };
  return {
    bytesPerHour: stream.bytesPerHour + (bytes * 60) / minutes,
    cpuSecondsPerMinute: stream.cpuSecondsPerMinute + cpuSeconds / minutes,
    minutesFor100xBytes: shortest(bytes, poll.bytesPerHour, stream.bytesPerHour, 100, 60),
    minutesFor10xCpu: shortest(cpuSeconds, poll.cpuSecondsPerMinute, stream.cpuSecondsPerMinute, 10, 1),
  };
}

export const reconcileInterval = (minutes: number | null) =>
  minutes === null ? "no interval is long enough" : `one every ${minutes.toFixed(0)} minutes at most`;
