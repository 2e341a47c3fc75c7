import { expect, it } from "vitest";
import { FailureCounter } from "./rate-limit";

it("locks a key after max failures within the window, and frees it when they age out or on success", () => {
  const counter = new FailureCounter({ max: 3, windowMs: 60_000 });
  for (const t of [0, 1_000, 2_000]) {
    expect(counter.retryAfterMs("alice", t)).toBe(0);
    counter.fail("alice", t);
  }
  expect(counter.retryAfterMs("alice", 3_000)).toBe(57_000);
  expect(counter.retryAfterMs("bob", 3_000)).toBe(0);
  expect(counter.retryAfterMs("alice", 60_001)).toBe(0);
  counter.fail("alice", 61_000);
  counter.reset("alice");
  expect(counter.retryAfterMs("alice", 61_001)).toBe(0);
});
