"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { StatusDot } from "@/components/cluster/status-dot";
import { clusterHealth } from "@/lib/client/cluster-health";
import { formatCount, formatDuration, formatMegabytes } from "@/lib/client/format";
import { type ClusterSummary, type Overview, type OverviewMessage, applyOverview } from "@/lib/client/overview";
import type { StreamStatus } from "@/lib/client/event-stream";
import { queryKeys, streamFedQuery } from "@/lib/client/query-keys";
import { useEventStream } from "@/lib/client/use-event-stream";
import { useNow } from "@/lib/client/use-now";
import type { ClusterView } from "@/lib/shared/api-types";

const CONNECTION_TEXT: Record<StreamStatus, string> = {
  live: "Live",
  connecting: "Connecting…",
  reconnecting: "Reconnecting… (showing the last known state)",
  paused: "Paused while the tab is hidden",
  offline: "Offline: reload the page",
};

/** What the status says while a stream the browser gave up on waits to be opened again. */
function retryText(retryAt: number, now: number): string {
  return `Offline: trying again in ${formatDuration(retryAt - now)}`;
}

function Allocation({
  label,
  allocated,
  total,
  format,
}: {
  label: string;
  allocated: number;
  total: number;
  format: (v: number) => string;
}) {
  const pct = total > 0 ? Math.min(100, (allocated / total) * 100) : 0;
  return (
    <div>
      <div className="flex justify-between text-xs">
        <span className="text-slate-500">{label}</span>
        <span className="tabular-nums">
          {format(allocated)} / {format(total)}
        </span>
      </div>
      <div className="mt-1 h-1.5 rounded bg-slate-100">
        <div className="h-1.5 rounded bg-slate-700" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

function ClusterCard({
  cluster,
  summary,
  now,
}: {
  cluster: ClusterView;
  summary: ClusterSummary | undefined;
  now: number;
}) {
  const state = summary ? { ...summary, frameworks: [], tasks: null } : null;
  const health = clusterHealth(state, cluster.quorum);
  const leader = summary?.leader;
  return (
    <article
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
      data-testid="cluster-card"
      data-cluster={cluster.id}
      data-level={health.level}
    >
      <header className="flex items-start justify-between gap-2">
        <Link href={`/clusters/${cluster.id}`} className="text-lg font-semibold hover:underline">
          {cluster.name}
        </Link>
        <StatusDot level={health.level} />
      </header>
      <p className="text-sm text-slate-700" data-testid="cluster-card-reason">
        {health.reason}
      </p>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-500">Leader</dt>
        <dd className="font-mono text-xs" data-testid="cluster-card-leader">
          {leader ? (
            leader.hostname && leader.port !== null ? (
              `${leader.hostname}:${leader.port}`
            ) : (
              leader.id
            )
          ) : (
            <span className="text-bad">
              none{summary?.noLeaderSince ? ` for ${formatDuration(now - Date.parse(summary.noLeaderSince))}` : ""}
            </span>
          )}
        </dd>
        <dt className="text-slate-500">Masters up</dt>
        <dd data-testid="cluster-card-masters">
          {health.mastersUp} / {health.mastersTotal}
        </dd>
        <dt className="text-slate-500">Quorum margin</dt>
        <dd>
          {health.mastersTotal === 0
            ? "—"
            : health.margin >= 0
              ? `${health.margin} may fail`
              : `lost (needs ${health.quorum})`}
          <span className="text-xs text-slate-500">
            {" "}
            · quorum {health.quorum}
            {health.quorumSource === "majority" ? "?" : ""}
          </span>
        </dd>
        <dt className="text-slate-500">ZooKeeper</dt>
        <dd className={summary?.zk.stale ? "text-warn" : ""}>
          {summary
            ? summary.zk.status === "none"
              ? "not used"
              : `${summary.zk.status}${summary.zk.stale ? " (stale)" : ""}`
            : "—"}
        </dd>
        <dt className="text-slate-500">Active agents</dt>
        <dd>{summary?.agents?.active ?? "—"}</dd>
      </dl>
      {summary?.resources && (
        <div className="space-y-2">
          <Allocation
            label="CPUs allocated"
            allocated={summary.resources.cpus.allocated}
            total={summary.resources.cpus.total}
            format={formatCount}
          />
          <Allocation
            label="Memory allocated"
            allocated={summary.resources.mem.allocated}
            total={summary.resources.mem.total}
            format={formatMegabytes}
          />
        </div>
      )}
    </article>
  );
}

/** A live card per cluster, fed by one /api/stream per tab (paused while the tab is hidden). */
export function ClusterCards({ clusters, initial }: { clusters: ClusterView[]; initial: Overview }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const now = useNow(1000);
  const { data: overview } = useQuery(streamFedQuery(queryKeys.overview(), initial));
  const known = new Set(clusters.map((c) => c.id));
  const fold = (message: OverviewMessage) =>
    queryClient.setQueryData<Overview>(queryKeys.overview(), (current) => applyOverview(current ?? {}, message));
  const { status: connection, retryAt } = useEventStream("/api/stream", {
    snapshot: (summaries) => fold({ type: "snapshot", summaries: summaries as ClusterSummary[] }),
    "cluster-state": (summary) => fold({ type: "cluster-state", summary: summary as ClusterSummary }),
    "cluster-removed": (removed) => {
      fold({ type: "cluster-removed", clusterId: (removed as { clusterId: number }).clusterId });
      router.refresh();
    },
  });

  const unknownSeen = Object.keys(overview).some((id) => !known.has(Number(id)));
  useEffect(() => {
    if (unknownSeen) router.refresh(); // a cluster registered elsewhere: fetch its definition
  }, [unknownSeen, router]);

  return (
    <div className="space-y-3">
      <p className="text-xs text-slate-500" data-testid="connection" data-state={connection}>
        {connection === "offline" && retryAt !== null ? retryText(retryAt, now) : CONNECTION_TEXT[connection]}
      </p>
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        {clusters.map((cluster) => (
          <ClusterCard key={cluster.id} cluster={cluster} summary={overview[cluster.id]} now={now} />
        ))}
      </div>
    </div>
  );
}
