import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ClusterEventView } from "@/lib/shared/events";
import { systemClock } from "./clock";
import { DEFAULT_EVENT_TIMING } from "./derive-state";
import { type EventDraft, type RecordedState } from "@/lib/server/events/recorded-state";
import type { MasterHealth } from "./health-prober";
import { Reconciler, type ReconcilerOptions } from "./reconciler";
import type { Sighting } from "./state-view";
import { deferred, flushPromises, zkMaster } from "./test-fakes";
import { deriveEvents } from "./derive-events";
import type * as DeriveEvents from "./derive-events";

vi.mock("./derive-events", async (importOriginal) => {
  const actual = await importOriginal<typeof DeriveEvents>();
  return { ...actual, deriveEvents: vi.fn(actual.deriveEvents) };
});

const M1 = zkMaster(1, "m1");
const M2 = zkMaster(2, "m2");
const T0 = 5_000_000;

function sighting(overrides: Partial<Sighting> = {}): Sighting {
  return {
    masters: [M1, M2],
    leader: M1,
    fresh: true,
    zk: { status: "connected", since: T0 - 60_000, expiryPending: false, connectString: "zk:2181" },
    health: new Map<string, MasterHealth>(),
    summary: null,
    poll: {
      status: "pending",
      error: null,
      lastSuccessAt: null,
      source: null,
      durationMs: null,
      bytes: null,
      intervalMs: 1_000,
      mode: "poll",
      modeReason: null,
      stream: null,
    },
    ...overrides,
  };
}

let nextId = 100;
const stored = (events: EventDraft[]): ClusterEventView[] =>
  events.map(
    (e) =>
      ({
        id: ++nextId,
        clusterId: 1,
        type: e.type,
        at: new Date(e.at).toISOString(),
        data: e.data,
      }) as ClusterEventView,
  );

function setup(initial: Sighting = sighting(), recorded: RecordedState | null = null) {
  let seen = initial;
  const calls: string[] = [];
  const options = {
    clusterName: "prod",
    timing: DEFAULT_EVENT_TIMING,
    clock: systemClock,
    sight: vi.fn(() => seen),
    record: vi.fn<ReconcilerOptions["record"]>(async (events) => stored(events)),
    publishEvents: vi.fn<ReconcilerOptions["publishEvents"]>(),
    onRecorded: vi.fn<ReconcilerOptions["onRecorded"]>(),
    onRun: vi.fn(() => calls.push("run")),
    log: vi.fn<ReconcilerOptions["log"]>(),
  };
  const reconciler = new Reconciler(recorded, 42, options);
  return { reconciler, options, calls, see: (next: Sighting) => (seen = next) };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => vi.useRealTimers());

