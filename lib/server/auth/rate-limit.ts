// Failed logins and wrong current passwords, throttled with growing waits (pure: the clock is passed in).
//
// Failures are counted per (user name, address) pair and per address, never per user name alone: a limit on a name
// that any address can reach lets anyone lock that user (admin included) out for everyone. One attacker on one user
// from one address still meets the pair's limit; one address trying many names meets the address's limit.

export interface ThrottleRule {
  /** Failures that cost no wait. */
  free: number;
  /** The wait after the first failure beyond `free`; it doubles with every further one, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long a key must stay quiet after its wait before its failures are forgotten. */
  windowMs: number;
}

interface Entry {
  failures: number;
  last: number;
}

/** How often the maps are swept for forgotten entries (also whenever one holds more than its cap). */
const SWEEP_EVERY_MS = 60_000;

/** Failures per key, with the wait they cost. Forgotten entries are swept on access, and the map is capped in size. */
export class FailureThrottle {
  private readonly entries = new Map<string, Entry>();
  private nextSweep = 0;

  constructor(
    private readonly rule: ThrottleRule,
    private readonly maxEntries = 50_000,
  ) {}

  /** How many keys are remembered. */
  get size(): number {
    return this.entries.size;
  }

  /** Milliseconds until `key` may try again, or 0 when it may now. */
  retryAfterMs(key: string, now: number): number {
    this.sweep(now);
    const entry = this.live(key, now);
    return entry ? Math.max(0, entry.last + this.delay(entry.failures) - now) : 0;
  }

  fail(key: string, now: number): void {
    const failures = (this.live(key, now)?.failures ?? 0) + 1;
    // Deleted and set again, so the map's order is the order of last failures (the oldest go first at the cap).
    this.entries.delete(key);
    this.entries.set(key, { failures, last: now });
    this.sweep(now);
  }

  /** Takes back one failure: an attempt counted in advance that turned out right or was never checked. */
  forgive(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    if (entry.failures <= 1) this.entries.delete(key);
    else entry.failures -= 1;
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  private delay(failures: number): number {
    if (failures < this.rule.free) return 0;
    return Math.min(this.rule.maxDelayMs, this.rule.baseDelayMs * 2 ** (failures - this.rule.free));
  }

  private expired(entry: Entry, now: number): boolean {
    return now >= entry.last + this.delay(entry.failures) + this.rule.windowMs;
  }

  private live(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && this.expired(entry, now)) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweep(now: number): void {
    if (now < this.nextSweep && this.entries.size <= this.maxEntries) return;
    this.nextSweep = now + SWEEP_EVERY_MS;
    for (const [key, entry] of this.entries) if (this.expired(entry, now)) this.entries.delete(key);
    // Still over the cap (failures from very many addresses at once): the least recent go, so memory stays bounded.
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(key);
    }
  }
}

export interface LoginRules {
  perPair: ThrottleRule;
  perAddress: ThrottleRule;
}

/**
 * Five free failures per (user, address), then 30 s, 1, 2, 4, 8 and at most 15 minutes between tries; twenty per
 * address over all user names, then the same waits.
 */
export const LOGIN_RULES: LoginRules = {
  perPair: { free: 5, baseDelayMs: 30_000, maxDelayMs: 15 * 60_000, windowMs: 15 * 60_000 },
  perAddress: { free: 20, baseDelayMs: 30_000, maxDelayMs: 15 * 60_000, windowMs: 15 * 60_000 },
};

/** Logins and password checks of one process, by (user name, address) and by address. */
export class LoginThrottle {
  readonly pairs: FailureThrottle;
  readonly addresses: FailureThrottle;

  constructor(rules: LoginRules = LOGIN_RULES, maxEntries?: number) {
    this.pairs = new FailureThrottle(rules.perPair, maxEntries);
    this.addresses = new FailureThrottle(rules.perAddress, maxEntries);
  }

  /**
   * The wait before `user` may try a password from `address`, or 0 when it may now. Then the attempt is already
   * counted as a failure, in the same synchronous step as the check: concurrent attempts cannot all pass the check
   * before the first of them has failed. Call `succeeded` or `refund` once the password is checked.
   */
  begin(user: string, address: string, now: number): number {
    const pair = pairKey(user, address);
    const wait = Math.max(this.pairs.retryAfterMs(pair, now), this.addresses.retryAfterMs(address, now));
    if (wait > 0) return wait;
    this.pairs.fail(pair, now);
    this.addresses.fail(address, now);
    return 0;
  }

  /**
   * The password was right: the pair starts afresh, and the address gets this attempt back but keeps its other
   * failures (else logging in to one's own account would wipe an address's guesses at others).
   */
  succeeded(user: string, address: string): void {
    this.pairs.reset(pairKey(user, address));
    this.addresses.forgive(address);
  }

  /** The password was never checked (the server was too busy): the attempt does not count. */
  refund(user: string, address: string): void {
    this.pairs.forgive(pairKey(user, address));
    this.addresses.forgive(address);
  }
}

function pairKey(user: string, address: string): string {
  return JSON.stringify([user.toLowerCase(), address]);
}
