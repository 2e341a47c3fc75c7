import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PollView } from "@/lib/shared/cluster-state";
import { systemClock } from "./clock";
import { LeaderFollower, STREAM_RETRY_MS, versionReason } from "./leader-follower";
import type { LeaderStateReader } from "./leader-state-reader";
import type { ZkMember } from "@/lib/zk/masters";
import { FakeEnsemble, zkMember } from "./test-fakes";

/** A decodable member znode of the given Mesos version. */
function member(sequence: number, hostname: string, version: string): ZkMember {
  const base = zkMember(sequence, hostname);
  return base.decoded ? { ...base, version } : base;
}
import { ZkSource } from "./zk-source";

function fakeReader(kind: "stream" | "poll"): LeaderStateReader & { started: boolean; stopped: boolean } {
  const poll: PollView = {
    status: "pending",
    error: null,
    lastSuccessAt: null,
    source: null,
    durationMs: null,
    bytes: null,
    intervalMs: 1,
    mode: kind,
    modeReason: null,
    stream: null,
  };
  return {
    started: false,
    stopped: false,
    summary: null,
    poll,
    start() {
      this.started = true;
    },
    stop() {
      this.stopped = true;
    },
    readNow: async () => undefined,
    leaderChanged: () => undefined,
    leaderUnreachable: () => undefined,
  };
}

function setup(version: string, streamingOff: string | null = null) {
  const ensemble = new FakeEnsemble();
  const source = new ZkSource(ensemble, "/mesos", [], systemClock);
  source.start(() => undefined);
  ensemble.connect("connected");
  ensemble.list("/mesos", [member(1, "m1", version)]);
  const streams: (ReturnType<typeof fakeReader> & { giveUp: (reason: string) => void })[] = [];
  const pollers: ReturnType<typeof fakeReader>[] = [];
  const follower = new LeaderFollower({
    source,
    clock: systemClock,
    streamingOff,
    newStream: (giveUp) => {
      const reader = Object.assign(fakeReader("stream"), { giveUp });
      streams.push(reader);
      return reader;
    },
    newPoller: () => {
      const reader = fakeReader("poll");
      pollers.push(reader);
      return reader;
    },
    onRead: vi.fn(),
    log: vi.fn(),
  });
  return { ensemble, follower, streams, pollers };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("versionReason", () => {
  it("streams from 1.0, polls before, and tries when the version is unknown", () => {
    expect(versionReason("1.0.0")).toBeNull();
    expect(versionReason("1.11.0")).toBeNull();
    expect(versionReason(null)).toBeNull();
    expect(versionReason("0.28.2")).toMatch(/Mesos 0.28.2 has no v1 operator API/);
  });
});

describe("LeaderFollower", () => {
  it("streams from a 1.x leader and says so", () => {
    const t = setup("1.11.0");
    t.follower.start();
    expect(t.streams).toHaveLength(1);
    expect(t.streams[0]?.started).toBe(true);
    expect(t.follower.poll).toMatchObject({ mode: "stream", modeReason: null });
  });

  it("polls a 0.28 leader, with the reason in the view", () => {
    const t = setup("0.28.2");
    t.follower.start();
    expect(t.streams).toHaveLength(0);
    expect(t.follower.poll.mode).toBe("poll");
    expect(t.follower.poll.modeReason).toMatch(/0.28.2 has no v1 operator API/);
  });

  it("polls when streaming is off", () => {
    const t = setup("1.11.0", "the event stream is turned off (MONITOR_STREAM=off)");
    t.follower.start();
    expect(t.follower.poll).toMatchObject({ mode: "poll", modeReason: expect.stringMatching(/MONITOR_STREAM=off/) });
  });

  it("switches to polling when the stream gives up, and tries the stream again later", async () => {
    const t = setup("1.11.0");
    t.follower.start();
    t.streams[0]?.giveUp("http://m1:5050/api/v1 refused the dashboard's credentials (HTTP 401)");
    expect(t.streams[0]?.stopped).toBe(true);
    expect(t.pollers[0]?.started).toBe(true);
    expect(t.follower.poll).toMatchObject({ mode: "poll", modeReason: expect.stringMatching(/HTTP 401/) });
    await vi.advanceTimersByTimeAsync(STREAM_RETRY_MS);
    expect(t.pollers[0]?.stopped).toBe(true);
    expect(t.streams[1]?.started).toBe(true);
    expect(t.follower.poll.mode).toBe("stream");
  });

  it("keeps the replaced reader's state dated by its read until the new reader has its own", () => {
    const t = setup("1.11.0");
    t.follower.start();
    const stream = t.streams[0];
    if (!stream) throw new Error("no stream");
    const summary = { masterId: "m1" } as unknown as NonNullable<LeaderStateReader["summary"]>;
    Object.assign(stream, {
      summary,
      poll: { ...stream.poll, status: "ok", lastSuccessAt: "2026-12-01T00:00:00.000Z" },
    });
    stream.giveUp("the event stream failed 5 times in a row");
    const poller = t.pollers[0];
    if (!poller) throw new Error("no poller");
    Object.assign(poller, { poll: { ...poller.poll, status: "failed", error: "did not send JSON" } });
    expect(t.follower.summary).toBe(summary);
    expect(t.follower.poll).toMatchObject({ status: "failed", lastSuccessAt: "2026-12-01T00:00:00.000Z" });
  });

  it("re-decides when another leader with another version is elected", () => {
    const t = setup("0.28.2");
    t.follower.start();
    t.ensemble.list("/mesos", [member(2, "m2", "1.4.0")]);
    t.follower.leaderChanged();
    expect(t.follower.poll.mode).toBe("stream");
    t.ensemble.list("/mesos", [member(3, "m3", "0.28.2")]);
    t.follower.leaderChanged();
    expect(t.follower.poll.mode).toBe("poll");
  });
});
