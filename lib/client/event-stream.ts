// The status of a browser's Server-Sent Events stream, as a pure state machine driven by what the EventSource and
// the page report (tested), so that useEventStream stays a thin adapter and every stream shows its health the same way.

export type StreamStatus = "connecting" | "live" | "reconnecting" | "paused" | "offline";

export interface StreamState {
  status: StreamStatus;
  /** When the last message arrived, ms since the epoch; heartbeats (SSE comments) do not count. */
  lastMessageAt: number | null;
  /** The server ended the stream on purpose (e.g. the cluster was removed): nothing reopens it. */
  ended: boolean;
}

export type StreamSignal =
  | { type: "open" }
  | { type: "message"; at: number }
  /** EventSource's readyState after the error: CONNECTING (0) while it retries by itself, CLOSED (2) once it gave up. */
  | { type: "error"; readyState: number }
  | { type: "hidden" }
  | { type: "visible" }
  | { type: "ended" };

export const INITIAL_STREAM_STATE: StreamState = { status: "connecting", lastMessageAt: null, ended: false };

const CLOSED = 2;

export function nextStreamState(state: StreamState, signal: StreamSignal): StreamState {
  if (state.ended) return state;
  switch (signal.type) {
    case "ended":
      return { ...state, status: "offline", ended: true };
    case "hidden":
      // A hidden tab holds no connection (browsers cap them per origin); what it showed stays as it was.
      return { ...state, status: "paused" };
    case "visible":
      // A new connection, not a lost one: the page shows no "reconnecting" warning for it.
      return state.status === "paused" ? { ...state, status: "connecting" } : state;
    case "open":
      return state.status === "paused" ? state : { ...state, status: "live" };
    case "message":
      return state.status === "paused" ? state : { ...state, status: "live", lastMessageAt: signal.at };
    case "error":
      if (state.status === "paused") return state;
      return { ...state, status: signal.readyState === CLOSED ? "offline" : "reconnecting" };
  }
}

/**
 * The URL to (re)open a stream on. EventSource sends `Last-Event-ID` by itself only on its own reconnects; a stream
 * closed while the tab was hidden is a new EventSource, which cannot set headers, so the id goes in the query
 * parameter the server reads as well (`lastEventId`).
 */
export function resumeUrl(url: string, lastEventId: string | null): string {
  if (!lastEventId) return url;
  return `${url}${url.includes("?") ? "&" : "?"}lastEventId=${encodeURIComponent(lastEventId)}`;
}
