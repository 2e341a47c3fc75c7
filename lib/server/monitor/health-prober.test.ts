import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { systemClock } from "./clock";
import { HealthProber } from "./health-prober";
import type { TrackedMaster } from "./master-list";
import type { MonitorIo } from "./monitor-io";
import { type Deferred, deferred, flushPromises, staticMaster, undecodable } from "./test-fakes";
import { fromZkMember } from "./master-list";
import { type ElectedProbe, NOT_A_MASTER } from "./master-api";

const A = staticMaster("http://a:5050");
const B = { ...staticMaster("http://b:5050"), version: null };

function setup(initial: TrackedMaster[] = [A, B], leader: string | null = A.id) {
  let masters = initial;
  let leaderId = leader;
  /** Connections held open, by URL: `close()` is the master's side closing it. */
  const held = new Map<string, { released: boolean; close: () => void }[]>();
  const health = new Map<string, Deferred<void>[]>();
  const elected = new Map<string, Deferred<ElectedProbe>[]>();
  const queue = <T>(map: Map<string, Deferred<T>[]>, url: string) => {
    const next = deferred<T>();
    map.set(url, [...(map.get(url) ?? []), next]);
    return next.promise;
  };
  const io = {
    probeHealth: vi.fn<MonitorIo["probeHealth"]>((url) => queue(health, url)),
    probeElected: vi.fn<MonitorIo["probeElected"]>((url) => queue(elected, url)),
    holdConnection: vi.fn<MonitorIo["holdConnection"]>((url, onClosed) => {
      const connection = { released: false, close: () => (connection.released ? undefined : onClosed()) };
      held.set(url, [...(held.get(url) ?? []), connection]);
      return { release: () => (connection.released = true) };
    }),
  };
  const events: string[] = [];
  const prober = new HealthProber({
    masters: () => masters,
    fallbackVersion: () => "1.4.0",
    leaderId: () => leaderId,
    healthIntervalMs: 500,
    standbyIntervalMs: 5_000,
    healthTimeoutMs: 1_000,
    electedIntervalMs: 5_000,
    auth: { username: "u", password: "p" },
    clock: systemClock,
    io,
    onReachability: (id, reachable) => events.push(`${id} ${reachable ? "up" : "down"}`),
    onElected: (id) => events.push(`${id} elected`),
  });
  const last = <T>(map: Map<string, Deferred<T>[]>, url: string) => {
    const pending = map.get(url)?.at(-1);
    if (!pending) throw new Error(`no probe of ${url}`);
    return pending;
  };
  return {
    prober,
    io,
    events,
    setMasters: (next: TrackedMaster[]) => (masters = next),
    setLeader: (id: string | null) => (leaderId = id),
    held: (url: string) => held.get(url) ?? [],
    health: (url: string) => last(health, url),
    elected: (url: string) => last(elected, url),
  };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(2_000_000);
});
afterEach(() => vi.useRealTimers());

