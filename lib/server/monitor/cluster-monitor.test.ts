import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ClusterStateView } from "@/lib/shared/cluster-state";
import { parseZkUrl } from "@/lib/zk/url";
import { systemClock } from "./clock";
import { ClusterMonitor, type MonitorDeps, type MonitorSettings } from "./cluster-monitor";
import { DEFAULT_EVENT_TIMING } from "./derive-state";
import type { MonitorIo } from "./monitor-io";
import { FakeEnsemble, flushPromises, leaderState, zkMember } from "./test-fakes";

const SETTINGS: MonitorSettings = {
  pollBaseMs: 1_000,
  healthIntervalMs: 500,
  standbyHealthIntervalMs: 5_000,
  healthTimeoutMs: 1_000,
  electedIntervalMs: 5_000,
  requestTimeoutMs: 15_000,
  maxStateBytes: 1 << 24,
  stream: { enabled: false, encoding: "json", checkIntervalMs: 60_000, reconcileIntervalMs: 3_600_000 },
  timing: DEFAULT_EVENT_TIMING,
};

function setup() {
  const ensemble = new FakeEnsemble();
  ensemble.connection = "connected";
  const views: ClusterStateView[] = [];
  const deps: MonitorDeps = {
    record: vi.fn<MonitorDeps["record"]>(async (clusterId, events) =>
      events.map((e, i) => ({ id: i + 1, clusterId, type: e.type, at: new Date(e.at).toISOString(), data: e.data })),
    ),
    publishEvents: vi.fn(),
    publishState: (_, view) => views.push(view),
    log: vi.fn(),
  };
  const io: MonitorIo = {
    probeHealth: vi.fn(async () => undefined),
    probeElected: vi.fn(async (url: string) => url === "http://m1:5050"),
    holdConnection: vi.fn(() => ({ release: () => undefined })),
    fetchState: vi.fn(async (url: string) => ({
      kind: "state" as const,
      url: `${url}/master/state`,
      state: leaderState(url === "http://m1:5050" ? "master@10.0.0.1:5050" : "master@10.0.0.2:5050", {}, 3),
      bytes: 10,
      durationMs: 1,
    })),
    fetchMetrics: vi.fn(async () => null),
    subscribe: vi.fn(async () => {
      throw new Error("this test polls");
    }),
    call: vi.fn(async () => {
      throw new Error("this test polls");
    }),
    decodeRecord: () => ({ ok: false, error: "this test polls" }),
    decodeResponse: () => ({ ok: false, error: "this test polls" }),
  };
  const definition = {
    id: 3,
    name: "prod",
    zk: parseZkUrl("zk://zk1:2181/mesos"),
    masters: null,
    httpAuth: null,
    allowedMasters: null,
  };
  const monitor = new ClusterMonitor(definition, null, 0, SETTINGS, deps, ensemble, { clock: systemClock, io });
  return { ensemble, monitor, deps, io, views };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("ClusterMonitor", () => {
  it("composes the parts: list, probe, read the leader, record, publish", async () => {
    const t = setup();
    t.monitor.start();
    t.ensemble.list("/mesos", [zkMember(1, "m1"), zkMember(2, "m2")]);
    await vi.advanceTimersByTimeAsync(0);
    await t.monitor.settled();
    const view = t.monitor.view();
    expect(view.leader?.hostname).toBe("m1");
    expect(view.masters.map((m) => [m.hostname, m.reachable, m.elected])).toEqual([
      ["m1", true, true],
      ["m2", true, false],
    ]);
    expect(view.poll.status).toBe("ok");
    const all = { offset: 0, limit: 100, text: "", status: "all", sort: "hostname", descending: false } as const;
    expect(t.monitor.agents(all)).toMatchObject({ total: 3, matched: 3, offset: 0 });
    expect(t.monitor.agents(all).agents).toHaveLength(3);
    expect(t.monitor.agents({ ...all, offset: 1, limit: 1 }).agents).toEqual(t.monitor.agents(all).agents?.slice(1, 2));
    expect(t.views.at(-1)?.leader?.hostname).toBe("m1");
    const recorded = vi.mocked(t.deps.record).mock.calls.flatMap(([, events]) => events.map((e) => e.type));
    expect(recorded).toEqual(expect.arrayContaining(["zk.connected", "leader.elected", "master.joined"]));
    t.monitor.stop();
  });

  it("reads the new leader at once when ZooKeeper lists another", async () => {
    const t = setup();
    t.monitor.start();
    t.ensemble.list("/mesos", [zkMember(1, "m1"), zkMember(2, "m2")]);
    await vi.advanceTimersByTimeAsync(0);
    await t.monitor.settled();
    t.ensemble.list("/mesos", [zkMember(2, "m2")]);
    await vi.advanceTimersByTimeAsync(0);
    await t.monitor.settled();
    expect(vi.mocked(t.io.fetchState).mock.calls.at(-1)?.[0]).toBe("http://m2:5050");
    expect(t.monitor.view().masters.map((m) => m.hostname)).toEqual(["m2"]);
    t.monitor.stop();
  });

  it("leaves no timer and no listener behind on stop", async () => {
    const t = setup();
    t.monitor.start();
    t.ensemble.list("/mesos", [zkMember(1, "m1")]);
    await vi.advanceTimersByTimeAsync(0);
    await t.monitor.settled();
    t.monitor.stop();
    await flushPromises();
    expect(vi.getTimerCount()).toBe(0);
    expect(t.ensemble.watches.size + t.ensemble.listenerCount("connection")).toBe(0);
  });
});
