// The monitor's observations and the rules' timing: what `deriveEvents` compares against the recorded state
// (lib/server/events/recorded-state.ts), and what it returns.
import type { AgentCounts } from "@/lib/mesos/totals";
import type { PollStatus, StreamView, ZkStatus } from "@/lib/shared/cluster-state";
import type { EventDraft, MasterRef, RecordedState } from "@/lib/server/events/recorded-state";

export interface ObservedMaster extends MasterRef {
  reachable: boolean | null;
  error: string | null;
}

export interface Observation {
  now: number;
  /** `none` for clusters without ZooKeeper. `since`: when the client entered this status (ms). */
  zk: { status: ZkStatus; since: number };
  /** True when `masters` and `leader` were read in the current ZooKeeper session; false for the last known list. */
  fresh: boolean;
  /** The first fresh list since the dashboard started: a difference to the record happened while it was down. */
  firstSinceStart: boolean;
  masters: ObservedMaster[];
  leader: MasterRef | null;
  /** Agent counts from the last successful poll of the current leader, or null. */
  agents: AgentCounts | null;
  /** How the leader's state is read; `stream`: the event stream's checks, when it is followed. */
  poll: {
    status: PollStatus;
    error: string | null;
    stream?: Pick<StreamView, "differences" | "lastDifference"> | null;
  };
  dispute: { reason: string; since: number } | null;
}

export interface EventTiming {
  /** A ZooKeeper disconnection shorter than this (a client moving to another server) is not recorded. */
  zkDisconnectGraceMs: number;
  /** Agent count changes within this window after a recorded change are folded into one event. */
  agentsCoalesceMs: number;
  /** A disagreement about the leader must last this long to be recorded. */
  disputeGraceMs: number;
}

export const DEFAULT_EVENT_TIMING: EventTiming = {
  zkDisconnectGraceMs: 3_000,
  agentsCoalesceMs: 10_000,
  disputeGraceMs: 5_000,
};

export interface Derivation {
  events: EventDraft[];
  recorded: RecordedState;
  /** When to derive again even if nothing new is observed (a grace period or window ends), or null. */
  recheckAt: number | null;
}
