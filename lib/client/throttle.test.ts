import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { throttle } from "./throttle";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

it("runs the first call at once, folds a burst into one trailing run, and loses no last change", () => {
  const run = vi.fn();
  const throttled = throttle(run, 500);
  throttled();
  expect(run).toHaveBeenCalledTimes(1);
  for (let i = 0; i < 10; i++) {
    vi.advanceTimersByTime(20);
    throttled();
  }
  expect(run).toHaveBeenCalledTimes(1);
  vi.advanceTimersByTime(300);
  expect(run).toHaveBeenCalledTimes(2); // 500 ms after the first
  vi.advanceTimersByTime(1_000);
  expect(run).toHaveBeenCalledTimes(2);
  throttled();
  expect(run).toHaveBeenCalledTimes(3); // idle long enough: at once again
});

it("cancel drops the pending run", () => {
  const run = vi.fn();
  const throttled = throttle(run, 500);
  throttled();
  throttled();
  throttled.cancel();
  vi.advanceTimersByTime(1_000);
  expect(run).toHaveBeenCalledTimes(1);
});
