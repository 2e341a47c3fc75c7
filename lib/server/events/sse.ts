import "server-only";
// Server-Sent Events (docs/design/zookeeper-and-sse.md#server-sent-events-pattern): the one lifecycle every stream runs
// on, and one cluster's stream on it: a snapshot first, then the events missed since `Last-Event-ID` (read back from
// the database), then live events and state deltas. Event messages carry their database id, so a browser that
// reconnects resumes exactly where it stopped.
import type { BusMessage } from "./bus";
import type { ClusterStateView } from "@/lib/shared/cluster-state";
import type { ClusterEventView } from "@/lib/shared/events";
import { capText } from "@/lib/shared/text";

/**
 * No `no-transform`: server.mjs gzips the stream for a browser that accepts it, and Next flushes the compressor after
 * every message, so each one still leaves at once while the stream costs a fraction of its JSON.
 * `X-Accel-Buffering: no` keeps nginx from holding messages back.
 */
export const SSE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache",
  Connection: "keep-alive",
  "X-Accel-Buffering": "no",
} as const;

const HEARTBEAT_MS = 15_000;
export const REPLAY_LIMIT = 1_000;

export interface StreamSource {
  subscribe(listener: (message: BusMessage) => void): () => void;
  snapshot(): ClusterStateView | null;
  eventsAfter(id: number, limit: number): Promise<ClusterEventView[]>;
}

/** `Last-Event-ID` as a non-negative integer, or null when absent or malformed. */
export function parseLastEventId(value: string | null): number | null {
  if (value === null || !/^\d{1,15}$/.test(value.trim())) return null;
  return Number(value.trim());
}

