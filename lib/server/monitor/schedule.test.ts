import { describe, expect, it } from "vitest";
import { MAX_POLL_INTERVAL_MS, backoffMs, pollIntervalMs } from "./schedule";

describe("pollIntervalMs", () => {
  const base = 1_000;

  it.each([
    [0, 1],
    [499, 1],
    [500, 2],
    [999, 2],
    [1_000, 4],
    [4_999, 4],
    [5_000, 8],
    [9_999, 8],
    [10_000, 10],
    [50_000, 10],
  ])("%i agents: %i × base", (agents, factor) => {
    expect(pollIntervalMs(agents, base)).toBe(base * factor);
  });

  it("never exceeds MAX_POLL_INTERVAL_MS", () => {
    expect(MAX_POLL_INTERVAL_MS).toBe(30_000);
    expect(pollIntervalMs(20_000, 5_000)).toBe(MAX_POLL_INTERVAL_MS);
    expect(pollIntervalMs(0, 60_000)).toBe(MAX_POLL_INTERVAL_MS);
    expect(pollIntervalMs(0, 1_000, 60_000)).toBe(MAX_POLL_INTERVAL_MS);
  });

  it("waits at least five times the last fetch's duration", () => {
    expect(pollIntervalMs(10, 1_000, 100)).toBe(1_000);
    expect(pollIntervalMs(10, 1_000, 200)).toBe(1_000);
    expect(pollIntervalMs(10, 1_000, 300)).toBe(1_500);
    expect(pollIntervalMs(600, 1_000, 1_000)).toBe(5_000);
  });

  it("defaults the last duration to 0", () => {
    expect(pollIntervalMs(10, 3_000)).toBe(3_000);
  });
});

describe("backoffMs", () => {
  it("is the base for 0 or negative failures", () => {
    expect(backoffMs(0, 1_000)).toBe(1_000);
    expect(backoffMs(-3, 1_000)).toBe(1_000);
  });

  it("doubles from the base with each failure", () => {
    expect([1, 2, 3, 4, 5].map((failures) => backoffMs(failures, 1_000))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
  });

  it("is capped at MAX_POLL_INTERVAL_MS", () => {
    expect(backoffMs(6, 1_000)).toBe(MAX_POLL_INTERVAL_MS);
    expect(backoffMs(100, 1_000)).toBe(MAX_POLL_INTERVAL_MS);
    expect(backoffMs(1, 45_000)).toBe(MAX_POLL_INTERVAL_MS);
  });
});
