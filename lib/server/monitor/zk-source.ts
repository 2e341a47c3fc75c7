// The masters of a cluster on ZooKeeper: its member znodes, watched, with the connection's status. Until the
// first list of a session arrives the last recorded masters stand in, marked not fresh.
import { leaderOf } from "@/lib/mesos/master-info";
import type { AllowEntry } from "@/lib/shared/master-address";
import type { MembersSnapshot, ZkConnection } from "@/lib/zk/ensemble";
import type { ZkStatus } from "@/lib/shared/cluster-state";
import type { Clock } from "./clock";
import type { MasterRef } from "@/lib/server/events/recorded-state";
import { type TrackedMaster, fromRecorded, fromZkMember } from "./master-list";
import type { FoundLeader, LeaderSearch, MasterSource, SourceChange, ZkState } from "./master-source";

/** The part of the shared ZooKeeper client (ZkEnsemble) a source uses. */
export interface WatchedEnsemble {
  readonly connection: ZkConnection;
  readonly connectString: string;
  on(event: "connection", listener: (connection: ZkConnection) => void): unknown;
  on(event: "expired", listener: () => void): unknown;
  off(event: "connection", listener: (connection: ZkConnection) => void): unknown;
  off(event: "expired", listener: () => void): unknown;
  watchMembers(path: string, listener: (snapshot: MembersSnapshot) => void): () => void;
}

const ZK_STATUS: Record<ZkConnection, ZkStatus> = {
  connecting: "disconnected",
  connected: "connected",
  disconnected: "disconnected",
  expired: "expired",
};

export class ZkSource implements MasterSource {
  private members: TrackedMaster[];
  private listed = false;
  private status: ZkStatus = "none";
  private since: number;
  private expiryPending = false;
  private stopWatching: (() => void) | null = null;
  private stopped = false;

  /** `path`: the cluster's znode path, null for a cluster that names neither ZooKeeper nor masters. */
  constructor(
    private readonly ensemble: WatchedEnsemble | null,
    private readonly path: string | null,
    recorded: readonly MasterRef[],
    private readonly clock: Clock,
    private readonly allowlist: readonly AllowEntry[] | null = null,
  ) {
    this.members = recorded.map((m) => fromRecorded(m, allowlist)); // last known, stale until ZooKeeper answers
    this.since = clock.now();
  }

  get masters(): readonly TrackedMaster[] {
    return this.members;
  }

  get fresh(): boolean {
    return this.listed;
  }

  zk(): ZkState | null {
    if (this.path === null) return null;
    const connectString = this.ensemble?.connectString ?? null;
    return { status: this.status, since: this.since, expiryPending: this.expiryPending, connectString };
  }

  leader(): TrackedMaster | null {
    // Lowest sequence over all formats, decodable or not (docs/mesos/zookeeper.md#how-the-leader-is-chosen).
    return leaderOf(this.members.flatMap((m) => (m.sequence === null ? [] : [{ ...m, sequence: m.sequence }])));
  }

  start(onChange: (change: SourceChange) => void): void {
    const ensemble = this.ensemble;
    const path = this.path;
    if (!ensemble || path === null) return;
    this.status = ZK_STATUS[ensemble.connection];
    this.since = this.clock.now();
    const onConnection = (connection: ZkConnection) => {
      const status = ZK_STATUS[connection];
      if (status !== this.status) {
        this.status = status;
        this.since = this.clock.now();
      }
      if (connection !== "connected") this.listed = false; // the list is the last known until read again
      onChange("zk");
    };
    const onExpired = () => {
      this.expiryPending = true;
      onChange("zk");
    };
    const onMembers = (snapshot: MembersSnapshot) => {
      if (this.stopped) return;
      this.members = snapshot.members.map((m) => fromZkMember(m, this.allowlist));
      this.listed = true;
      onChange("members");
    };
    ensemble.on("connection", onConnection);
    ensemble.on("expired", onExpired);
    const unwatch = ensemble.watchMembers(path, onMembers);
    this.stopWatching = () => {
      unwatch();
      ensemble.off("connection", onConnection);
      ensemble.off("expired", onExpired);
    };
  }

  stop(): void {
    this.stopped = true;
    this.stopWatching?.();
    this.stopWatching = null;
  }

  expiryRecorded(): void {
    this.expiryPending = false;
  }

  search(hasState: boolean): LeaderSearch {
    const leader = this.leader();
    // Before the first list of this session the recorded leader is a guess: keep showing a state read from it,
    // but do not start reading one.
    if (!leader || (!this.listed && !hasState)) return { kind: "wait", status: this.listed ? "idle" : "pending" };
    if (leader.blocked) {
      return {
        kind: "fail",
        error: `the leader ${leader.hostname ?? "?"}:${leader.port ?? "?"} (${leader.id}) is ${leader.blocked}: its state is not read`,
      };
    }
    if (!leader.url) {
      return {
        kind: "fail",
        error: `the leader's znode ${leader.id} does not decode: ${leader.decodeError ?? "unknown"}`,
      };
    }
    return { kind: "ask", candidates: [leader] };
  }

  found(_master: TrackedMaster, _leader: FoundLeader): void {
    // ZooKeeper, not the answer, says who leads.
  }

  notFound(_sawNoLeader: boolean): "failed" {
    return "failed";
  }
}
