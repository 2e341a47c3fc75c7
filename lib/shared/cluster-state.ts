// What the monitor knows about one cluster, as the API serves it and the browser folds it. Browser-safe: types only.
import type { AgentCounts, FrameworkSummary, ResourceTotals, TaskCounts } from "@/lib/mesos/totals";

export type MasterFormat = "json" | "protobuf" | "legacy" | "static";
export type ZkStatus = "connected" | "disconnected" | "expired" | "none";

export interface MasterView {
  /** The znode name (`json.info_0000000003`), or the base URL for a cluster without ZooKeeper. */
  id: string;
  sequence: number | null;
  format: MasterFormat;
  hostname: string | null;
  ip: string | null;
  port: number | null;
  pid: string | null;
  version: string | null;
  /** Where the dashboard reaches the master: `http://hostname:port` (or `http://ip:port`); null when not contacted. */
  url: string | null;
  /**
   * Why the dashboard does not contact this master although its znode decodes: outside the cluster's allowed
   * addresses, or a link-local or metadata address (docs/security.md#hosts-contacted). It then counts toward nothing.
   */
  blocked: string | null;
  /**
   * Why it does not count as this master although it answers: its metrics are not a Mesos master's, or the state it
   * serves names another master id than its znode (docs/security.md#hosts-contacted). Null when nothing says so.
   */
  impostor: string | null;
  isLeader: boolean;
  /** Answered `/health` on the last probe; null before the first probe. */
  reachable: boolean | null;
  /** `master/elected` as the master itself reports it; null when unknown. */
  elected: boolean | null;
  /** Why the znode could not be decoded, or why the last probe failed. */
  error: string | null;
  /** When `reachable` last changed (ISO time). */
  reachableSince: string | null;
}

export interface LeaderView {
  id: string;
  hostname: string | null;
  port: number | null;
  pid: string | null;
  version: string | null;
  url: string | null;
  /** The leader's own `elected_time` once its state was read, else when the dashboard saw it become leader. */
  electedAt: string | null;
}

export type PollStatus = "pending" | "ok" | "failed" | "idle";

export type ReadMode = "stream" | "poll";

/** How the leader's event stream goes, while the state is read from it (docs/monitor-and-events.md#the-event-stream). */
export interface StreamView {
  encoding: "json" | "protobuf";
  /** When the current subscription began (ISO time). */
  subscribedAt: string;
  /** Events folded since then (heartbeats not counted). */
  events: number;
  /** The last record of any kind, heartbeats included (ISO time). */
  lastRecordAt: string;
  /** Seconds between the leader's heartbeats (Mesos ≥ 1.5); null when the version sends none. */
  heartbeatSeconds: number | null;
  /** Checks against the leader's own counts since the dashboard started, and the differences they found. */
  checks: number;
  differences: number;
  /** The newest difference a check found (ISO time, what differed): recorded as a `stream.difference` event. */
  lastDifference: { at: string; reason: string } | null;
  /** Events the state could not take (an unknown agent, task or framework), since the subscription began. */
  problems: number;
}

export interface PollView {
  /**
   * `stream`: the leader's v1 event stream (Mesos ≥ 1.0); `poll`: its whole state read on a schedule. `intervalMs`,
   * `durationMs` and `bytes` describe the last full read in either mode.
   */
  mode: ReadMode;
  /** Why the state is polled rather than streamed; null when streamed, or when streaming is not tried yet. */
  modeReason: string | null;
  /** The stream's progress; null in poll mode. */
  stream: StreamView | null;
  /** `idle` while there is no leader to poll; `pending` before the first answer. */
  status: PollStatus;
  error: string | null;
  /** The last successful poll (ISO time). */
  lastSuccessAt: string | null;
  /** The URL the last state came from. */
  source: string | null;
  durationMs: number | null;
  bytes: number | null;
  intervalMs: number;
}

export interface ClusterStateView {
  clusterId: number;
  name: string;
  /** Id of the newest recorded event; stream deltas with an id at or below it are already included. */
  version: number;
  leader: LeaderView | null;
  /** Since when no master leads (ISO time), null while one does. */
  noLeaderSince: string | null;
  masters: MasterView[];
  zk: { status: ZkStatus; stale: boolean; since: string | null; error: string | null };
  /** Disagreement between ZooKeeper's leader and what the masters report. */
  disputed: { reason: string; since: string } | null;
  poll: PollView;
  /** Mesos version and cluster name from the leader's state. */
  mesos: { version: string | null; cluster: string | null } | null;
  agents: AgentCounts | null;
  resources: ResourceTotals | null;
  frameworks: FrameworkSummary[];
  tasks: TaskCounts | null;
  updatedAt: string;
}
