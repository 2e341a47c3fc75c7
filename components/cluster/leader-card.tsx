"use client";
import { formatDuration, formatUtc } from "@/lib/client/format";
import { useNow } from "@/lib/client/use-now";
import { useLiveCluster } from "@/components/live/cluster-stream";

export function LeaderCard() {
  const { state } = useLiveCluster();
  const now = useNow(1000);
  if (!state) return null;
  const leader = state.leader;
  const stale = state.zk.stale && state.zk.status !== "none";
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4" data-testid="leader-card" aria-label="Leader">
      <h2 className="text-xs font-medium uppercase tracking-wide text-slate-500">Leader</h2>
      {leader ? (
        <div className="mt-1 space-y-1">
          <p className="font-mono text-xl font-semibold" data-testid="leader-address">
            {leader.hostname && leader.port !== null ? (
              `${leader.hostname}:${leader.port}`
            ) : (
              <span className="text-bad">address unknown ({leader.id} does not decode)</span>
            )}
          </p>
          <p className="text-sm text-slate-600">
            {leader.version ? `Mesos ${leader.version}` : "version unknown"} ·{" "}
            <span className="font-mono text-xs">{leader.id}</span>
          </p>
          {leader.electedAt && (
            <p className="text-sm text-slate-600">
              Elected <time dateTime={leader.electedAt}>{formatUtc(leader.electedAt)}</time>, leading for{" "}
              {formatDuration(now - Date.parse(leader.electedAt))}
            </p>
          )}
        </div>
      ) : (
        <p className="mt-1 text-xl font-semibold text-bad" data-testid="no-leader">
          No leader{state.noLeaderSince ? ` for ${formatDuration(now - Date.parse(state.noLeaderSince))}` : ""}
        </p>
      )}
      {stale && (
        <p className="mt-2 rounded bg-amber-50 px-2 py-1 text-xs text-warn">
          ZooKeeper is {state.zk.status}: this is the last known leader, not confirmed.
        </p>
      )}
      {state.disputed && (
        <p className="mt-2 rounded bg-red-50 px-2 py-1 text-xs text-bad">
          Disputed since {formatUtc(state.disputed.since)}: {state.disputed.reason}
        </p>
      )}
    </section>
  );
}
