import { describe, expect, it, vi } from "vitest";
import { SharedFetch } from "./shared-fetch";

function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("SharedFetch", () => {
  it("gives N concurrent callers of one key the one request in flight", async () => {
    const shared = new SharedFetch<string>({ ttlMs: 3_000 });
    const upstream = deferred<string>();
    const load = vi.fn(() => upstream.promise);
    const answers = Promise.all(Array.from({ length: 10 }, () => shared.get("master-1", load)));
    upstream.resolve("details");
    expect(await answers).toEqual(Array(10).fill("details"));
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("reuses an answer for the TTL, then asks again; other keys are asked on their own", async () => {
    let now = 0;
    const shared = new SharedFetch<number>({ ttlMs: 3_000, now: () => now });
    let calls = 0;
    const load = async () => ++calls;
    expect(await shared.get("a", load)).toBe(1);
    now = 2_999;
    expect(await shared.get("a", load)).toBe(1);
    expect(await shared.get("b", load)).toBe(2);
    now = 3_000;
    expect(await shared.get("a", load)).toBe(3);
  });

  it("does not keep a failure: the next caller asks again", async () => {
    const shared = new SharedFetch<string>({ ttlMs: 3_000 });
    const failing = vi.fn(async () => {
      throw new Error("gone");
    });
    const both = [shared.get("k", failing), shared.get("k", failing)];
    await expect(Promise.all(both)).rejects.toThrow("gone");
    expect(failing).toHaveBeenCalledTimes(1);
    expect(await shared.get("k", async () => "back")).toBe("back");
  });

  it("keeps at most maxEntries keys", async () => {
    const shared = new SharedFetch<number>({ ttlMs: 60_000, maxEntries: 3 });
    for (let i = 0; i < 10; i += 1) await shared.get(`k${i}`, async () => i);
    expect(shared.size).toBeLessThanOrEqual(3);
  });
});
