import { describe, expect, it } from "vitest";
import type { PollView } from "@/lib/shared/cluster-state";
import { describeReadMode } from "./read-mode";

const POLL: PollView = {
  status: "ok",
  error: null,
  lastSuccessAt: null,
  source: null,
  durationMs: null,
  bytes: null,
  intervalMs: 3_000,
  mode: "poll",
  modeReason: null,
  stream: null,
};

describe("describeReadMode", () => {
  it("says polling, how often, and why", () => {
    expect(describeReadMode({ ...POLL, modeReason: "Mesos 0.28.2 has no v1 operator API (it came in 1.0)" })).toEqual({
      label: "Polling the leader's state",
      detail: "every 3 s · Mesos 0.28.2 has no v1 operator API (it came in 1.0)",
    });
  });

  it("says streaming, with the encoding, events, heartbeat and what went wrong", () => {
    const line = describeReadMode({
      ...POLL,
      mode: "stream",
      stream: {
        encoding: "protobuf",
        subscribedAt: "2026-12-01T20:00:00.000Z",
        lastRecordAt: "2026-12-01T20:01:00.000Z",
        events: 12_345,
        heartbeatSeconds: 15,
        checks: 3,
        differences: 1,
        lastDifference: {
          at: "2026-12-01T20:00:30.000Z",
          reason: "GET_STATE differs from the stream in tasks running",
        },
        problems: 2,
      },
    });
    expect(line.label).toBe("Event stream");
    expect(line.detail).toBe(
      "protobuf · 12,345 events since 20:00:00 UTC · heartbeat every 15 s · 2 events did not fit the state · 1 differences found by checks, resubscribed",
    );
  });
});
