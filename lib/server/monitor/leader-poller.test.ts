import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { systemClock } from "./clock";
import { LeaderPoller } from "./leader-poller";
import type { StateAnswer } from "./master-api";
import { MasterHttpError } from "./master-http";
import type { MonitorIo } from "./monitor-io";
import { backoffMs, pollIntervalMs } from "./schedule";
import { FakeEnsemble, deferred, flushPromises, leaderState, undecodable, zkMember } from "./test-fakes";
import { ZkSource } from "./zk-source";

const BASE_MS = 2_000;

function stateOf(url: string, agents = 0, durationMs = 40): StateAnswer {
  return {
    kind: "state",
    url: `${url}/master/state`,
    state: leaderState("master@10.0.0.1:5050", { version: "1.10.0" }, agents),
    bytes: 1234,
    durationMs,
  };
}

function setup() {
  const ensemble = new FakeEnsemble();
  const source = new ZkSource(ensemble, "/mesos", [], systemClock);
  source.start(() => undefined);
  ensemble.connect("connected");
  const io = {
    fetchState: vi.fn<MonitorIo["fetchState"]>(),
    fetchMetrics: vi.fn<MonitorIo["fetchMetrics"]>(async () => ({ "master/tasks_running": 3 })),
  };
  const onRead = vi.fn();
  const poller = new LeaderPoller({
    source,
    pollBaseMs: BASE_MS,
    requestTimeoutMs: 15_000,
    maxStateBytes: 1 << 24,
    auth: null,
    clock: systemClock,
    io,
    onRead,
  });
  return { ensemble, source, io, onRead, poller };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.UTC(2024, 0, 1));
});
afterEach(() => vi.useRealTimers());

describe("LeaderPoller", () => {
  it("is pending before ZooKeeper lists the masters, and reads nothing", async () => {
    const t = setup();
    await t.poller.readNow();
    expect(t.poller.poll).toMatchObject({ status: "pending", error: null, intervalMs: BASE_MS });
    expect(t.io.fetchState).not.toHaveBeenCalled();
    expect(t.onRead).toHaveBeenCalledTimes(1);
    t.poller.stop();
  });

  it("reads the leader's state and metrics, and polls again at the interval for the cluster's size", async () => {
    const t = setup();
    t.ensemble.list("/mesos", [zkMember(1, "m1")]);
    t.io.fetchState.mockResolvedValue(stateOf("http://m1:5050", 600, 40));
    t.poller.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.io.fetchState).toHaveBeenCalledWith("http://m1:5050", "1.11.0", {
      auth: null,
      timeoutMs: 15_000,
      maxBytes: 1 << 24,
    });
    expect(t.io.fetchMetrics).toHaveBeenCalledWith("http://m1:5050", "1.10.0", {
      auth: null,
      timeoutMs: 15_000,
      maxBytes: 1 << 20,
    });
    const intervalMs = pollIntervalMs(600, BASE_MS, 40);
    expect(t.poller.poll).toEqual({
      status: "ok",
      error: null,
      lastSuccessAt: "2024-01-01T00:00:00.000Z",
      source: "http://m1:5050/master/state",
      durationMs: 40,
      bytes: 1234,
      intervalMs,
      mode: "poll",
      modeReason: null,
      stream: null,
    });
    expect(t.poller.summary).toMatchObject({
      masterId: "json.info_0000000001",
      metrics: { "master/tasks_running": 3 },
    });
    expect(t.poller.summary?.totals.agents?.active).toBe(600);
    expect(t.poller.summary?.electedAt).toBe("2023-11-14T22:13:20.000Z");
    await vi.advanceTimersByTimeAsync(intervalMs - 1);
    expect(t.io.fetchState).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.io.fetchState).toHaveBeenCalledTimes(2);
    t.poller.stop();
  });

  it("backs off while reads fail, and starts over when the leader changes", async () => {
    const t = setup();
    t.ensemble.list("/mesos", [zkMember(1, "m1")]);
    t.io.fetchState.mockRejectedValue(new MasterHttpError("refused", "http://m1:5050 refused the connection"));
    await t.poller.readNow();
    expect(t.poller.poll).toMatchObject({
      status: "failed",
      error: "http://m1:5050 refused the connection",
      intervalMs: backoffMs(1, 1_000),
    });
    await vi.advanceTimersByTimeAsync(backoffMs(1, 1_000));
    expect(t.poller.poll.intervalMs).toBe(backoffMs(2, 1_000));
    t.io.fetchState.mockRejectedValue(new TypeError("boom"));
    t.poller.leaderChanged();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.poller.poll).toMatchObject({
      error: "unexpected error: TypeError: boom",
      intervalMs: backoffMs(1, 1_000),
    });
    t.poller.stop();
  });

  it("follows a not-leader's redirect to a listed master, and names a target that is not one", async () => {
    const t = setup();
    t.ensemble.list("/mesos", [zkMember(1, "m1"), zkMember(2, "m2")]);
    t.io.fetchState.mockImplementation(async (url) =>
      url === "http://m1:5050"
        ? { kind: "not-leader", url: "http://m1:5050/master/state", leaderUrl: "http://10.0.0.2:5050" }
        : stateOf(url),
    );
    await t.poller.readNow();
    expect(t.io.fetchState.mock.calls.map(([url]) => url)).toEqual(["http://m1:5050", "http://m2:5050"]);
    expect(t.poller.summary?.masterId).toBe("json.info_0000000002");

    t.io.fetchState.mockResolvedValue({
      kind: "not-leader",
      url: "http://m1:5050/master/state",
      leaderUrl: "http://elsewhere:5050",
    });
    await t.poller.readNow();
    expect(t.poller.poll).toMatchObject({
      status: "failed",
      error:
        "http://m1:5050/master/state is not the leader (it points to http://elsewhere:5050), which is not one of this cluster's masters",
    });
    t.poller.stop();
  });

  it("fails with the decoding error when the leader's znode does not decode", async () => {
    const t = setup();
    t.ensemble.list("/mesos", [undecodable(1, "unexpected end of JSON"), zkMember(2, "m2")]);
    await t.poller.readNow();
    expect(t.poller.poll).toMatchObject({
      status: "failed",
      error: "the leader's znode json.info_0000000001 does not decode: unexpected end of JSON",
    });
    expect(t.io.fetchState).not.toHaveBeenCalled();
    t.poller.stop();
  });

  it("shares one request among concurrent reads", async () => {
    const t = setup();
    t.ensemble.list("/mesos", [zkMember(1, "m1")]);
    const answer = deferred<StateAnswer>();
    t.io.fetchState.mockReturnValue(answer.promise);
    const first = t.poller.readNow();
    const second = t.poller.readNow();
    expect(second).toBe(first);
    answer.resolve(stateOf("http://m1:5050"));
    await Promise.all([first, second]);
    expect(t.io.fetchState).toHaveBeenCalledTimes(1);
    expect(t.onRead).toHaveBeenCalledTimes(1);
    t.poller.stop();
  });

  it("drops an answer that arrives after stop and schedules nothing", async () => {
    const t = setup();
    t.ensemble.list("/mesos", [zkMember(1, "m1")]);
    const answer = deferred<StateAnswer>();
    t.io.fetchState.mockReturnValue(answer.promise);
    const read = t.poller.readNow();
    t.poller.stop();
    answer.resolve(stateOf("http://m1:5050"));
    await read;
    await flushPromises();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.poller.summary).toBeNull();
    expect(t.onRead).not.toHaveBeenCalled();
    expect(t.io.fetchState).toHaveBeenCalledTimes(1);
  });
});