describe("Reconciler", () => {
  it("records the first observation, publishes the stored events, and takes the newest id as version", async () => {
    const t = setup();
    expect(t.reconciler.lastEventId).toBe(42);
    t.reconciler.run();
    await t.reconciler.settled();
    const [events, recorded] = t.options.record.mock.calls[0] ?? [];
    expect(events?.map((e) => e.type)).toEqual(["zk.connected", "leader.elected", "master.joined", "master.joined"]);
    expect(t.options.onRecorded).toHaveBeenCalledWith(recorded);
    expect(t.reconciler.recorded).toBe(recorded);
    expect(t.options.publishEvents.mock.calls[0]?.[0]).toHaveLength(4);
    expect(t.reconciler.lastEventId).toBe(nextId);
    expect(t.reconciler.leaderTimes).toEqual({ lastLeaderId: M1.id, leaderSince: T0, noLeaderSince: null });
  });

  it("records only on change, and publishes the state on every run", async () => {
    const t = setup();
    t.reconciler.run();
    await t.reconciler.settled();
    t.reconciler.run();
    await t.reconciler.settled();
    expect(t.options.record).toHaveBeenCalledTimes(1);
    expect(t.options.onRun).toHaveBeenCalledTimes(2);
    t.see(
      sighting({
        health: new Map([[M2.id, { reachable: false, elected: null, error: "down", impostor: null, since: T0 }]]),
      }),
    );
    t.reconciler.run();
    await t.reconciler.settled();
    expect(t.options.record.mock.calls[1]?.[0].map((e) => e.type)).toEqual(["master.unreachable"]);
  });

  it("derives once from the same observation, however a followed stream's counters move", async () => {
    const stream = (events: number, differences = 0) => ({
      encoding: "protobuf" as const,
      subscribedAt: new Date(T0).toISOString(),
      events,
      lastRecordAt: new Date(T0 + events).toISOString(),
      heartbeatSeconds: 15,
      checks: 1,
      differences,
      lastDifference: differences ? { at: new Date(T0).toISOString(), reason: "task counts differ" } : null,
      problems: 0,
    });
    const streaming = (events: number, differences = 0) =>
      sighting({ poll: { ...sighting().poll, status: "ok", mode: "stream", stream: stream(events, differences) } });
    const t = setup(streaming(1));
    t.reconciler.run(); // the first run sees the first fresh list since the start, which the next one does not
    await t.reconciler.settled();
    const derived = vi.mocked(deriveEvents);
    derived.mockClear();
    t.options.onRun.mockClear();
    for (let events = 1; events <= 5; events++) {
      t.see(streaming(events));
      t.reconciler.run();
      await t.reconciler.settled();
    }
    expect(derived).toHaveBeenCalledTimes(1);
    expect(t.options.onRun).toHaveBeenCalledTimes(5); // the view is still published every time
    t.see(streaming(6, 1));
    t.reconciler.run();
    await t.reconciler.settled();
    expect(derived).toHaveBeenCalledTimes(2);
    expect(t.options.record.mock.calls.at(-1)?.[0].map((e) => e.type)).toEqual(["stream.difference"]);
  });

  it("folds calls made while a run records into one more run", async () => {
    const t = setup();
    const recording = deferred<ClusterEventView[]>();
    t.options.record.mockReturnValueOnce(recording.promise);
    t.reconciler.run();
    t.reconciler.run();
    t.reconciler.run();
    t.reconciler.run();
    expect(t.options.sight).toHaveBeenCalledTimes(1);
    recording.resolve([]);
    await t.reconciler.settled();
    expect(t.options.onRun).toHaveBeenCalledTimes(2);
  });

  it("derives again at recheckAt when a grace period ends", async () => {
    const t = setup();
    t.reconciler.run();
    await t.reconciler.settled();
    const zk = { status: "disconnected" as const, since: T0, expiryPending: false, connectString: "zk:2181" };
    t.see(sighting({ zk, fresh: false }));
    t.reconciler.run();
    await t.reconciler.settled();
    expect(t.options.record).toHaveBeenCalledTimes(1); // within the grace period
    await vi.advanceTimersByTimeAsync(DEFAULT_EVENT_TIMING.zkDisconnectGraceMs + 9);
    expect(t.options.onRun).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    await t.reconciler.settled();
    expect(t.options.record.mock.calls[1]?.[0].map((e) => e.type)).toEqual(["zk.disconnected"]);
  });

  it("observes a pending expiry as expired", async () => {
    const t = setup();
    t.reconciler.run();
    await t.reconciler.settled();
    t.see(sighting({ zk: { status: "connected", since: T0, expiryPending: true, connectString: "zk:2181" } }));
    t.reconciler.run();
    await t.reconciler.settled();
    expect(t.options.record.mock.calls[1]?.[0].map((e) => e.type)).toEqual(["zk.session_expired"]);
    expect(t.options.onRecorded).toHaveBeenLastCalledWith(expect.objectContaining({ zk: "expired" }));
  });

  it("logs a failed recording, keeps the record as it was, and runs again on the next call", async () => {
    const t = setup();
    t.options.record.mockRejectedValueOnce(new Error("database is locked"));
    t.reconciler.run();
    await t.reconciler.settled();
    expect(t.options.log).toHaveBeenCalledWith("[monitor] prod: recording failed: Error: database is locked");
    expect(t.reconciler.recorded).toBeNull();
    expect(t.options.onRun).not.toHaveBeenCalled();
    t.reconciler.run();
    await t.reconciler.settled();
    expect(t.options.record).toHaveBeenCalledTimes(2);
    expect(t.reconciler.recorded?.zk).toBe("connected");
  });

  it("tracks when no master leads, only from a fresh list", async () => {
    const t = setup();
    t.reconciler.run();
    await t.reconciler.settled();
    vi.setSystemTime(T0 + 1_000);
    t.see(sighting({ leader: null, fresh: false }));
    t.reconciler.run();
    await t.reconciler.settled();
    expect(t.reconciler.leaderTimes.lastLeaderId).toBe(M1.id);
    t.see(sighting({ leader: null }));
    t.reconciler.run();
    await t.reconciler.settled();
    expect(t.reconciler.leaderTimes).toEqual({ lastLeaderId: null, leaderSince: T0, noLeaderSince: T0 + 1_000 });
  });

  it("keeps a dispute's since while its reason holds", async () => {
    const claims = new Map<string, MasterHealth>([
      [M2.id, { reachable: true, elected: true, error: null, impostor: null, since: T0 }],
    ]);
    const t = setup(sighting({ health: claims }));
    t.reconciler.run();
    await t.reconciler.settled();
    expect(t.reconciler.dispute?.since).toBe(T0);
    vi.setSystemTime(T0 + 2_000);
    t.reconciler.run();
    await t.reconciler.settled();
    expect(t.reconciler.dispute).toEqual({
      reason: `m2:5050 (${M2.id}) reports master/elected=1, but ZooKeeper's leader is m1:5050 (${M1.id})`,
      since: T0,
    });
  });

  it("runs no more after stop", async () => {
    const t = setup();
    t.reconciler.stop();
    t.reconciler.run();
    await flushPromises();
    expect(t.options.sight).not.toHaveBeenCalled();
  });
});
