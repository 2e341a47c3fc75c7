import { describe, expect, it } from "vitest";
import { HashGate, MAX_CONCURRENT_HASHES, MAX_WAITING_HASHES, hashPassword, verifyPassword } from "./password";

it("hashes with scrypt and a random salt, and verifies only the right password", async () => {
  const hash = await hashPassword("correct horse");
  expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{88}$/);
  expect(await hashPassword("correct horse")).not.toBe(hash);
  expect(await verifyPassword("correct horse", hash)).toBe(true);
  expect(await verifyPassword("correct horsE", hash)).toBe(false);
  expect(await verifyPassword("x", "bcrypt$whatever")).toBe(false);
});

describe("HashGate", () => {
  it("runs at most `concurrency` tasks at once, queues `queue` more in order, and refuses the rest with 503", async () => {
    const gate = new HashGate(2, 3);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const slowHash = (i: number) => async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running--;
      order.push(i);
      return i;
    };
    const results = await Promise.allSettled(Array.from({ length: 7 }, (_, i) => gate.run(slowHash(i))));
    expect(most).toBe(2);
    expect(results.slice(0, 5).map((r) => (r.status === "fulfilled" ? r.value : "refused"))).toEqual([0, 1, 2, 3, 4]);
    for (const refused of results.slice(5)) {
      expect(refused.status).toBe("rejected");
      expect((refused as PromiseRejectedResult).reason).toMatchObject({ kind: "unavailable", code: "busy" });
    }
    expect(order.slice(2)).toEqual([2, 3, 4]);
    // Afterwards it is free again, and a failing task frees its place too.
    await expect(gate.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await Promise.all([gate.run(slowHash(7)), gate.run(slowHash(8))])).toEqual([7, 8]);
  });

  it("caps the real password checks: of 40 at once, the ones beyond the queue are refused, the others answered", async () => {
    const hash = await hashPassword("correct horse");
    const checks = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => verifyPassword(i === 0 ? "correct horse" : "wrong", hash)),
    );
    const answered = checks.filter((c) => c.status === "fulfilled").map((c) => c.value);
    expect(answered).toHaveLength(MAX_CONCURRENT_HASHES + MAX_WAITING_HASHES);
    expect(answered[0]).toBe(true);
    expect(checks.filter((c) => c.status === "rejected")).toHaveLength(40 - answered.length);
  }, 30_000);
});
