// Issue 12, finding 6 (streams): open streams are counted per user and in all, and a stream whose client does not
// read is closed instead of queueing without end. The consumer is a real ReadableStream reader that never reads (or
// reads slowly), as Next.js's pipe to a socket whose client stopped reading is.
import { afterEach, describe, expect, it, vi } from "vitest";
import { isDomainError } from "@/lib/server/errors";
import type { BusMessage } from "./bus";
import { createOverviewStream } from "./overview-stream";
import { createSseStream, type StreamSource } from "./sse";
import { DEFAULT_STREAM_LIMITS, StreamSlots, streamLimitsFromEnv } from "./stream-limits";

describe("streamLimitsFromEnv", () => {
  it("takes the defaults for unset or empty variables", () => {
    expect(streamLimitsFromEnv({})).toEqual(DEFAULT_STREAM_LIMITS);
    expect(streamLimitsFromEnv({ STREAM_MAX_PER_USER: " " })).toEqual(DEFAULT_STREAM_LIMITS);
    expect(DEFAULT_STREAM_LIMITS).toMatchObject({ perUser: 8, total: 200 });
  });

  it("reads every variable, and names every bad one", () => {
    expect(
      streamLimitsFromEnv({
        STREAM_MAX_PER_USER: "2",
        STREAM_MAX_TOTAL: "5",
        STREAM_MAX_QUEUED_BYTES: "65536",
        STREAM_STALL_TIMEOUT_MS: "3000",
      }),
    ).toEqual({ perUser: 2, total: 5, maxQueuedBytes: 65_536, stallMs: 3_000 });
    expect(() => streamLimitsFromEnv({ STREAM_MAX_PER_USER: "0", STREAM_STALL_TIMEOUT_MS: "1.5" })).toThrow(
      /STREAM_MAX_PER_USER.*STREAM_STALL_TIMEOUT_MS/,
    );
  });
});

describe("StreamSlots", () => {
  function refused(run: () => unknown): string {
    try {
      run();
    } catch (error) {
      if (isDomainError(error) && error.kind === "rate_limited") return error.message;
      throw error;
    }
    throw new Error("not refused");
  }

  it("refuses a user's stream beyond the per-user cap, with the reason, while others still get theirs", () => {
    const slots = new StreamSlots({ ...DEFAULT_STREAM_LIMITS, perUser: 2, total: 10 });
    const first = slots.acquire(1);
    slots.acquire(1);
    expect(refused(() => slots.acquire(1))).toMatch(/you have 2 event streams open.*STREAM_MAX_PER_USER/);
    slots.acquire(2);
    first();
    first(); // twice gives back one slot only
    expect(slots.countOf(1)).toBe(1);
    slots.acquire(1);
    expect(slots.total).toBe(3);
  });

  it("refuses any stream beyond the total cap", () => {
    const slots = new StreamSlots({ ...DEFAULT_STREAM_LIMITS, perUser: 5, total: 3 });
    const releases = [slots.acquire(1), slots.acquire(2), slots.acquire(3)];
    expect(refused(() => slots.acquire(4))).toMatch(/the server has 3 event streams open.*STREAM_MAX_TOTAL/);
    releases.forEach((release) => release());
    expect(slots.total).toBe(0);
    slots.acquire(4);
  });
});

/** A cluster with no state yet, whose bus the test drives. */
function source() {
  let listener: ((message: BusMessage) => void) | null = null;
  let unsubscribed = 0;
  const fake: StreamSource = {
    subscribe(next) {
      listener = next;
      return () => {
        unsubscribed += 1;
        listener = null;
      };
    },
    snapshot: () => null,
    eventsAfter: async () => [],
  };
  /** One live event of about `bytes` bytes. */
  const publish = (id: number, bytes = 1_000) =>
    listener?.({
      kind: "events",
      events: [
        { id, clusterId: 1, type: "poll.failed", at: "2026-01-01T00:00:00.000Z", data: { pad: "p".repeat(bytes) } },
      ],
    });
  return { fake, publish, unsubscribed: () => unsubscribed, subscribed: () => listener !== null };
}

describe("a stream whose client does not read", () => {
  afterEach(() => vi.useRealTimers());

  it("is closed once more than maxQueuedBytes wait, dropping its queue and giving its slot back", async () => {
    const bus = source();
    const onClose = vi.fn();
    const log = vi.fn();
    const stream = createSseStream(new AbortController().signal, bus.fake, null, {
      maxQueuedBytes: 64 * 1024,
      stallMs: 60_000,
      onClose,
      log,
    });
    const reader = stream.getReader(); // the client: connected, reading nothing
    await Promise.resolve();
    for (let id = 1; id <= 1_000 && bus.subscribed(); id += 1) bus.publish(id);
    expect(bus.subscribed()).toBe(false);
    expect(bus.unsubscribed()).toBe(1);
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]?.[0]).toMatch(/closed a stream whose client does not read: \d+ bytes wait/);
    await expect(reader.read()).rejects.toThrow(/does not read/);
  });

  it("is closed once bytes waited stallMs without the client reading any", async () => {
    vi.useFakeTimers();
    const bus = source();
    const onClose = vi.fn();
    const stream = createSseStream(new AbortController().signal, bus.fake, null, {
      maxQueuedBytes: 1 << 30,
      stallMs: 10_000,
      onClose,
      now: () => Date.now(),
      log: () => undefined,
    });
    const reader = stream.getReader();
    await vi.advanceTimersByTimeAsync(0);
    bus.publish(1);
    await vi.advanceTimersByTimeAsync(9_000);
    expect(onClose).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(6_000);
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(bus.unsubscribed()).toBe(1);
    await expect(reader.read()).rejects.toThrow(/read nothing for/);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("stays open for a client that reads, however slowly and however much goes through", async () => {
    vi.useFakeTimers();
    const bus = source();
    const onClose = vi.fn();
    const stream = createSseStream(new AbortController().signal, bus.fake, null, {
      maxQueuedBytes: 64 * 1024,
      stallMs: 10_000,
      onClose,
      now: () => Date.now(),
      log: () => undefined,
    });
    const reader = stream.getReader();
    await vi.advanceTimersByTimeAsync(0);
    let received = 0;
    for (let id = 1; id <= 300; id += 1) {
      bus.publish(id, 10_000); // 3 MB in all, 10 kB at a time
      if (id % 3 === 0) {
        await vi.advanceTimersByTimeAsync(5_000); // a slow reader: reads every 5 s
        while (received < id * 10_000) received += (await reader.read()).value?.byteLength ?? 0;
      }
    }
    expect(received).toBeGreaterThan(3_000_000);
    expect(onClose).not.toHaveBeenCalled();
    await reader.cancel();
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it("the overview stream is closed the same way", async () => {
    const bus: { listener: ((clusterId: number, message: BusMessage) => void) | null } = { listener: null };
    const onClose = vi.fn();
    const stream = createOverviewStream(
      new AbortController().signal,
      {
        subscribeAll: (next) => {
          bus.listener = next;
          return () => (bus.listener = null);
        },
        states: () => [],
      },
      { maxQueuedBytes: 16 * 1024, onClose, log: () => undefined },
    );
    stream.getReader();
    await Promise.resolve();
    for (let i = 0; i < 100 && bus.listener; i += 1)
      bus.listener(i, { kind: "state", view: { clusterId: i, name: "x".repeat(1_000) } as never });
    expect(bus.listener).toBeNull();
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
