// The quorum rule and the quorum guard (pure, browser-safe), used by the server's actions and by the UI alike: what
// stopping, starting or restarting a master would do to the cluster, whether it is allowed, and the rolling-restart
// plan. The replicated-log registry needs `quorum` running masters (docs/mesos/failover.md#the-quorum-flag): below
// it no master can recover the registry, every elected master aborts after --registry_fetch_timeout.
import { mastersByAddress } from "@/lib/shared/masters";
import type { MasterView } from "@/lib/shared/cluster-state";
import type { MasterAction } from "@/lib/shared/service-commands";

export interface GuardMaster {
  id: string;
  label: string;
  sequence: number | null;
  isLeader: boolean;
  /** false: known not to answer; null: not probed yet (counted as running). */
  reachable: boolean | null;
  /** Older znodes at the same address, whose sessions have not expired yet since the master restarted. */
  staleIds?: readonly string[];
}

/**
 * The masters the guard counts: one per address. A znode that does not decode, or names an address outside the allowed
 * ones, is left out; one whose host does not answer as that master counts as not running. A znode that does not decode names no master that runs
 * or could be stopped, and counting it as running (it is never probed) would let an action through below the quorum. A
 * restarted master's old znode stays until its session expires (docs/mesos/failover.md#sigterm-and-sigkill), beside the
 * new one; both answer at the same address, so counting both would count one process twice. The newest znode stands for
 * the master, and the master leads when either znode does.
 */
export function guardMastersOf(masters: readonly MasterView[]): GuardMaster[] {
  return mastersByAddress(masters).map(({ label, newest, znodes }) => {
    const stale = znodes.filter((m) => m !== newest).map((m) => m.id);
    return {
      id: newest.id,
      label,
      sequence: newest.sequence,
      isLeader: znodes.some((m) => m.isLeader),
      // An impostor answers, but not as this master: it is no running master to the guard.
      reachable: newest.impostor ? false : newest.reachable,
      ...(stale.length > 0 ? { staleIds: stale } : {}),
    };
  });
}

/** The registry quorum in force: the cluster's configured `--quorum`, or else a majority of `masterCount`. */
export function effectiveQuorum(quorum: number | null, masterCount: number): number {
  return quorum ?? Math.floor(masterCount / 2) + 1;
}

export interface GuardDecision {
  allowed: boolean;
  /** Why it is refused (null when allowed). */
  reason: string | null;
  /** What will happen, in words, for the confirmation dialog. */
  consequence: string;
  quorum: number;
  runningAfter: number;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * `quorum` is the cluster's configured quorum, or null to assume a majority of the listed masters. A `start` is
 * always allowed. A `stop` or `restart` is refused when it would leave no master or fewer than the quorum running
 * (a restart takes its master down for a while too).
 */
export function guardAction(
  action: MasterAction,
  targetId: string,
  masters: readonly GuardMaster[],
  quorum: number | null,
): GuardDecision {
  const inForce = effectiveQuorum(quorum, masters.length);
  const quorumText = `${quorum === null ? "assumed " : ""}quorum of ${inForce}`;
  const running = masters.filter((m) => m.reachable !== false);
  const target = masters.find((m) => m.id === targetId || m.staleIds?.includes(targetId));
  if (action === "start") {
    return {
      allowed: true,
      reason: null,
      consequence: `The master is started and rejoins as a standby; ${plural(running.length + 1, "master")} will run.`,
      quorum: inForce,
      runningAfter: running.length + 1,
    };
  }
  if (!target) {
    return {
      allowed: false,
      reason: "this master is not listed now",
      consequence: "",
      quorum: inForce,
      runningAfter: running.length,
    };
  }
  const targetRunning = target.reachable !== false;
  const after = running.length - (targetRunning ? 1 : 0);
  const verb = action === "stop" ? "stopping" : "restarting";
  const during = action === "restart" ? " while it restarts" : "";
  const next = [...running]
    .filter((m) => m.id !== target.id)
    .sort((a, b) => (a.sequence ?? Infinity) - (b.sequence ?? Infinity))[0];
  const failover = target.isLeader
    ? `${target.label} is the leader: a failover follows once its ZooKeeper session expires; next in line is ${next ? next.label : "nobody"}.`
    : `${target.label} is a standby: no failover.`;
  const consequence = `${failover} ${plural(after, "master")} of ${masters.length} keep running${during} (${quorumText}).${action === "restart" ? " It rejoins with a new, higher sequence." : ""}`;
  if (targetRunning && after === 0) {
    return {
      allowed: false,
      reason: `${verb} ${target.label} would leave no master running at all`,
      consequence,
      quorum: inForce,
      runningAfter: after,
    };
  }
  if (targetRunning && after < inForce) {
    return {
      allowed: false,
      reason: `${verb} ${target.label} would leave ${plural(after, "running master")}${during}, fewer than the ${quorumText}: the registry could not be written and an elected master would abort after --registry_fetch_timeout`,
      consequence,
      quorum: inForce,
      runningAfter: after,
    };
  }
  return { allowed: true, reason: null, consequence, quorum: inForce, runningAfter: after };
}

export interface RollingRestartPlan {
  /** Standbys first, newest sequence first, and the leader last: one failover in all. */
  order: GuardMaster[];
  /** Refused when the guard refuses restarting any master of the order. */
  decision: GuardDecision;
}

/** The one rolling-restart plan: the order the server restarts in, and what the UI asks the operator to confirm. */
export function rollingRestartPlan(masters: readonly MasterView[], quorum: number | null): RollingRestartPlan {
  const counted = guardMastersOf(masters);
  const order = [
    ...counted.filter((m) => !m.isLeader).sort((a, b) => (b.sequence ?? 0) - (a.sequence ?? 0)),
    ...counted.filter((m) => m.isLeader),
  ];
  const consequence = `Restarts the ${counted.length} masters one at a time, standbys first and the leader last, each verified (back with a new sequence, its old znode expired) before the next: one failover. Stops at the first failure.`;
  const refused = order.map((m) => guardAction("restart", m.id, counted, quorum)).find((d) => !d.allowed);
  const decision: GuardDecision = refused
    ? { ...refused, consequence }
    : {
        allowed: true,
        reason: null,
        consequence,
        quorum: effectiveQuorum(quorum, counted.length),
        runningAfter: counted.length - 1,
      };
  return { order, decision };
}
