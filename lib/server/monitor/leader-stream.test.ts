import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { encodeRecordIo } from "@/lib/mesos/recordio";
import { readV1Fixture } from "@/lib/mesos/v1/fixtures";
import { systemClock } from "./clock";
import { COALESCE_MS, FAILURES_BEFORE_POLLING, LeaderStream, QUIET_BEFORE_DROP_MS } from "./leader-stream";
import { encodingFor } from "./stream-encoding";
import { decodeJsonRecord } from "./stream-connection";
import { FakeEnsemble, flushPromises, undecodable, zkMember } from "./test-fakes";
import type { V1CallAnswer, V1StreamSink, V1SubscribeAnswer, v1Call, v1Subscribe } from "./v1-http";
import type { MasterSource } from "./master-source";
import { StaticSource } from "./static-source";
import { ZkSource } from "./zk-source";

const AGENT_S0 = "a0000000-0000-0000-0000-000000000000-S0";
const FRAMEWORK = "f0000000-0000-0000-0000-000000000000-0001";
const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const record = (value: unknown) => encodeRecordIo([bytes(value)]);

/** SUBSCRIBED from the 1.11 fixture; `heartbeatSeconds: null` leaves the interval out, as masters before 1.5 do. */
function subscribed(heartbeatSeconds?: number | null): unknown {
  const fixture = readV1Fixture("subscribed") as { subscribed: Record<string, unknown> };
  const { heartbeat_interval_seconds: fixed, ...rest } = fixture.subscribed;
  const interval = heartbeatSeconds === undefined ? fixed : heartbeatSeconds;
  return {
    ...fixture,
    subscribed: { ...rest, ...(interval === null ? {} : { heartbeat_interval_seconds: interval }) },
  };
}

function taskAdded(id: string, state = "TASK_STAGING") {
  return {
    type: "TASK_ADDED",
    task_added: {
      task: {
        name: id,
        task_id: { value: id },
        framework_id: { value: FRAMEWORK },
        agent_id: { value: AGENT_S0 },
        state,
        resources: [{ name: "cpus", type: "SCALAR", scalar: { value: 0.5 }, role: "*" }],
      },
    },
  };
}

function setup(members = [zkMember(1, "m1"), zkMember(2, "m2")], staticUrls?: string[]) {
  const ensemble = new FakeEnsemble();
  const source: MasterSource = staticUrls
    ? new StaticSource(staticUrls, () => true)
    : new ZkSource(ensemble, "/mesos", [], systemClock);
  source.start(() => undefined);
  ensemble.connect("connected");
  ensemble.list("/mesos", members);
  const sinks: { url: string; sink: V1StreamSink; close: ReturnType<typeof vi.fn> }[] = [];
  const answers: ((url: string) => V1SubscribeAnswer | "open")[] = [];
  const subscribe = vi.fn<typeof v1Subscribe>(async (url, options, sink) => {
    const next = answers.shift() ?? (() => "open" as const);
    const answer = next(url);
    if (answer !== "open") return answer;
    const close = vi.fn();
    sinks.push({ url, sink, close });
    return { kind: "open", url: `${url}/api/v1`, encoding: options.encoding, close };
  });
  const call = vi.fn<typeof v1Call>(async (url): Promise<V1CallAnswer> => ({
    kind: "refused",
    url,
    status: 404,
    message: "no calls in this test",
  }));
  const onRead = vi.fn();
  const onGiveUp = vi.fn();
  const log = vi.fn();
  const stream = new LeaderStream({
    source,
    auth: null,
    clock: systemClock,
    encoding: "json",
    requestTimeoutMs: 5_000,
    maxRecordBytes: 1 << 20,
    checkIntervalMs: 60_000,
    reconcileIntervalMs: 3_600_000,
    io: { subscribe, call, decodeResponse: decodeJsonRecord },
    decode: decodeJsonRecord,
    onRead,
    onGiveUp,
    log,
  });
  const last = () => {
    const sink = sinks.at(-1);
    if (!sink) throw new Error("no subscription was opened");
    return sink;
  };
  return { ensemble, source, stream, subscribe, sinks, answers, last, onGiveUp, log };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.UTC(2024, 0, 1));
});
afterEach(() => vi.useRealTimers());