export function formatMessage(event: string, data: unknown, id?: number): string {
  return `${id !== undefined ? `id: ${id}\n` : ""}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Top-level keys of `next` whose value differs from `previous` (the state delta). */
export function stateDelta(previous: ClusterStateView, next: ClusterStateView): Partial<ClusterStateView> {
  const delta: Record<string, unknown> = {};
  for (const key of Object.keys(next) as (keyof ClusterStateView)[]) {
    if (key === "updatedAt") continue;
    if (JSON.stringify(previous[key]) !== JSON.stringify(next[key])) delta[key] = next[key];
  }
  if (Object.keys(delta).length > 0) delta.updatedAt = next.updatedAt;
  return delta as Partial<ClusterStateView>;
}

export interface SseChannel {
  /** Writes one message; nothing once the stream is closed. */
  send(event: string, data: unknown, id?: number): void;
  close(): void;
}

export interface SseSession {
  unsubscribe(): void;
  /** Sends what the stream starts with (after `retry`); live messages may be held back until it resolves. */
  begin(): void | Promise<void>;
}

/** When a stream whose client does not read is closed, and what runs once it is closed (stream-limits.ts). */
export interface SseOptions {
  /** Closed once more unsent bytes than this wait for the client. */
  maxQueuedBytes?: number;
  /** Closed once unsent bytes waited this long without the client reading any. */
  stallMs?: number;
  /** Runs once when the stream ends, however it ends (gives its slot back). */
  onClose?: () => void;
  now?: () => number;
  log?: (line: string) => void;
}

/**
 * The one Server-Sent Events lifecycle behind every stream: `open` subscribes at once (so nothing published while
 * the stream starts is lost), then the stream sends `retry`, runs `begin`, and beats every 15 s. An abort, the
 * reader cancelling or a failed write closes it once, unsubscribing and stopping the heartbeat.
 *
 * Messages wait in the stream's queue until the client reads them. A client that stops reading (a stalled tab, a
 * hostile script) would grow that queue without end: once more than `maxQueuedBytes` wait, or bytes waited `stallMs`
 * without the client reading any, the stream ends in an error, which drops the queue and resets the connection. A
 * browser then reconnects by itself and resumes after the last event it received (`Last-Event-ID`).
 */
export function sseStream(
  signal: AbortSignal,
  open: (channel: SseChannel) => SseSession,
  options: SseOptions = {},
): ReadableStream<Uint8Array> {
  const { maxQueuedBytes = Infinity, stallMs = Infinity, now = Date.now, log = console.log } = options;
  const encoder = new TextEncoder();
  let cleanup: (error?: Error) => void = () => {};
  let progressAt = now();
  let lastQueued = 0;
  return new ReadableStream<Uint8Array>(
    {
      async start(controller) {
        let done = false;
        const queued = () => Math.max(0, -(controller.desiredSize ?? 0));
        /** Whether the client stopped reading; if so, the stream is ended in an error (its queue dropped). */
        const stalled = (): boolean => {
          const waiting = queued();
          if (waiting < lastQueued || waiting === 0) progressAt = now();
          lastQueued = waiting;
          const idleMs = now() - progressAt;
          if (waiting <= maxQueuedBytes && (waiting === 0 || idleMs < stallMs)) return false;
          const why =
            waiting > maxQueuedBytes
              ? `${waiting} bytes wait for it, more than ${maxQueuedBytes}`
              : `it read nothing for ${Math.round(idleMs / 1000)} s while ${waiting} bytes waited`;
          log(`[sse] closed a stream whose client does not read: ${why}`);
          const error = new Error(`the client does not read the stream: ${why}`);
          // Named as an abort: Next.js then resets the connection without logging a failed pipe (it is logged above).
          error.name = "AbortError";
          cleanup(error);
          return true;
        };
        const write = (text: string) => {
          if (done || stalled()) return;
          try {
            controller.enqueue(encoder.encode(text));
          } catch {
            cleanup();
            return;
          }
          stalled();
        };
        const session = open({
          send: (event, data, id) => write(formatMessage(event, data, id)),
          close: () => cleanup(),
        });
        const heartbeat = setInterval(() => write(": ping\n\n"), HEARTBEAT_MS);
        const watchdog = Number.isFinite(stallMs)
          ? setInterval(() => !done && stalled(), Math.max(250, Math.min(stallMs / 2, 5_000)))
          : undefined;
        cleanup = (error?: Error) => {
          if (done) return;
          done = true;
          clearInterval(heartbeat);
          clearInterval(watchdog);
          session.unsubscribe();
          signal.removeEventListener("abort", onAbort);
          options.onClose?.();
          try {
            if (error) controller.error(error);
            else controller.close();
          } catch {
            // already closed by the client
          }
        };
        const onAbort = () => cleanup();
        signal.addEventListener("abort", onAbort, { once: true });
        if (signal.aborted) return cleanup();
        write("retry: 3000\n\n");
        await session.begin();
      },
      pull() {
        // The client asked for more with nothing left to send: it reads.
        progressAt = now();
      },
      cancel() {
        cleanup();
      },
    },
    // Bytes, with nothing buffered ahead of the client: `desiredSize` is minus what waits for it.
    new ByteLengthQueuingStrategy({ highWaterMark: 0 }),
  );
}

/**
 * One cluster's stream: a snapshot first, then the events missed since `Last-Event-ID` (read back from the
 * database), then live events and state deltas. Live messages wait until the replay is sent.
 */
export function createSseStream(
  signal: AbortSignal,
  source: StreamSource,
  lastEventId: number | null,
  options: SseOptions = {},
): ReadableStream<Uint8Array> {
  return sseStream(
    signal,
    (channel) => {
      let ready = false;
      let lastSentId = lastEventId ?? 0;
      let lastView: ClusterStateView | null = null;
      const buffered: BusMessage[] = [];
      const sendEvents = (events: ClusterEventView[]) => {
        for (const event of events) {
          if (event.id <= lastSentId) continue;
          channel.send("cluster-event", event, event.id);
          lastSentId = event.id;
        }
      };
      const deliver = (message: BusMessage) => {
        if (message.kind === "events") sendEvents(message.events);
        else if (message.kind === "action") channel.send("action", message.action);
        else if (message.kind === "removed") {
          channel.send("removed", {});
          channel.close();
        } else if (lastView) {
          const delta = stateDelta(lastView, message.view);
          lastView = message.view;
          if (Object.keys(delta).length > 0) channel.send("state", delta);
        } else {
          // No state existed when the stream opened: the first one goes out as the snapshot.
          lastView = message.view;
          channel.send("snapshot", message.view, Math.max(message.view.version, lastSentId));
          lastSentId = Math.max(lastSentId, message.view.version);
        }
      };
      const unsubscribe = source.subscribe((message) => (ready ? deliver(message) : buffered.push(message)));
      return {
        unsubscribe,
        async begin() {
          const snapshot = source.snapshot();
          if (snapshot) {
            lastView = snapshot;
            // The snapshot's id is the newest event it includes: a browser that reconnects later resumes after it.
            channel.send("snapshot", snapshot, Math.max(snapshot.version, lastSentId));
          }
          if (lastEventId !== null) {
            try {
              const missed = await source.eventsAfter(lastEventId, REPLAY_LIMIT);
              if (missed.length === REPLAY_LIMIT)
                channel.send("replay-truncated", { after: lastEventId, limit: REPLAY_LIMIT });
              sendEvents(missed);
            } catch (error) {
              channel.send("error", { message: capText(`could not replay events: ${String(error)}`) });
            }
          }
          if (snapshot) lastSentId = Math.max(lastSentId, snapshot.version);
          ready = true;
          for (const message of buffered.splice(0)) deliver(message);
        },
      };
    },
    options,
  );
}
