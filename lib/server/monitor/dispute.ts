// Does ZooKeeper's leader agree with what the masters themselves say (pure)? ZooKeeper decides who leads
// (docs/mesos/zookeeper.md#how-the-leader-is-chosen); each master reports `master/elected`
// (docs/mesos/http.md#metrics-snapshot) and the leader's state names a leader (docs/mesos/state.md#top-level-keys). A
// disagreement that lasts is worth an operator's attention: a master that believes it leads while another is listed
// first, or a listed leader that does not act as one.

export interface MasterClaim {
  id: string;
  label: string;
  reachable: boolean | null;
  /** `master/elected` from the master itself; null when unknown. */
  elected: boolean | null;
}

export interface StateClaim {
  /** The master whose state was read (`pid`). */
  pid: string;
  /** The leader that state names (`leader_info.pid`, else `leader`), if any. */
  leaderPid: string | null;
}

/** The reason ZooKeeper's leader and the masters disagree, or null when they agree or nothing is known. */
export function leaderDispute(
  zkLeader: { id: string; label: string; pid: string | null } | null,
  masters: readonly MasterClaim[],
  state: StateClaim | null,
): string | null {
  const claimants = masters.filter((m) => m.elected === true && m.id !== zkLeader?.id);
  const first = claimants[0];
  if (first) {
    return zkLeader
      ? `${first.label} reports master/elected=1, but ZooKeeper's leader is ${zkLeader.label}`
      : `${first.label} reports master/elected=1, but ZooKeeper lists no leader`;
  }
  if (!zkLeader) return null;
  const leader = masters.find((m) => m.id === zkLeader.id);
  if (leader?.reachable === true && leader.elected === false) {
    return `ZooKeeper's leader ${zkLeader.label} reports master/elected=0`;
  }
  if (state && zkLeader.pid && state.leaderPid && state.leaderPid !== zkLeader.pid) {
    return `the leader's state names ${state.leaderPid} as leader, but ZooKeeper's leader is ${zkLeader.pid}`;
  }
  return null;
}
