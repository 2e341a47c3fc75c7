// Failed logins, counted per user name and per address within a window (pure: the clock is passed in).
export interface RateLimitRule {
  max: number;
  windowMs: number;
}

export class FailureCounter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly rule: RateLimitRule) {}

  /** Milliseconds until `key` may try again, or 0 when it may now. */
  retryAfterMs(key: string, now: number): number {
    const recent = this.recent(key, now);
    if (recent.length < this.rule.max) return 0;
    const oldest = recent[recent.length - this.rule.max] ?? now;
    return Math.max(0, oldest + this.rule.windowMs - now);
  }

  fail(key: string, now: number): void {
    this.failures.set(key, [...this.recent(key, now), now]);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    const kept = (this.failures.get(key) ?? []).filter((t) => t > now - this.rule.windowMs);
    if (kept.length === 0) this.failures.delete(key);
    else this.failures.set(key, kept);
    return kept;
  }
}
