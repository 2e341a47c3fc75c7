import { describe, expect, it } from "vitest";
import { INITIAL_STREAM_STATE, type StreamSignal, type StreamState, nextStreamState, resumeUrl } from "./event-stream";

const run = (...signals: StreamSignal[]): StreamState => signals.reduce(nextStreamState, INITIAL_STREAM_STATE);
const CONNECTING = 0;
const CLOSED = 2;

describe("nextStreamState", () => {
  it("connects, goes live on open, and keeps the time of the last message", () => {
    expect(run()).toEqual({ status: "connecting", lastMessageAt: null, ended: false });
    expect(run({ type: "open" }).status).toBe("live");
    expect(run({ type: "open" }, { type: "message", at: 5 }, { type: "message", at: 9 })).toEqual({
      status: "live",
      lastMessageAt: 9,
      ended: false,
    });
  });

  it("reconnects while EventSource retries by itself, and is offline once it gave up", () => {
    const retrying = run({ type: "open" }, { type: "message", at: 5 }, { type: "error", readyState: CONNECTING });
    expect(retrying).toEqual({ status: "reconnecting", lastMessageAt: 5, ended: false });
    expect(nextStreamState(retrying, { type: "open" }).status).toBe("live");
    expect(nextStreamState(retrying, { type: "error", readyState: CLOSED }).status).toBe("offline");
    expect(run({ type: "error", readyState: CLOSED }).status).toBe("offline");
  });

  it("pauses while the tab is hidden, ignores the closed stream, and connects again when it shows", () => {
    const paused = run({ type: "open" }, { type: "message", at: 5 }, { type: "hidden" });
    expect(paused).toEqual({ status: "paused", lastMessageAt: 5, ended: false });
    expect(nextStreamState(paused, { type: "error", readyState: CLOSED })).toBe(paused);
    expect(nextStreamState(paused, { type: "message", at: 7 })).toBe(paused);
    expect(nextStreamState(paused, { type: "open" })).toBe(paused);
    expect(nextStreamState(paused, { type: "hidden" })).toEqual(paused);
    const resumed = nextStreamState(paused, { type: "visible" });
    expect(resumed).toEqual({ status: "connecting", lastMessageAt: 5, ended: false });
    expect(nextStreamState(resumed, { type: "open" }).status).toBe("live");
  });

  it("ignores a visible tab that was not paused", () => {
    const live = run({ type: "open" });
    expect(nextStreamState(live, { type: "visible" })).toBe(live);
    expect(run({ type: "visible" }).status).toBe("connecting");
  });

  it("tries again after a hidden tab shows, even when EventSource had given up", () => {
    expect(run({ type: "error", readyState: CLOSED }, { type: "hidden" }, { type: "visible" }).status).toBe(
      "connecting",
    );
  });

  it("stays offline for good once the server ended the stream", () => {
    const ended = run({ type: "open" }, { type: "message", at: 5 }, { type: "ended" });
    expect(ended).toEqual({ status: "offline", lastMessageAt: 5, ended: true });
    for (const signal of [
      { type: "open" },
      { type: "message", at: 9 },
      { type: "hidden" },
      { type: "visible" },
      { type: "error", readyState: CONNECTING },
    ] as StreamSignal[])
      expect(nextStreamState(ended, signal)).toBe(ended);
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
