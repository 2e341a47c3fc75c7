import { describe, expect, it } from "vitest";
import {
  INITIAL_STREAM_STATE,
  type StreamSignal,
  type StreamState,
  nextStreamState,
  reopenDelayMs,
  resumeUrl,
} from "./event-stream";

const run = (...signals: StreamSignal[]): StreamState => signals.reduce(nextStreamState, INITIAL_STREAM_STATE);
const CONNECTING = 0;
const CLOSED = 2;

describe("nextStreamState", () => {
  it("connects, goes live on open, and keeps the time of the last message", () => {
    expect(run()).toEqual({ status: "connecting", lastMessageAt: null, ended: false, closedInARow: 0, retryAt: null });
    expect(run({ type: "open" }).status).toBe("live");
    expect(run({ type: "open" }, { type: "message", at: 5 }, { type: "message", at: 9 })).toEqual({
      ...INITIAL_STREAM_STATE,
      status: "live",
      lastMessageAt: 9,
    });
  });

  it("reconnects while EventSource retries by itself, and is offline once it gave up", () => {
    const retrying = run(
      { type: "open" },
      { type: "message", at: 5 },
      { type: "error", readyState: CONNECTING, at: 100 },
    );
    expect(retrying).toEqual({ ...INITIAL_STREAM_STATE, status: "reconnecting", lastMessageAt: 5 });
    expect(nextStreamState(retrying, { type: "open" }).status).toBe("live");
    expect(nextStreamState(retrying, { type: "error", readyState: CLOSED, at: 100 }).status).toBe("offline");
    expect(run({ type: "error", readyState: CLOSED, at: 100 }).status).toBe("offline");
  });

  it("pauses while the tab is hidden, ignores the closed stream, and connects again when it shows", () => {
    const paused = run({ type: "open" }, { type: "message", at: 5 }, { type: "hidden" });
    expect(paused).toEqual({ ...INITIAL_STREAM_STATE, status: "paused", lastMessageAt: 5 });
    expect(nextStreamState(paused, { type: "error", readyState: CLOSED, at: 100 })).toBe(paused);
    expect(nextStreamState(paused, { type: "message", at: 7 })).toBe(paused);
    expect(nextStreamState(paused, { type: "open" })).toBe(paused);
    expect(nextStreamState(paused, { type: "hidden" })).toEqual(paused);
    const resumed = nextStreamState(paused, { type: "visible" });
    expect(resumed).toEqual({ ...INITIAL_STREAM_STATE, status: "connecting", lastMessageAt: 5 });
    expect(nextStreamState(resumed, { type: "open" }).status).toBe("live");
  });

  it("ignores a visible tab that was not paused", () => {
    const live = run({ type: "open" });
    expect(nextStreamState(live, { type: "visible" })).toBe(live);
    expect(run({ type: "visible" }).status).toBe("connecting");
  });

  it("tries again after a hidden tab shows, even when EventSource had given up", () => {
    expect(run({ type: "error", readyState: CLOSED, at: 100 }, { type: "hidden" }, { type: "visible" }).status).toBe(
      "connecting",
    );
  });

  it("stays offline for good once the server ended the stream", () => {
    const ended = run({ type: "open" }, { type: "message", at: 5 }, { type: "ended" });
    expect(ended).toEqual({ ...INITIAL_STREAM_STATE, status: "offline", lastMessageAt: 5, ended: true });
    for (const signal of [
      { type: "open" },
      { type: "message", at: 9 },
      { type: "hidden" },
      { type: "visible" },
      { type: "error", readyState: CONNECTING, at: 100 },
      { type: "error", readyState: CLOSED, at: 100 },
      { type: "retry" },
    ] as StreamSignal[])
      expect(nextStreamState(ended, signal)).toBe(ended);
  });
});

describe("opening a stream again once EventSource gave up on it", () => {
  it("waits 1 s, then twice as long each time in a row, up to 30 s", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map(reopenDelayMs)).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it("is due after the backoff, reconnects on retry, and starts over once a stream opened", () => {
    const refused = run({ type: "open" }, { type: "message", at: 5 }, { type: "error", readyState: CLOSED, at: 100 });
    expect(refused).toEqual({
      ...INITIAL_STREAM_STATE,
      status: "offline",
      lastMessageAt: 5,
      closedInARow: 1,
      retryAt: 1_100,
    });
    const retried = nextStreamState(refused, { type: "retry" });
    expect(retried).toEqual({ ...refused, status: "reconnecting", retryAt: null });
    const refusedAgain = nextStreamState(retried, { type: "error", readyState: CLOSED, at: 2_000 });
    expect(refusedAgain).toMatchObject({ status: "offline", closedInARow: 2, retryAt: 4_000 });
    const reopened = nextStreamState(nextStreamState(refusedAgain, { type: "retry" }), { type: "open" });
    expect(reopened).toMatchObject({ status: "live", closedInARow: 0, retryAt: null });
  });

  it("has nothing due while the tab is hidden, and retries only a stream that is offline", () => {
    const refused = run({ type: "error", readyState: CLOSED, at: 100 });
    expect(nextStreamState(refused, { type: "hidden" })).toMatchObject({ status: "paused", retryAt: null });
    const live = run({ type: "open" });
    expect(nextStreamState(live, { type: "retry" })).toBe(live);
    expect(run({ type: "error", readyState: CLOSED, at: 100 }, { type: "ended" })).toMatchObject({
      status: "offline",
      retryAt: null,
    });
  });
});

describe("resumeUrl", () => {
  it("adds the last event id as the lastEventId query parameter, once one is known", () => {
    expect(resumeUrl("/api/clusters/3/stream", null)).toBe("/api/clusters/3/stream");
    expect(resumeUrl("/api/clusters/3/stream", "")).toBe("/api/clusters/3/stream");
    expect(resumeUrl("/api/clusters/3/stream", "42")).toBe("/api/clusters/3/stream?lastEventId=42");
    expect(resumeUrl("/api/stream?x=1", "4 2")).toBe("/api/stream?x=1&lastEventId=4%202");
  });
});
