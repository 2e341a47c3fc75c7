"use client";
import { useLiveCluster } from "@/components/live/cluster-stream";
import { describeReadMode } from "@/lib/client/read-mode";

/** How the dashboard reads this cluster's leader: its event stream, or polling, and why (docs/pages.md). */
export function ReadMode() {
  const { state } = useLiveCluster();
  if (!state) return null;
  const { label, detail } = describeReadMode(state.poll);
  return (
    <p className="text-xs text-slate-500" data-testid="read-mode" data-mode={state.poll.mode}>
      <span className="font-medium text-slate-600">{label}</span>
      {detail ? ` · ${detail}` : ""}
    </p>
  );
}
