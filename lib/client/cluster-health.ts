// A cluster's status colour and its reason in words (pure, browser-safe), for the overview cards and the header.
import { isBlocked, isUndecodable, mastersByAddress } from "@/lib/shared/masters";
import type { ClusterStateView } from "@/lib/shared/cluster-state";
import { effectiveQuorum as quorumInForce } from "@/lib/shared/quorum";

export type HealthLevel = "ok" | "warn" | "bad" | "unknown";

export interface ClusterHealth {
  level: HealthLevel;
  reason: string;
  mastersUp: number;
  mastersTotal: number;
  /** The registry quorum used, and where it came from. */
  quorum: number;
  quorumSource: "cluster" | "majority";
  /** How many more masters may fail before the registry loses quorum (negative: already lost). */
  margin: number;
}

/** `quorum` is the cluster's configured quorum; without one, a majority of the masters listed is assumed. */
export function clusterHealth(state: ClusterStateView | null, quorum: number | null): ClusterHealth {
  // A znode that does not decode names no master we could probe: it neither counts towards the quorum nor waits
  // for a probe, but it is worth a warning (a broken or foreign writer under the masters' path). A restarted
  // master's lingering old znode is the same master as its new one: it counts once.
  const listed = state?.masters ?? [];
  const masters = mastersByAddress(listed).map((m) => m.newest);
  const undecodable = listed.filter((m) => isUndecodable(m)).length;
  const blocked = listed.filter((m) => isBlocked(m)).length;
  const mastersUp = masters.filter((m) => m.reachable === true && !m.impostor).length;
  const effectiveQuorum = quorumInForce(quorum, masters.length);
  const base = {
    mastersUp,
    mastersTotal: masters.length,
    quorum: effectiveQuorum,
    quorumSource: quorum === null ? ("majority" as const) : ("cluster" as const),
    margin: mastersUp - effectiveQuorum,
  };
  const result = (level: HealthLevel, reason: string): ClusterHealth => ({ ...base, level, reason });
  if (!state) return result("unknown", "not observed yet");
  const leaderView = listed.find((m) => m.isLeader);
  if (state.zk.status !== "none" && state.zk.stale && state.zk.status !== "connected") {
    return result("warn", `ZooKeeper is ${state.zk.status}: the masters shown are the last known`);
  }
  if (!state.leader) return result("bad", "no master leads");
  // The lowest sequence leads whatever its data (docs/mesos/zookeeper.md#how-the-leader-is-chosen): Mesos' own
  // detectors fail on such a leader too.
  if (leaderView && isUndecodable(leaderView))
    return result(
      "bad",
      `the leading znode ${leaderView.id} does not decode, so the leader's address is unknown: ${leaderView.error ?? ""}`,
    );
  if (leaderView?.blocked)
    return result(
      "bad",
      `ZooKeeper's leader ${leaderView.hostname ?? leaderView.id}:${leaderView.port ?? "?"} is ${leaderView.blocked}: it is not contacted`,
    );
  if (leaderView?.reachable === false)
    return result(
      "bad",
      `the leader ${state.leader.hostname ?? state.leader.id}:${state.leader.port ?? "?"} does not answer`,
    );
  if (state.disputed) return result("bad", `leadership disputed: ${state.disputed.reason}`);
  if (mastersUp < effectiveQuorum && masters.every((m) => m.reachable !== null)) {
    return result(
      "bad",
      `${mastersUp} of ${masters.length} masters up, below the quorum of ${effectiveQuorum}: the registry cannot be written`,
    );
  }
  if (state.poll.status === "failed")
    return result("warn", `the leader's state cannot be read: ${state.poll.error ?? "unknown error"}`);
  const down = masters.filter((m) => m.reachable === false).length;
  if (base.margin <= 0)
    return result("warn", `${mastersUp} of ${masters.length} masters up: no further master may fail`);
  if (down > 0)
    return result("warn", `${down} master${down > 1 ? "s" : ""} not answering; ${base.margin} more may fail`);
  if (blocked > 0)
    return result(
      "warn",
      `${blocked} master${blocked > 1 ? "s" : ""} listed in ZooKeeper ${blocked > 1 ? "are" : "is"} ${listed.find(isBlocked)?.blocked ?? ""}, not contacted`,
    );
  if (undecodable > 0)
    return result(
      "warn",
      `${undecodable} znode${undecodable > 1 ? "s" : ""} under the masters' path do${undecodable > 1 ? "" : "es"} not decode`,
    );
  return result("ok", `${mastersUp} of ${masters.length} masters up; ${base.margin} may fail without losing quorum`);
}
