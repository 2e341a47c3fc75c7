// Where a cluster's masters come from, behind one interface: ZooKeeper's member znodes (zk-source.ts) or the
// static list of a cluster without ZooKeeper (static-source.ts). The source also decides whom the leader-state
// reader asks, since only it knows what "the leader" means for its kind of cluster.
import type { PollView, ZkStatus } from "@/lib/shared/cluster-state";
import type { TrackedMaster } from "./master-list";

/** What a leader said of itself: its state's `version` and `pid`, or the stream's GET_VERSION and GET_MASTER. */
export interface FoundLeader {
  version: string | null;
  pid: string | null;
}

export interface ZkState {
  status: ZkStatus;
  /** When the client entered this status (ms). */
  since: number;
  /** A session expired and the expiry is not recorded yet: it must be recorded even if the client reconnected. */
  expiryPending: boolean;
  /** The ensemble's connect string, null while the cluster is not watched. */
  connectString: string | null;
}

/** `members`: a new list was read; `zk`: only ZooKeeper's connection changed. */
export type SourceChange = "members" | "zk";

/** Whom to ask for the leader's state, in order, or why no one is asked this time. */
export type LeaderSearch =
  | { kind: "ask"; candidates: TrackedMaster[] }
  | { kind: "wait"; status: "idle" | "pending" }
  | { kind: "fail"; error: string };

export interface MasterSource {
  /** The masters as last known. */
  readonly masters: readonly TrackedMaster[];
  /** True once the leader is known in this run: listed in the current ZooKeeper session, or searched for. */
  readonly fresh: boolean;
  /** ZooKeeper's side; null for a cluster without ZooKeeper. */
  zk(): ZkState | null;
  leader(): TrackedMaster | null;
  start(onChange: (change: SourceChange) => void): void;
  stop(): void;
  /** The pending expiry was recorded. */
  expiryRecorded(): void;
  /** Where to look for the leader's state; `hasState`: a state was read before (it stays shown meanwhile). */
  search(hasState: boolean): LeaderSearch;
  /** `master` answered with the leader's state (the poller) or its event stream (the stream reader). */
  found(master: TrackedMaster, leader: FoundLeader): void;
  /** No candidate answered with a state: `idle` when there is no leader to read, else `failed`. */
  notFound(sawNoLeader: boolean): "idle" | "failed";
}

/** How reading goes when the search names no master to ask: waiting (idle, pending) or failed with the reason. */
export function searchState(search: Exclude<LeaderSearch, { kind: "ask" }>): Pick<PollView, "status" | "error"> {
  return search.kind === "wait" ? { status: search.status, error: null } : { status: "failed", error: search.error };
}
