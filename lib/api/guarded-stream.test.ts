import { afterEach, describe, expect, it, vi } from "vitest";
import { closeWhenNotAllowed } from "./guarded-stream";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A stream that stays open until cancelled, like an event stream; `push` sends a chunk. */
function openStream() {
  let push: (text: string) => void = () => undefined;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      push = (text) => controller.enqueue(encoder.encode(text));
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, push: (text: string) => push(text), cancelled: () => cancelled };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("closeWhenNotAllowed", () => {
  it("passes everything through while the caller is allowed", async () => {
    vi.useFakeTimers();
    const inner = openStream();
    const reader = closeWhenNotAllowed(inner.stream, async () => true, 1000).getReader();
    inner.push("a");
    await vi.advanceTimersByTimeAsync(5000);
    inner.push("b");
    expect(decoder.decode((await reader.read()).value)).toBe("a");
    expect(decoder.decode((await reader.read()).value)).toBe("b");
    expect(inner.cancelled()).toBe(false);
    await reader.cancel();
    expect(inner.cancelled()).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("closes the stream and cancels the source at the first check that says no, or fails", async () => {
    for (const check of [async () => false, async () => Promise.reject(new Error("database gone"))]) {
      vi.useFakeTimers();
      const inner = openStream();
      let calls = 0;
      const reader = closeWhenNotAllowed(
        inner.stream,
        () => (++calls < 3 ? Promise.resolve(true) : check()),
        1000,
      ).getReader();
      const pending = reader.read();
      await vi.advanceTimersByTimeAsync(2000);
      expect(inner.cancelled()).toBe(false);
      await vi.advanceTimersByTimeAsync(1000);
      expect(await pending).toEqual({ done: true, value: undefined });
      expect(inner.cancelled()).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
      vi.useRealTimers();
    }
  });

  it("stops checking when the source ends by itself", async () => {
    vi.useFakeTimers();
    const check = vi.fn(async () => true);
    const reader = closeWhenNotAllowed(
      new ReadableStream<Uint8Array>({ start: (c) => c.close() }),
      check,
      1000,
    ).getReader();
    expect((await reader.read()).done).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5000);
    expect(check).not.toHaveBeenCalled();
  });
});
