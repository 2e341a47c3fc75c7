// The overview page's per-cluster summaries, folded from /api/stream (pure, browser-safe).
import type { ClusterStateView } from "@/lib/shared/cluster-state";

export type ClusterSummary = Omit<ClusterStateView, "frameworks" | "tasks">;
export type Overview = Record<number, ClusterSummary>;

export type OverviewMessage =
  | { type: "snapshot"; summaries: ClusterSummary[] }
  | { type: "cluster-state"; summary: ClusterSummary }
  | { type: "cluster-removed"; clusterId: number };

export function applyOverview(overview: Overview, message: OverviewMessage): Overview {
  switch (message.type) {
    case "snapshot":
      return Object.fromEntries(message.summaries.map((s) => [s.clusterId, s]));
    case "cluster-state":
      return { ...overview, [message.summary.clusterId]: message.summary };
    case "cluster-removed": {
      const { [message.clusterId]: _removed, ...rest } = overview;
      return rest;
    }
  }
}