async function open(t: ReturnType<typeof setup>, heartbeat?: number | null) {
  t.stream.start();
  await vi.advanceTimersByTimeAsync(0);
  t.last().sink.onChunk(record(subscribed(heartbeat)));
  await flushPromises();
}

describe("encodingFor", () => {
  it("asks a 1.0 leader for JSON, whose protobuf TASK_UPDATED is numbered differently", () => {
    expect(encodingFor("1.0.1", "protobuf")).toBe("json");
    expect(encodingFor("1.1.0", "protobuf")).toBe("protobuf");
    expect(encodingFor("1.10.0", "protobuf")).toBe("protobuf");
    expect(encodingFor(null, "protobuf")).toBe("protobuf");
    expect(encodingFor("1.11.0", "json")).toBe("json");
  });
});

describe("LeaderStream", () => {
  it("subscribes to the leader ZooKeeper names and takes SUBSCRIBED's state, then folds events", async () => {
    const t = setup();
    await open(t);
    expect(t.subscribe).toHaveBeenCalledTimes(1);
    expect(t.subscribe.mock.calls[0]?.[0]).toBe("http://m1:5050");
    expect(t.stream.poll).toMatchObject({ status: "ok", mode: "stream", source: "http://m1:5050/api/v1" });
    const running = t.stream.summary?.totals.tasks?.running ?? 0;
    expect(t.stream.summary?.totals.agents).toMatchObject({ active: 1, deactivated: 2 });

    t.last().sink.onChunk(record(taskAdded("new-1", "TASK_RUNNING")));
    await vi.advanceTimersByTimeAsync(COALESCE_MS);
    expect(t.stream.summary?.totals.tasks?.running).toBe(running + 1);
    expect(t.stream.poll.stream).toMatchObject({ events: 1, problems: 0, encoding: "json" });
  });

  it("tells a cluster without ZooKeeper which master leads: the one that streams", async () => {
    const t = setup([], ["http://m1:5050", "http://m2:5050"]);
    t.answers.push((url) => ({ kind: "redirect", url: `${url}/api/v1`, leaderUrl: "http://m2:5050" }));
    await open(t);
    expect(t.subscribe.mock.calls.map((call) => call[0])).toEqual(["http://m1:5050", "http://m2:5050"]);
    expect(t.source.leader()?.url).toBe("http://m2:5050");
    expect(t.stream.poll.status).toBe("ok");
  });

  it("a leader znode that does not decode is a visible failure, retried, and never makes it give the stream up", async () => {
    const t = setup([undecodable(1), zkMember(2, "m2")]);
    t.stream.start();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(t.stream.poll.status).toBe("failed");
    expect(t.stream.poll.error).toMatch(/does not decode/);
    expect(t.onGiveUp).not.toHaveBeenCalled();
    expect(t.subscribe).not.toHaveBeenCalled();
  });

  it("reads a record split across chunks and many records in one chunk", async () => {
    const t = setup();
    await open(t);
    const both = encodeRecordIo([bytes(taskAdded("a", "TASK_RUNNING")), bytes(taskAdded("b", "TASK_RUNNING"))]);
    const running = t.stream.summary?.totals.tasks?.running ?? 0;
    for (let i = 0; i < both.length; i += 7) t.last().sink.onChunk(both.subarray(i, i + 7));
    await vi.advanceTimersByTimeAsync(COALESCE_MS);
    expect(t.stream.summary?.totals.tasks?.running).toBe(running + 2);
  });

  it("a stream cut mid-record is a visible failure, keeps the last state, and subscribes again", async () => {
    const t = setup();
    await open(t);
    const whole = record(taskAdded("cut"));
    t.last().sink.onChunk(whole.subarray(0, whole.length - 5));
    t.last().sink.onEnd(null);
    await flushPromises();
    expect(t.stream.poll.status).toBe("failed");
    expect(t.stream.poll.error).toMatch(/ended mid-record \(\d+ of \d+ bytes\)/);
    expect(t.stream.summary).not.toBeNull();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.subscribe).toHaveBeenCalledTimes(2);
  });

  it("never follows a 307 to a host that is not one of the cluster's masters", async () => {
    const t = setup();
    t.answers.push((url) => ({ kind: "redirect", url: `${url}/api/v1`, leaderUrl: "http://evil:80" }));
    t.stream.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.subscribe).toHaveBeenCalledTimes(1);
    expect(t.stream.poll).toMatchObject({ status: "failed" });
    expect(t.stream.poll.error).toMatch(/points to http:\/\/evil:80\), which is not one of this cluster's masters/);
  });

  it("a master that keeps answering 307 (ZooKeeper's view is behind) is retried, never a reason to poll", async () => {
    const t = setup([zkMember(1, "m1")]);
    for (let i = 0; i < 12; i++)
      t.answers.push((url) => ({ kind: "redirect", url: `${url}/api/v1`, leaderUrl: "http://m1:5050" }));
    t.stream.start();
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    // The answers ran out: the 13th opened the stream (and the next, after a minute without SUBSCRIBED).
    expect(t.subscribe.mock.calls.length).toBeGreaterThanOrEqual(13);
    expect(t.onGiveUp).not.toHaveBeenCalled();
    t.last().sink.onChunk(record(subscribed()));
    await flushPromises();
    expect(t.stream.poll.status).toBe("ok");
  });

  it("follows a 307 to a listed master", async () => {
    const t = setup();
    t.answers.push((url) => ({ kind: "redirect", url: `${url}/api/v1`, leaderUrl: "http://m2:5050" }));
    t.stream.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.subscribe.mock.calls.map((c) => c[0])).toEqual(["http://m1:5050", "http://m2:5050"]);
  });

  it("retries a 503 loop with growing delays and shows why, without giving up on streaming", async () => {
    const t = setup();
    const unavailable = (url: string): V1SubscribeAnswer => ({
      kind: "unavailable",
      url: `${url}/api/v1`,
      message: "HTTP 503: this master was just elected and has not finished recovery",
    });
    for (let i = 0; i < 20; i += 1) t.answers.push(unavailable);
    t.stream.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.stream.poll.error).toMatch(/not finished recovery/);
    await vi.advanceTimersByTimeAsync(500);
    const after500 = t.subscribe.mock.calls.length;
    await vi.advanceTimersByTimeAsync(60_000);
    const calls = t.subscribe.mock.calls.length;
    expect(calls).toBeGreaterThan(after500);
    expect(calls).toBeLessThan(15); // backoff, not a tight loop
    expect(t.onGiveUp).not.toHaveBeenCalled();
  });

  it("ends a stream whose heartbeats stop after five missed intervals", async () => {
    const t = setup();
    await open(t, 15);
    const first = t.last();
    await vi.advanceTimersByTimeAsync(60_000);
    t.last().sink.onChunk(record({ type: "HEARTBEAT" }));
    await vi.advanceTimersByTimeAsync(74_000);
    expect(t.stream.poll.status).toBe("ok");
    await vi.advanceTimersByTimeAsync(2_000);
    expect(t.stream.poll.status).toBe("failed");
    expect(t.stream.poll.error).toMatch(/sent nothing for 75 s, more than 5 heartbeats of 15 s/);
    expect(first.close).toHaveBeenCalled();
  });

  it("keeps a stream whose long record is still arriving, byte by byte, past five heartbeats", async () => {
    const t = setup();
    await open(t, 15);
    const long = record(taskAdded("long", "TASK_RUNNING"));
    for (let i = 0; i < long.length; i++) {
      t.last().sink.onChunk(long.subarray(i, i + 1));
      await vi.advanceTimersByTimeAsync(60_000 / long.length);
    }
    await vi.advanceTimersByTimeAsync(70_000);
    expect(t.stream.poll.status).toBe("ok");
    await vi.advanceTimersByTimeAsync(6_000);
    expect(t.stream.poll.status).toBe("failed"); // and silence after it counts from its last byte
  });

  it("counts an event for an unknown agent as a problem and keeps following", async () => {
    const t = setup();
    await open(t);
    const event = taskAdded("orphan");
    event.task_added.task.agent_id.value = "no-such-agent";
    t.last().sink.onChunk(record(event));
    t.last().sink.onChunk(record({ type: "AGENT_REMOVED", agent_removed: { agent_id: { value: "no-such-agent" } } }));
    await vi.advanceTimersByTimeAsync(COALESCE_MS);
    expect(t.stream.poll.status).toBe("ok");
    expect(t.stream.poll.stream?.problems).toBeGreaterThan(0);
  });

  it("ends a stream whose record is longer than the cap, before buffering it", async () => {
    const t = setup();
    await open(t);
    const first = t.last();
    first.sink.onChunk(new TextEncoder().encode(`${(1 << 20) + 1}\n{`));
    await flushPromises();
    expect(t.stream.poll.status).toBe("failed");
    expect(t.stream.poll.error).toMatch(/broke/);
    expect(first.close).toHaveBeenCalled();
  });

  it("ends a stream whose first record is not SUBSCRIBED, or whose record is not JSON", async () => {
    const t = setup();
    t.stream.start();
    await vi.advanceTimersByTimeAsync(0);
    t.last().sink.onChunk(record(taskAdded("early")));
    await flushPromises();
    expect(t.stream.poll.error).toMatch(/TASK_ADDED before SUBSCRIBED/);
    await vi.advanceTimersByTimeAsync(1_000);
    t.last().sink.onChunk(encodeRecordIo([new TextEncoder().encode("<html>")]));
    await flushPromises();
    expect(t.stream.poll.error).toMatch(/does not decode: a record is not JSON/);
  });

  it("gives the cluster to the poller after repeated failures without SUBSCRIBED, and at once on 404", async () => {
    const t = setup();
    t.stream.start();
    for (let i = 0; i < FAILURES_BEFORE_POLLING; i += 1) {
      await vi.advanceTimersByTimeAsync(30_000);
      t.last().sink.onEnd(null);
      await flushPromises();
    }
    expect(t.onGiveUp).toHaveBeenCalledWith(expect.stringMatching(/failed 5 times in a row/));

    const u = setup();
    u.answers.push((url) => ({ kind: "refused", url, status: 404, message: `${url} has no v1 operator API` }));
    u.stream.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(u.onGiveUp).toHaveBeenCalledWith("http://m1:5050 has no v1 operator API");
  });

  it("keeps the attempt under way when the leader misses health probes while it builds SUBSCRIBED", async () => {
    const t = setup();
    let release: (answer: "open") => void = () => undefined;
    const slow = t.subscribe.getMockImplementation();
    t.subscribe.mockImplementationOnce(async (url, options, sink) => {
      await new Promise<"open">((resolve) => (release = resolve));
      return (await slow?.(url, options, sink)) ?? { kind: "unavailable", url, message: "?" };
    });
    t.stream.start();
    await vi.advanceTimersByTimeAsync(0);
    t.stream.leaderUnreachable(); // while SUBSCRIBE waits for its headers
    await vi.advanceTimersByTimeAsync(3_000);
    release("open");
    await vi.advanceTimersByTimeAsync(0);
    t.last().sink.onChunk(record(subscribed(15)));
    await flushPromises();
    expect(t.subscribe).toHaveBeenCalledTimes(1);
    expect(t.sinks[0]?.close).not.toHaveBeenCalled();
    expect(t.stream.poll.status).toBe("ok");
    // With heartbeats, the watchdog is the judge of an open stream, not the prober.
    t.stream.leaderUnreachable();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(t.subscribe).toHaveBeenCalledTimes(1);
  });

  it("drops a stream without heartbeats (before 1.5) that is quiet when the leader stops answering", async () => {
    const t = setup();
    await open(t, null); // no heartbeat_interval_seconds: a 1.4 master
    t.stream.leaderUnreachable();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.subscribe).toHaveBeenCalledTimes(1); // it just sent SUBSCRIBED: alive
    await vi.advanceTimersByTimeAsync(QUIET_BEFORE_DROP_MS);
    t.stream.leaderUnreachable();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.sinks[0]?.close).toHaveBeenCalled();
    expect(t.subscribe).toHaveBeenCalledTimes(2);
  });

  it("ends a stream that sends no SUBSCRIBED in time", async () => {
    const t = setup();
    t.stream.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.stream.poll.error).toMatch(/sent no SUBSCRIBED within 60 s/);
  });

  it("drops the stream and subscribes to the new leader when ZooKeeper names another", async () => {
    const t = setup();
    await open(t);
    const first = t.last();
    t.ensemble.list("/mesos", [zkMember(2, "m2")]);
    t.stream.leaderChanged();
    await vi.advanceTimersByTimeAsync(0);
    expect(first.close).toHaveBeenCalled();
    expect(t.last().url).toBe("http://m2:5050");
  });
});
