// The cluster's state as the API serves it, built from what the monitor's parts see at one moment (pure).
import type { ClusterStateView, LeaderView, MasterView, PollView } from "@/lib/shared/cluster-state";
import type { MasterHealth } from "./health-prober";
import type { LeaderSummary } from "./leader-state-reader";
import type { TrackedMaster } from "./master-list";
import type { ZkState } from "./master-source";

/** What the monitor's parts see at one moment. */
export interface Sighting {
  masters: readonly TrackedMaster[];
  leader: TrackedMaster | null;
  /** The leader is known in this run (see MasterSource.fresh). */
  fresh: boolean;
  /** Null for a cluster without ZooKeeper. */
  zk: ZkState | null;
  health: ReadonlyMap<string, MasterHealth>;
  summary: LeaderSummary | null;
  poll: PollView;
}

/** When the current leader was first seen, and since when none leads (ms). */
export interface LeaderTimes {
  lastLeaderId: string | null;
  leaderSince: number | null;
  noLeaderSince: number | null;
}

export interface Dispute {
  reason: string;
  since: number;
}

export interface StateViewInput {
  cluster: { id: number; name: string };
  /** Id of the newest recorded event. */
  version: number;
  sighting: Sighting;
  leaderTimes: LeaderTimes;
  dispute: Dispute | null;
  /** The dispute recorded so far: one is shown only once it lasted long enough to be recorded. */
  recordedDispute: string | null;
  now: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Why a master does not count as itself: its health probe says it is no Mesos master, or the state read from it names
 * another master id than its znode publishes. A restarted master's old znode, at the same address as its new one, is
 * told apart by the address grouping (lib/shared/masters.ts), not here.
 */
function impostorOf(
  master: TrackedMaster,
  health: MasterHealth | undefined,
  summary: LeaderSummary | null,
): string | null {
  if (health?.impostor) return health.impostor;
  if (summary?.masterId !== master.id || master.infoId === null || summary.leader.id === master.infoId) return null;
  return `its state names master id ${JSON.stringify(summary.leader.id.slice(0, 80))}, not its znode's ${JSON.stringify(master.infoId.slice(0, 80))}`;
}

function masterView(
  master: TrackedMaster,
  health: MasterHealth | undefined,
  leaderId: string | undefined,
  summary: LeaderSummary | null,
): MasterView {
  return {
    id: master.id,
    sequence: master.sequence,
    format: master.format,
    hostname: master.hostname,
    ip: master.ip,
    port: master.port,
    pid: master.pid,
    version: master.version,
    url: master.url,
    blocked: master.blocked,
    impostor: impostorOf(master, health, summary),
    isLeader: master.id === leaderId,
    reachable: health?.reachable ?? null,
    elected: health?.elected ?? null,
    error: master.decodeError ?? health?.error ?? null,
    reachableSince: health?.since ? iso(health.since) : null,
  };
}

function leaderView(leader: TrackedMaster, summary: LeaderSummary | null, times: LeaderTimes): LeaderView {
  const leadersSummary = summary !== null && summary.masterId === leader.id ? summary : null;
  return {
    id: leader.id,
    hostname: leader.hostname,
    port: leader.port,
    pid: leader.pid,
    version: leader.version ?? leadersSummary?.leader.version ?? null,
    url: leader.url,
    electedAt:
      leadersSummary?.electedAt ??
      (times.leaderSince !== null && times.lastLeaderId === leader.id ? iso(times.leaderSince) : null),
  };
}

export function buildStateView(input: StateViewInput): ClusterStateView {
  const { sighting, leaderTimes, dispute } = input;
  const { leader, zk, summary } = sighting;
  const totals = summary?.totals;
  return {
    clusterId: input.cluster.id,
    name: input.cluster.name,
    version: input.version,
    leader: leader && leaderView(leader, summary, leaderTimes),
    noLeaderSince: !leader && leaderTimes.noLeaderSince !== null ? iso(leaderTimes.noLeaderSince) : null,
    masters: sighting.masters.map((m) => masterView(m, sighting.health.get(m.id), leader?.id, summary)),
    zk: zk
      ? {
          status: zk.status,
          stale: zk.status !== "connected" || !sighting.fresh,
          since: iso(zk.since),
          error: zk.status !== "connected" ? `not connected to ${zk.connectString ?? "ZooKeeper"}` : null,
        }
      : { status: "none", stale: false, since: null, error: null },
    disputed: dispute && input.recordedDispute ? { reason: dispute.reason, since: iso(dispute.since) } : null,
    poll: { ...sighting.poll },
    mesos: totals?.mesos ?? null,
    agents: totals?.agents ?? null,
    resources: totals?.resources ?? null,
    frameworks: totals?.frameworks ?? [],
    tasks: totals?.tasks ?? null,
    updatedAt: iso(input.now),
  };
}
