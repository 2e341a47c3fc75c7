import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Fleet } from "./fleet";
import { seededRandom } from "./random";

describe("Fleet", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("re-registers every agent with a new leader within the first backoff second, in batches", () => {
    const sent: { master: string; ids: string[] }[] = [];
    const fleet = new Fleet(seededRandom(1), { send: (master, _kind, ids) => sent.push({ master, ids }) });
    const agents = Array.from({ length: 200 }, (_, i) => `S${i}`);
    fleet.onLeader("m2", agents, []);
    vi.advanceTimersByTime(999);
    expect(sent.flatMap((s) => s.ids)).toHaveLength(200);
    expect(sent.every((s) => s.master === "m2")).toBe(true);
    expect(sent.length).toBeLessThanOrEqual(21);
    expect(fleet.pending).toBe(0);
  });

  it("doubles the backoff of dropped attempts, and starts over with the next leader", () => {
    const sent: string[][] = [];
    const random = () => 0.999;
    const fleet = new Fleet(random, { send: (_m, _k, ids) => sent.push(ids) });
    fleet.onLeader("m1", ["S1"], []);
    vi.advanceTimersByTime(1000);
    fleet.dropped("m1", "agent", ["S1"]);
    vi.advanceTimersByTime(1900);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(2);
    fleet.dropped("m3", "agent", ["S1"]);
    expect(fleet.pending).toBe(0);
    fleet.onLeader(null, ["S1"], []);
    vi.advanceTimersByTime(60_000);
    expect(sent).toHaveLength(2);
  });
});
