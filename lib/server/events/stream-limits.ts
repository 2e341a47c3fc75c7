// How many event streams may be open (per user, and in all), and when a stream whose client does not read is closed
// (docs/configuration.md#event-streams). Each open stream holds a subscription to the bus and, while its client does
// not read, a queue of unsent messages in the server's memory.
import "server-only";
import { DomainError } from "@/lib/server/errors";
import { singleton } from "@/lib/server/singleton";

export interface StreamLimits {
  /** Streams one user may hold open at once (all their tabs, sessions and tokens). */
  perUser: number;
  /** Streams the server holds open at once. */
  total: number;
  /** A stream whose unsent messages exceed this many bytes is closed. */
  maxQueuedBytes: number;
  /** A stream with unsent messages whose client read nothing for this long is closed. */
  stallMs: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = {
  perUser: 8,
  total: 200,
  maxQueuedBytes: 8 * 1024 * 1024,
  stallMs: 60_000,
};

const VARIABLES: { key: keyof StreamLimits; name: string; min: number; max: number }[] = [
  { key: "perUser", name: "STREAM_MAX_PER_USER", min: 1, max: 10_000 },
  { key: "total", name: "STREAM_MAX_TOTAL", min: 1, max: 100_000 },
  { key: "maxQueuedBytes", name: "STREAM_MAX_QUEUED_BYTES", min: 4_096, max: 1 << 30 },
  { key: "stallMs", name: "STREAM_STALL_TIMEOUT_MS", min: 1_000, max: 3_600_000 },
];

/** The limits from the environment; an unset or empty variable takes its default, a bad one stops with its name. */
export function streamLimitsFromEnv(env: Record<string, string | undefined>): StreamLimits {
  const limits = { ...DEFAULT_STREAM_LIMITS };
  const invalid: string[] = [];
  for (const { key, name, min, max } of VARIABLES) {
    const raw = env[name]?.trim();
    if (!raw) continue;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) invalid.push(`${name}: a whole number in ${min}-${max}`);
    else limits[key] = value;
  }
  if (invalid.length > 0) throw new Error(`invalid stream settings: ${invalid.join("; ")}`);
  return limits;
}

/**
 * The open streams, counted per user and in all. `acquire` returns the function that gives the slot back (once,
 * however often it is called), or throws DomainError("rate_limited") with the reason.
 */
export class StreamSlots {
  private readonly perUser = new Map<number, number>();
  private open = 0;

  constructor(readonly limits: StreamLimits) {}

  get total(): number {
    return this.open;
  }

  countOf(userId: number): number {
    return this.perUser.get(userId) ?? 0;
  }

  acquire(userId: number): () => void {
    const mine = this.countOf(userId);
    if (mine >= this.limits.perUser) {
      throw new DomainError(
        "rate_limited",
        "too_many_streams",
        `you have ${mine} event streams open, the most one user may have (STREAM_MAX_PER_USER); close a tab and retry`,
      );
    }
    if (this.open >= this.limits.total) {
      throw new DomainError(
        "rate_limited",
        "too_many_streams",
        `the server has ${this.open} event streams open, the most it allows (STREAM_MAX_TOTAL); retry later`,
      );
    }
    this.perUser.set(userId, mine + 1);
    this.open += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.open -= 1;
      const left = this.countOf(userId) - 1;
      if (left > 0) this.perUser.set(userId, left);
      else this.perUser.delete(userId);
    };
  }
}

/** The process's stream slots, with the limits from its environment. */
export function streamSlots(): StreamSlots {
  return singleton("stream-slots", () => new StreamSlots(streamLimitsFromEnv(process.env)));
}
