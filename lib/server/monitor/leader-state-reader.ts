// How the leader's state reaches the monitor, behind one interface: today by polling (leader-poller.ts); a reader
// of the leader's event stream can stand beside it. Either way the result is one summary of the last state read.
import { agentCounts, frameworkSummaries, resourceTotals, taskCounts } from "@/lib/mesos/totals";
import type { MesosState, MetricsSnapshot } from "@/lib/mesos/schemas";
import type { ClusterStateView, PollView } from "@/lib/shared/cluster-state";

export type LeaderTotals = Pick<ClusterStateView, "agents" | "resources" | "frameworks" | "tasks" | "mesos">;

export interface LeaderSummary {
  state: MesosState;
  metrics: MetricsSnapshot | null;
  /** The master the state came from. */
  masterId: string;
  electedAt: string | null;
  /** The view's totals, computed once per state. */
  totals: LeaderTotals;
}

export interface LeaderStateReader {
  /** The last state read, or null before one was. */
  readonly summary: LeaderSummary | null;
  /** How reading goes, as the view shows it. */
  readonly poll: PollView;
  start(): void;
  stop(): void;
  /** Reads once now; concurrent callers share the read in flight. */
  readNow(): Promise<void>;
  /** ZooKeeper lists another leader: past failures are someone else's; read at once. */
  leaderChanged(): void;
  /** The leader stopped answering `/health`: read at once to learn who leads now. */
  leaderUnreachable(): void;
}

export function summarize(masterId: string, state: MesosState, metrics: MetricsSnapshot | null): LeaderSummary {
  return {
    state,
    metrics,
    masterId,
    electedAt: state.elected_time !== undefined ? new Date(state.elected_time * 1000).toISOString() : null,
    totals: {
      agents: agentCounts(state),
      resources: resourceTotals(state),
      frameworks: frameworkSummaries(state),
      tasks: taskCounts(state, metrics),
      mesos: { version: state.version, cluster: state.cluster ?? null },
    },
  };
}
