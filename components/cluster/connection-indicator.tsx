"use client";
import { formatDuration } from "@/lib/client/format";
import { useNow } from "@/lib/client/use-now";
import { useLiveCluster } from "@/components/live/cluster-stream";

const LABEL = {
  connecting: "Connecting",
  live: "Live",
  reconnecting: "Reconnecting",
  paused: "Paused",
  offline: "Offline",
} as const;
const DOT = {
  connecting: "bg-stale",
  live: "bg-ok",
  reconnecting: "bg-warn",
  paused: "bg-stale",
  offline: "bg-bad",
} as const;

/** Live / reconnecting / paused (hidden tab) / offline, with the age of the last update. */
export function ConnectionIndicator() {
  const { status } = useLiveCluster();
  const now = useNow(1000);
  return (
    <span
      className="inline-flex items-center gap-2 text-xs text-slate-600"
      data-testid="connection"
      data-state={status.connection}
    >
      <span className={`h-2 w-2 rounded-full ${DOT[status.connection]}`} />
      <span className="font-medium">{LABEL[status.connection]}</span>
      {status.lastMessageAt !== null && <span>· updated {formatDuration(now - status.lastMessageAt)} ago</span>}
      {status.connection === "offline" && status.retryAt !== null && (
        <span>· trying again in {formatDuration(status.retryAt - now)}</span>
      )}
    </span>
  );
}
