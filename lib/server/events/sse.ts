import "server-only";
// One cluster's live stream as Server-Sent Events (architecture notes §4 and §5.4): a snapshot first, then the
// events missed since `Last-Event-ID` (read back from the database), then live events and state deltas. Event
// messages carry their database id, so a browser that reconnects resumes exactly where it stopped.
import type { BusMessage } from "./bus";
import type { ClusterStateView } from "@/lib/shared/cluster-state";
import type { ClusterEventView } from "@/lib/shared/events";

export const SSE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
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

export function createSseStream(
  signal: AbortSignal,
  source: StreamSource,
  lastEventId: number | null,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let done = false;
      let ready = false;
      let lastSentId = lastEventId ?? 0;
      let lastView: ClusterStateView | null = null;
      const buffered: BusMessage[] = [];
      const send = (text: string) => {
        if (done) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const sendEvents = (events: ClusterEventView[]) => {
        for (const event of events) {
          if (event.id <= lastSentId) continue;
          send(formatMessage("cluster-event", event, event.id));
          lastSentId = event.id;
        }
      };
      const deliver = (message: BusMessage) => {
        if (message.kind === "events") sendEvents(message.events);
        else if (message.kind === "action") send(formatMessage("action", message.action));
        else if (message.kind === "removed") {
          send(formatMessage("removed", {}));
          cleanup();
        } else if (lastView) {
          const delta = stateDelta(lastView, message.view);
          lastView = message.view;
          if (Object.keys(delta).length > 0) send(formatMessage("state", delta));
        } else {
          // No state existed when the stream opened: the first one goes out as the snapshot.
          lastView = message.view;
          send(formatMessage("snapshot", message.view, Math.max(message.view.version, lastSentId)));
          lastSentId = Math.max(lastSentId, message.view.version);
        }
      };
      const unsubscribe = source.subscribe((message) => (ready ? deliver(message) : buffered.push(message)));
      const heartbeat = setInterval(() => send(": ping\n\n"), HEARTBEAT_MS);
      cleanup = () => {
        if (done) return;
        done = true;
        clearInterval(heartbeat);
        unsubscribe();
        signal.removeEventListener("abort", cleanup);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      signal.addEventListener("abort", cleanup, { once: true });
      if (signal.aborted) return cleanup();

      send("retry: 3000\n\n");
      const snapshot = source.snapshot();
      if (snapshot) {
        lastView = snapshot;
        // The snapshot's id is the newest event it includes: a browser that reconnects later resumes after it.
        send(formatMessage("snapshot", snapshot, Math.max(snapshot.version, lastSentId)));
      }
      if (lastEventId !== null) {
        try {
          const missed = await source.eventsAfter(lastEventId, REPLAY_LIMIT);
          if (missed.length === REPLAY_LIMIT)
            send(formatMessage("replay-truncated", { after: lastEventId, limit: REPLAY_LIMIT }));
          sendEvents(missed);
        } catch (error) {
          send(formatMessage("error", { message: `could not replay events: ${String(error)}` }));
        }
      }
      if (snapshot) lastSentId = Math.max(lastSentId, snapshot.version);
      ready = true;
      for (const message of buffered.splice(0)) deliver(message);
    },
    cancel() {
      cleanup();
    },
  });
}
