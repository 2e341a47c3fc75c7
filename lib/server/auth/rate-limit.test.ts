import { describe, expect, it } from "vitest";
import { FailureThrottle, LOGIN_RULES, LoginThrottle } from "./rate-limit";

const SECOND = 1_000;
const MINUTE = 60_000;

/** `n` wrong passwords for `user` from `address`, one per millisecond from `start`; the statuses they get. */
function wrongPasswords(throttle: LoginThrottle, user: string, address: string, n: number, start = 0): number[] {
  return Array.from({ length: n }, (_, i) => (throttle.begin(user, address, start + i) > 0 ? 429 : 401));
}

describe("FailureThrottle", () => {
  it("lets `free` failures pass, then makes each further one wait twice as long, up to the cap", () => {
    const throttle = new FailureThrottle({ free: 3, baseDelayMs: 10 * SECOND, maxDelayMs: MINUTE, windowMs: MINUTE });
    for (const t of [0, 1, 2]) {
      expect(throttle.retryAfterMs("k", t)).toBe(0);
      throttle.fail("k", t);
    }
    expect(throttle.retryAfterMs("k", 3)).toBe(10 * SECOND - 1);
    expect(throttle.retryAfterMs("other", 3)).toBe(0);
    const waits: number[] = [];
    let now = 2;
    for (let i = 0; i < 5; i++) {
      now += throttle.retryAfterMs("k", now);
      expect(throttle.retryAfterMs("k", now)).toBe(0);
      throttle.fail("k", now);
      waits.push(throttle.retryAfterMs("k", now));
    }
    expect(waits).toEqual([20 * SECOND, 40 * SECOND, MINUTE, MINUTE, MINUTE]);
  });

  it("forgets a key that stayed quiet for the window after its wait, and on reset", () => {
    const throttle = new FailureThrottle({ free: 1, baseDelayMs: 10 * SECOND, maxDelayMs: MINUTE, windowMs: MINUTE });
    throttle.fail("k", 0);
    expect(throttle.retryAfterMs("k", 10 * SECOND + MINUTE - 1)).toBe(0);
    throttle.fail("k", 10 * SECOND + MINUTE - 1); // still remembered: the second failure waits 20 s
    expect(throttle.retryAfterMs("k", 10 * SECOND + MINUTE)).toBe(20 * SECOND - 1);
    throttle.reset("k");
    expect(throttle.retryAfterMs("k", 10 * SECOND + MINUTE)).toBe(0);
    expect(throttle.size).toBe(0);
  });

  it("prunes: entries whose window has passed are dropped, and the map never holds more than its cap", () => {
    const throttle = new FailureThrottle({ free: 5, baseDelayMs: SECOND, maxDelayMs: MINUTE, windowMs: MINUTE }, 100);
    for (let i = 0; i < 80; i++) throttle.fail(`address-${i}`, i);
    expect(throttle.size).toBe(80);
    throttle.retryAfterMs("anyone", MINUTE + 1_000); // the first access after the window sweeps
    expect(throttle.size).toBe(0);
    for (let i = 0; i < 1_000; i++) throttle.fail(`flood-${i}`, 2 * MINUTE + i);
    expect(throttle.size).toBe(100);
    // The most recent stay, the oldest went.
    expect(throttle.retryAfterMs("flood-999", 2 * MINUTE + 1_000)).toBe(0);
    throttle.fail("flood-999", 2 * MINUTE + 1_000);
    expect(throttle.size).toBe(100);
  });
});

describe("LoginThrottle", () => {
  it("limits one user from one address after 5 wrong passwords, even for the right one afterwards", () => {
    const throttle = new LoginThrottle();
    expect(wrongPasswords(throttle, "alice", "192.0.2.1", 6)).toEqual([401, 401, 401, 401, 401, 429]);
    expect(throttle.begin("Alice", "192.0.2.1", 10)).toBe(30 * SECOND - 6); // names are compared in lower case
  });

  it("does not let wrong passwords from one address lock the user out from another (the lockout attempt)", () => {
    const throttle = new LoginThrottle();
    expect(wrongPasswords(throttle, "admin", "198.51.100.66", 50)).toEqual([
      ...Array<number>(5).fill(401),
      ...Array<number>(45).fill(429),
    ]);
    // The admin's own address: no wait, and the right password resets only this pair.
    expect(throttle.begin("admin", "192.0.2.10", 100)).toBe(0);
    throttle.succeeded("admin", "192.0.2.10");
    expect(throttle.begin("admin", "198.51.100.66", 101)).toBeGreaterThan(0);
  });

  it("limits one address over all user names, so it cannot try many names instead", () => {
    const throttle = new LoginThrottle();
    const spray = Array.from({ length: 25 }, (_, i) => (throttle.begin(`user-${i}`, "192.0.2.7", i) > 0 ? 429 : 401));
    expect(spray).toEqual([...Array<number>(20).fill(401), ...Array<number>(5).fill(429)]);
    expect(throttle.begin("someone-else", "192.0.2.8", 30)).toBe(0);
  });

  it("counts an attempt before its password is checked, so concurrent attempts cannot all pass", () => {
    const throttle = new LoginThrottle();
    // Ten requests at the same instant, none answered yet: only five get to check a password.
    const started = Array.from({ length: 10 }, () => throttle.begin("bob", "192.0.2.2", 0) === 0);
    expect(started.filter(Boolean)).toHaveLength(5);
  });

  it("gives the attempt back when the password was right or never checked, but keeps the address's other failures", () => {
    const throttle = new LoginThrottle();
    wrongPasswords(throttle, "bob", "192.0.2.3", 4);
    throttle.begin("bob", "192.0.2.3", 10);
    throttle.refund("bob", "192.0.2.3"); // the server was too busy to check it
    expect(throttle.begin("bob", "192.0.2.3", 11)).toBe(0); // the fifth attempt, not the sixth
    throttle.succeeded("bob", "192.0.2.3");
    expect(throttle.pairs.size).toBe(0);
    // The address keeps its four wrong passwords for bob: 16 more for others, then it waits.
    const others = Array.from({ length: 17 }, (_, i) =>
      throttle.begin(`x-${i}`, "192.0.2.3", 20 + i) > 0 ? 429 : 401,
    );
    expect(others.filter((s) => s === 401)).toHaveLength(16);
  });

  it("has the documented rules", () => {
    expect(LOGIN_RULES.perPair).toEqual({ free: 5, baseDelayMs: 30_000, maxDelayMs: 900_000, windowMs: 900_000 });
    expect(LOGIN_RULES.perAddress.free).toBe(20);
  });
});
