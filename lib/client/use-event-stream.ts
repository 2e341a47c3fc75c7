"use client";
// The one EventSource of the browser code: opens a stream, hands each named message (JSON) to its handler, closes
// the stream while the tab is hidden and reopens it after the last event id seen when the tab shows again, and opens
// it again with backoff when EventSource gave up on it. Its status comes from the pure state machine in
// lib/client/event-stream.ts.
import { useEffect, useRef, useState } from "react";
import {
  INITIAL_STREAM_STATE,
  type StreamSignal,
  type StreamState,
  nextStreamState,
  resumeUrl,
} from "@/lib/client/event-stream";

export interface StreamControl {
  /** The server said the stream is over (e.g. its cluster was removed): close it for good, status offline. */
  end(): void;
}

export type StreamHandlers = Record<string, (data: unknown, control: StreamControl) => void>;

/** Status and time of the last message of the stream at `url`; `handlers` maps SSE event names to handlers. */
export function useEventStream(
  url: string,
  handlers: StreamHandlers,
): Pick<StreamState, "status" | "lastMessageAt" | "retryAt"> {
  // Kept with its URL: a stream opened on another URL starts over from the initial state.
  const [state, setState] = useState<{ url: string; value: StreamState }>({ url, value: INITIAL_STREAM_STATE });
  // The latest handlers, without reopening the stream each time a caller passes new closures.
  const handlersRef = useRef(handlers);
  useEffect(() => {
    handlersRef.current = handlers;
  });
  const names = Object.keys(handlers).join(",");

  useEffect(() => {
    let current = INITIAL_STREAM_STATE;
    let source: EventSource | null = null;
    let lastEventId: string | null = null;
    let reopen: ReturnType<typeof setTimeout> | null = null;
    const signal = (s: StreamSignal) => {
      current = nextStreamState(current, s);
      setState({ url, value: current });
    };
    const close = () => {
      source?.close();
      source = null;
      if (reopen) clearTimeout(reopen);
      reopen = null;
    };
    const control: StreamControl = {
      end: () => {
        close();
        signal({ type: "ended" });
      },
    };
    const open = () => {
      const stream = new EventSource(resumeUrl(url, lastEventId));
      source = stream;
      // A closed stream may still have a callback queued: only the open one reports.
      stream.onopen = () => source === stream && signal({ type: "open" });
      stream.onerror = () => {
        if (source !== stream) return;
        signal({ type: "error", readyState: stream.readyState, at: Date.now() });
        const { retryAt } = current;
        if (retryAt === null) return;
        close();
        reopen = setTimeout(
          () => {
            reopen = null;
            signal({ type: "retry" });
            open();
          },
          Math.max(0, retryAt - Date.now()),
        );
      };
      for (const name of names.split(",").filter(Boolean)) {
        stream.addEventListener(name, (event) => {
          if (source !== stream) return;
          const message = event as MessageEvent<string>;
          if (message.lastEventId) lastEventId = message.lastEventId;
          signal({ type: "message", at: Date.now() });
          handlersRef.current[name]?.(JSON.parse(message.data), control);
        });
      }
    };
    const onVisibility = () => {
      const before = current.status;
      signal({ type: document.visibilityState === "hidden" ? "hidden" : "visible" });
      if (current.status === "paused" && before !== "paused") close();
      else if (before === "paused" && current.status !== "paused") open();
    };

    if (document.visibilityState === "hidden") signal({ type: "hidden" });
    else open();
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      document.removeEventListener("visibilitychange", onVisibility);
      close();
    };
  }, [url, names]);

  const { status, lastMessageAt, retryAt } = state.url === url ? state.value : INITIAL_STREAM_STATE;
  return { status, lastMessageAt, retryAt };
}
