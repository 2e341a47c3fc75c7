import "server-only";
// Fan-in for what the web tier asks of upstream on demand (a master's own endpoints, a look at ZooKeeper): every
// viewer of a page polls it, so N viewers would make N sets of upstream requests. Requests for the same key share
// the one in flight, and its answer is kept for a few seconds. A failure (a thrown error) is not kept.
import { singleton } from "@/lib/server/singleton";

interface Entry<T> {
  promise: Promise<T>;
  /** When the answer arrived (ms); null while in flight. */
  at: number | null;
}

export interface SharedFetchOptions {
  /** How long an answer is reused. */
  ttlMs: number;
  /** At most this many keys are kept; the oldest go first. */
  maxEntries?: number;
  now?: () => number;
}

export class SharedFetch<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: SharedFetchOptions) {
    this.ttlMs = options.ttlMs;
    this.maxEntries = options.maxEntries ?? 1_000;
    this.now = options.now ?? Date.now;
  }

  /** The answer for `key`: the one in flight, or one younger than the TTL, or a new one from `load`. */
  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.now();
    const entry = this.entries.get(key);
    if (entry && (entry.at === null || now - entry.at < this.ttlMs)) return entry.promise;
    this.prune(now);
    const fresh: Entry<T> = { promise: load(), at: null };
    this.entries.set(key, fresh);
    fresh.promise.then(
      () => {
        fresh.at = this.now();
      },
      () => {
        if (this.entries.get(key) === fresh) this.entries.delete(key);
      },
    );
    return fresh.promise;
  }

  get size(): number {
    return this.entries.size;
  }

  private prune(now: number): void {
    for (const [key, entry] of this.entries)
      if (entry.at !== null && now - entry.at >= this.ttlMs) this.entries.delete(key);
    // Map order is insertion order: the oldest keys go first.
    for (const key of this.entries.keys()) {
      if (this.entries.size < this.maxEntries) break;
      this.entries.delete(key);
    }
  }
}

/** A process-wide SharedFetch (one per name), shared by every route bundle. */
export function sharedFetch<T>(name: string, options: SharedFetchOptions): SharedFetch<T> {
  return singleton(`shared-fetch:${name}`, () => new SharedFetch<T>(options));
}
