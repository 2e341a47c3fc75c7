import { describe, expect, it } from "vitest";
import type { ClusterEventView } from "@/lib/shared/events";
import { buildTimeline } from "./timeline";

const T0 = Date.UTC(2026, 10, 22, 10, 0, 0);
const m = (n: number) => ({ id: `json.info_000000000${n}`, hostname: `10.0.0.${n}`, port: 5050, sequence: n });
const key = (n: number) => `${m(n).id}@${m(n).hostname}:${m(n).port}`;
let nextId = 1;
function ev(type: string, secondsAfterT0: number, data: Record<string, unknown>): ClusterEventView {
  return { id: nextId++, clusterId: 1, type, at: new Date(T0 + secondsAfterT0 * 1000).toISOString(), data };
}

describe("buildTimeline", () => {
  it("shows who led when, the gap without a leader, and each master's up and unreachable spans", () => {
    nextId = 1;
    const events = [
      ev("master.joined", 0, { master: m(1) }),
      ev("master.joined", 0, { master: m(2) }),
      ev("leader.elected", 0, { leader: m(1), previous: null }),
      ev("master.unreachable", 60, { master: m(1) }),
      ev("master.left", 70, { master: m(1) }),
      ev("leader.lost", 70, { previous: m(1) }),
      ev("leader.elected", 75, { leader: m(2), previous: null }),
    ];
    const timeline = buildTimeline([], events, T0, T0 + 100_000);
    expect(timeline.leaders).toEqual([
      { id: key(1), label: "10.0.0.1:5050 #1", from: T0, to: T0 + 70_000 },
      { id: null, label: "no leader", from: T0 + 70_000, to: T0 + 75_000 },
      { id: key(2), label: "10.0.0.2:5050 #2", from: T0 + 75_000, to: T0 + 100_000 },
    ]);
    expect(timeline.masters).toEqual([
      {
        id: key(1),
        label: "10.0.0.1:5050 #1",
        up: [{ from: T0, to: T0 + 60_000 }],
        unreachable: [{ from: T0 + 60_000, to: T0 + 70_000 }],
      },
      { id: key(2), label: "10.0.0.2:5050 #2", up: [{ from: T0, to: T0 + 100_000 }], unreachable: [] },
    ]);
  });

  it("starts the window from the state the earlier events left, clipped to the window", () => {
    nextId = 1;
    const before = [ev("master.joined", -3600, { master: m(1) }), ev("leader.elected", -3600, { leader: m(1) })];
    const events = [ev("master.unreachable", 30, { master: m(1) }), ev("master.reachable", 40, { master: m(1) })];
    const timeline = buildTimeline(before, events, T0, T0 + 60_000);
    expect(timeline.leaders).toEqual([{ id: key(1), label: "10.0.0.1:5050 #1", from: T0, to: T0 + 60_000 }]);
    expect(timeline.masters[0]?.up).toEqual([
      { from: T0, to: T0 + 30_000 },
      { from: T0 + 40_000, to: T0 + 60_000 },
    ]);
    expect(timeline.masters[0]?.unreachable).toEqual([{ from: T0 + 30_000, to: T0 + 40_000 }]);
  });

  it("keeps masters apart that share a znode name but not an address (a reset ZooKeeper)", () => {
    nextId = 1;
    const other = { ...m(1), hostname: "10.0.0.9" };
    const events = [
      ev("master.joined", 0, { master: m(1) }),
      ev("master.left", 10, { master: m(1) }),
      ev("master.joined", 20, { master: other }),
    ];
    const timeline = buildTimeline([], events, T0, T0 + 30_000);
    expect(timeline.masters.map((lane) => [lane.label, lane.up])).toEqual([
      ["10.0.0.1:5050 #1", [{ from: T0, to: T0 + 10_000 }]],
      ["10.0.0.9:5050 #1", [{ from: T0 + 20_000, to: T0 + 30_000 }]],
    ]);
  });

  it("is empty without events, and ignores events after the window and malformed data", () => {
    nextId = 1;
    expect(buildTimeline([], [], T0, T0 + 1000)).toEqual({ from: T0, to: T0 + 1000, leaders: [], masters: [] });
    const timeline = buildTimeline(
      [],
      [ev("master.joined", 0, {}), ev("leader.elected", 5, { leader: m(1) })],
      T0,
      T0 + 1000,
    );
    expect(timeline.masters).toEqual([]);
    expect(timeline.leaders).toEqual([]);
  });

  it("skips an event whose payload does not match its type", () => {
    nextId = 1;
    const events = [
      ev("master.joined", 0, { master: m(1) }),
      ev("leader.elected", 0, { leader: m(1) }),
      ev("leader.elected", 10, { leader: "json.info_0000000002" }),
      ev("master.left", 10, { master: { id: 1 } }),
    ];
    const timeline = buildTimeline([], events, T0, T0 + 20_000);
    expect(timeline.leaders).toEqual([{ id: key(1), label: "10.0.0.1:5050 #1", from: T0, to: T0 + 20_000 }]);
    expect(timeline.masters.map((lane) => lane.up)).toEqual([[{ from: T0, to: T0 + 20_000 }]]);
  });
});
