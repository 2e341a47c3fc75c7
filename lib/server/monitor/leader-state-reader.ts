// How the leader's state reaches the monitor, behind one interface: today by polling (leader-poller.ts); a reader
// of the leader's event stream can stand beside it. Either way the result is one summary of the last state read.
import { agentCounts, frameworkSummaries, resourceTotals, taskCounts } from "@/lib/mesos/totals";
import type { MesosState, MetricsSnapshot } from "@/lib/mesos/schemas";
import type { ClusterStateView, PollView } from "@/lib/shared/cluster-state";

export type LeaderTotals = Pick<ClusterStateView, "agents" | "resources" | "frameworks" | "tasks" | "mesos">;

/** Who the state says it comes from, read without touching the rest of the state. */
export interface LeaderIdentity {
  /** The master's own id (`state.id`, `MasterInfo.id`). */
  id: string;
  /** Its libprocess PID (`master@ip:port`). */
  pid: string;
  version: string;
  /** The PID of the master it names as leader (`leader_info.pid`, or `leader` before 0.25); null when none. */
  leaderPid: string | null;
}

export interface LeaderSummary {
  /**
   * The whole state in `/master/state`'s shape. A reader of the event stream builds it only when read (the agents
   * page), so the monitor's per-change work uses `leader` and `totals` instead.
   */
  readonly state: MesosState;
  leader: LeaderIdentity;
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

/** How reading goes before the first attempt: pending, nothing read, in `mode` at `intervalMs`. */
export function pendingPollView(mode: PollView["mode"], intervalMs: number): PollView {
  return {
    status: "pending",
    error: null,
    lastSuccessAt: null,
    source: null,
    durationMs: null,
    bytes: null,
    intervalMs,
    mode,
    modeReason: null,
    stream: null,
  };
}

export function summarize(masterId: string, state: MesosState, metrics: MetricsSnapshot | null): LeaderSummary {
  return {
    state,
    leader: {
      id: state.id,
      pid: state.pid,
      version: state.version,
      leaderPid: state.leader_info?.pid ?? state.leader ?? null,
    },
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
