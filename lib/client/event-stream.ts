// The status of a browser's Server-Sent Events stream, as a pure state machine driven by what the EventSource and
// the page report (tested), so that useEventStream stays a thin adapter and every stream shows its health the same way.

export type StreamStatus = "connecting" | "live" | "reconnecting" | "paused" | "offline";

export interface StreamState {
  status: StreamStatus;
  /** When the last message arrived, ms since the epoch; heartbeats (SSE comments) do not count. */
  lastMessageAt: number | null;
  /** The server ended the stream on purpose (e.g. the cluster was removed): nothing reopens it. */
  ended: boolean;
  /** Times in a row EventSource gave up (an answer other than 200, such as 429, 502 or 503, closes it for good). */
  closedInARow: number;
  /** When a stream EventSource gave up on is opened again (ms since the epoch); null while none is due. */
  retryAt: number | null;
}

export type StreamSignal =
  | { type: "open" }
  | { type: "message"; at: number }
  /** EventSource's readyState after the error: CONNECTING (0) while it retries by itself, CLOSED (2) once it gave up. */
  | { type: "error"; readyState: number; at: number }
  /** The stream EventSource gave up on is opened again (at `retryAt`). */
  | { type: "retry" }
  | { type: "hidden" }
  | { type: "visible" }
  | { type: "ended" };

export const INITIAL_STREAM_STATE: StreamState = {
  status: "connecting",
  lastMessageAt: null,
  ended: false,
  closedInARow: 0,
  retryAt: null,
};

const CLOSED = 2;
const FIRST_REOPEN_MS = 1_000;
const MAX_REOPEN_MS = 30_000;

/**
 * How long to wait before opening a stream again after EventSource gave up on it `closedInARow` times in a row: 1 s,
 * doubling to 30 s. EventSource never retries an answer it refused (a full server's 429, a proxy's 502 while the
 * dashboard restarts), so without this a tab would stay offline until reloaded.
 */
export function reopenDelayMs(closedInARow: number): number {
  return Math.min(MAX_REOPEN_MS, FIRST_REOPEN_MS * 2 ** Math.max(0, Math.min(closedInARow - 1, 10)));
}

export function nextStreamState(state: StreamState, signal: StreamSignal): StreamState {
  if (state.ended) return state;
  switch (signal.type) {
    case "ended":
      return { ...state, status: "offline", ended: true, retryAt: null };
    case "hidden":
      // A hidden tab holds no connection (browsers cap them per origin); what it showed stays as it was.
      return { ...state, status: "paused", retryAt: null };
    case "visible":
      // A new connection, not a lost one: the page shows no "reconnecting" warning for it.
      return state.status === "paused" ? { ...state, status: "connecting" } : state;
    case "open":
      return state.status === "paused" ? state : { ...state, status: "live", closedInARow: 0, retryAt: null };
    case "message":
      return state.status === "paused" ? state : { ...state, status: "live", lastMessageAt: signal.at };
    case "error": {
      if (state.status === "paused") return state;
      if (signal.readyState !== CLOSED) return { ...state, status: "reconnecting" };
      const closedInARow = state.closedInARow + 1;
      return { ...state, status: "offline", closedInARow, retryAt: signal.at + reopenDelayMs(closedInARow) };
    }
    case "retry":
      return state.status === "offline" ? { ...state, status: "reconnecting", retryAt: null } : state;
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