describe("HealthProber", () => {
  it("probes every master with a URL at start and at each interval, one probe in flight per master", async () => {
    const t = setup([A, fromZkMember(undecodable(1), null)]);
    t.prober.start();
    expect(t.io.probeHealth).toHaveBeenCalledTimes(1);
    expect(t.io.probeHealth).toHaveBeenCalledWith("http://a:5050", {
      auth: { username: "u", password: "p" },
      timeoutMs: 1_000,
      maxBytes: 1 << 20,
    });
    t.prober.probeAll();
    await vi.advanceTimersByTimeAsync(500);
    expect(t.io.probeHealth).toHaveBeenCalledTimes(1); // still in flight
    t.health("http://a:5050").resolve();
    await flushPromises();
    await vi.advanceTimersByTimeAsync(500);
    expect(t.io.probeHealth).toHaveBeenCalledTimes(2);
    t.prober.stop();
  });

  it("records reachability changes with since from the clock, and reports only changes", async () => {
    const t = setup([A]);
    t.prober.start();
    t.health("http://a:5050").reject(new Error("http://a:5050 refused the connection"));
    await flushPromises();
    expect(t.prober.health.get(A.id)).toMatchObject({
      reachable: false,
      elected: null,
      error: "http://a:5050 refused the connection",
      since: 2_000_000,
    });
    vi.setSystemTime(2_003_000);
    t.prober.probeAll();
    t.health("http://a:5050").reject(new Error("timed out"));
    await flushPromises();
    expect(t.prober.health.get(A.id)).toMatchObject({ reachable: false, error: "timed out", since: 2_000_000 });
    vi.setSystemTime(2_007_000);
    t.prober.probeAll();
    t.health("http://a:5050").resolve();
    await flushPromises();
    expect(t.prober.health.get(A.id)).toMatchObject({ reachable: true, error: null, since: 2_007_000 });
    expect(t.events).toEqual([`${A.id} down`, `${A.id} up`]);
    t.prober.stop();
  });

  it("asks master/elected only of reachable masters, at once when one becomes reachable", async () => {
    const t = setup([A, B]);
    t.prober.start();
    t.prober.probeAllElected();
    expect(t.io.probeElected).not.toHaveBeenCalled();
    t.health("http://a:5050").resolve();
    t.health("http://b:5050").reject(new Error("down"));
    await flushPromises();
    expect(t.io.probeElected).toHaveBeenCalledTimes(1);
    expect(t.io.probeElected).toHaveBeenCalledWith("http://a:5050", "1.4.0", {
      auth: { username: "u", password: "p" },
      timeoutMs: 2_000,
      maxBytes: 1 << 20,
    });
    t.prober.probeAllElected(); // in flight: not asked twice
    expect(t.io.probeElected).toHaveBeenCalledTimes(1);
    t.elected("http://a:5050").resolve(true);
    await flushPromises();
    expect(t.prober.health.get(A.id)?.elected).toBe(true);
    expect(t.events).toContain(`${A.id} elected`);
    t.prober.stop();
  });

  it("forgets elected when a master becomes unreachable, and treats a failed elected probe as unknown", async () => {
    const t = setup([A]);
    t.prober.start();
    t.health("http://a:5050").resolve();
    await flushPromises();
    t.elected("http://a:5050").resolve(true);
    await flushPromises();
    t.prober.probeAll();
    t.health("http://a:5050").reject(new Error("down"));
    await flushPromises();
    expect(t.prober.health.get(A.id)?.elected).toBeNull();
    t.prober.probeAll();
    t.health("http://a:5050").resolve();
    await flushPromises();
    t.elected("http://a:5050").reject(new Error("401"));
    await flushPromises();
    expect(t.prober.health.get(A.id)?.elected).toBeNull();
    t.prober.stop();
  });

  it("marks a host that answers /health but not as a Mesos master, until it answers as one", async () => {
    const t = setup([A]);
    t.prober.start();
    t.health("http://a:5050").resolve();
    await flushPromises();
    t.elected("http://a:5050").resolve(NOT_A_MASTER);
    await flushPromises();
    expect(t.prober.health.get(A.id)).toMatchObject({
      reachable: true,
      elected: null,
      impostor: expect.stringContaining("not a Mesos master"),
    });
    t.prober.probeAllElected();
    t.elected("http://a:5050").resolve(false);
    await flushPromises();
    expect(t.prober.health.get(A.id)).toMatchObject({ elected: false, impostor: null });
    t.prober.stop();
  });

  it("forgets masters no longer listed, and ignores their late answers", async () => {
    const t = setup([A, B]);
    t.prober.start();
    t.setMasters([A]);
    t.prober.forgetUnlisted();
    expect([...t.prober.health.keys()]).toEqual([A.id]);
    t.health("http://b:5050").resolve();
    await flushPromises();
    expect(t.prober.health.has(B.id)).toBe(false);
    expect(t.events).toEqual([]);
    t.prober.stop();
  });

  it("ignores answers after stop and probes no more", async () => {
    const t = setup([A]);
    t.prober.start();
    t.prober.stop();
    t.health("http://a:5050").resolve();
    await flushPromises();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(t.prober.health.get(A.id)?.reachable).toBeNull();
    expect(t.io.probeHealth).toHaveBeenCalledTimes(1);
    expect(t.events).toEqual([]);
  });

  it("holds a connection to each master that answers, and probes the leader every interval but a held standby every 5 s", async () => {
    const t = setup([A, B], A.id);
    t.prober.start();
    t.health("http://a:5050").resolve();
    t.health("http://b:5050").resolve();
    await flushPromises();
    expect(t.held("http://a:5050")).toHaveLength(1);
    expect(t.held("http://b:5050")).toHaveLength(1);
    const probesOf = (url: string) => t.io.probeHealth.mock.calls.filter(([u]) => u === url).length;
    for (let tick = 0; tick < 9; tick++) {
      await vi.advanceTimersByTimeAsync(500);
      t.health("http://a:5050").resolve();
      await flushPromises();
    }
    expect(probesOf("http://a:5050")).toBe(10); // at start and at each of 9 ticks
    expect(probesOf("http://b:5050")).toBe(1); // 4.5 s: not due yet
    await vi.advanceTimersByTimeAsync(500);
    expect(probesOf("http://b:5050")).toBe(2);
    expect(t.held("http://b:5050")).toHaveLength(1); // still held: not opened twice
    t.prober.stop();
    expect(t.held("http://a:5050").every((c) => c.released)).toBe(true);
    expect(t.held("http://b:5050").every((c) => c.released)).toBe(true);
  });

  it("probes a standby at once when its held connection closes, and fast until one is held again", async () => {
    const t = setup([A, B], A.id);
    t.prober.start();
    t.health("http://a:5050").resolve();
    t.health("http://b:5050").resolve();
    await flushPromises();
    const probesOf = (url: string) => t.io.probeHealth.mock.calls.filter(([u]) => u === url).length;
    vi.setSystemTime(2_001_000);
    t.held("http://b:5050")[0]?.close(); // the standby's process died
    expect(probesOf("http://b:5050")).toBe(2);
    t.health("http://b:5050").reject(new Error("http://b:5050 refused the connection"));
    await flushPromises();
    expect(t.prober.health.get(B.id)).toMatchObject({ reachable: false, since: 2_001_000 });
    expect(t.events).toEqual([`${A.id} up`, `${B.id} up`, `${B.id} down`]);
    // Back: answered probes at the short interval; a connection is held again only 5 s after the last one closed.
    await vi.advanceTimersByTimeAsync(500);
    t.health("http://b:5050").resolve();
    await flushPromises();
    expect(t.prober.health.get(B.id)?.reachable).toBe(true);
    expect(t.held("http://b:5050")).toHaveLength(1);
    const before = probesOf("http://b:5050");
    await vi.advanceTimersByTimeAsync(500);
    expect(probesOf("http://b:5050")).toBe(before + 1); // no connection held: probed every interval
    t.prober.stop();
  });

  it("lets go of the connection of a master that stops answering, or is no longer listed, and after a change of leader probes the new one often", async () => {
    const t = setup([A, B], A.id);
    t.prober.start();
    t.health("http://a:5050").resolve();
    t.health("http://b:5050").resolve();
    await flushPromises();
    await vi.advanceTimersByTimeAsync(500);
    t.health("http://a:5050").reject(new Error("http://a:5050 did not answer within 1000 ms")); // hung
    await flushPromises();
    expect(t.held("http://a:5050")[0]?.released).toBe(true);
    t.setLeader(B.id);
    const probesOfB = () => t.io.probeHealth.mock.calls.filter(([u]) => u === "http://b:5050").length;
    const before = probesOfB();
    await vi.advanceTimersByTimeAsync(500);
    expect(probesOfB()).toBe(before + 1);
    t.setMasters([A]);
    t.prober.forgetUnlisted();
    expect(t.held("http://b:5050")[0]?.released).toBe(true);
    t.prober.stop();
  });
});
