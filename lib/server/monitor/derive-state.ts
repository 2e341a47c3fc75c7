// The event history's recorded state and the monitor's observations: what `deriveEvents` compares, and what it
// returns. The recorded state is stored with the cluster, so its schema validates what is read back.
import { z } from "zod";
import type { AgentCounts } from "@/lib/mesos/totals";
import type { PollStatus, ZkStatus } from "@/lib/shared/cluster-state";
import { type KnownEvent, agentCountsSchema, masterRefSchema, zkStatusSchema } from "@/lib/shared/events";

export interface MasterRef {
  id: string;
  hostname: string | null;
  port: number | null;
  sequence: number | null;
}

/** What the history has recorded so far; stored with the cluster so a restarted dashboard carries on from it. */
export interface RecordedState {
  zk: ZkStatus;
  masters: MasterRef[];
  leader: MasterRef | null;
  /** When the last leader was lost (ms since the epoch), while no master leads. */
  leaderLostAt: number | null;
  /** Masters recorded unreachable, with since when (ms). */
  unreachable: Record<string, number>;
  agents: AgentCounts | null;
  /** When `agents` was last recorded by an `agents.changed` (ms). */
  agentsAt: number | null;
  pollFailing: { since: number; error: string } | null;
  dispute: string | null;
  /** False until a first fresh master list was recorded: the masters seen then are the initial ones, not joiners. */
  membershipKnown: boolean;
}

/** Validates a recorded state read back from the database; anything else is treated as "nothing recorded". */
export const recordedStateSchema = z.object({
  zk: zkStatusSchema,
  masters: z.array(masterRefSchema),
  leader: masterRefSchema.nullable(),
  leaderLostAt: z.number().nullable(),
  unreachable: z.record(z.string(), z.number()),
  agents: agentCountsSchema.nullable(),
  agentsAt: z.number().nullable(),
  pollFailing: z.object({ since: z.number(), error: z.string() }).nullable(),
  dispute: z.string().nullable(),
  membershipKnown: z.boolean(),
}) satisfies z.ZodType<RecordedState>;

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
  poll: { status: PollStatus; error: string | null };
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

/** An event to store: a known type with its payload, as its schema in lib/shared/events describes it. */
export type EventDraft = KnownEvent & { at: number };

export interface Derivation {
  events: EventDraft[];
  recorded: RecordedState;
  /** When to derive again even if nothing new is observed (a grace period or window ends), or null. */
  recheckAt: number | null;
}

export function emptyRecordedState(): RecordedState {
  return {
    zk: "none",
    masters: [],
    leader: null,
    leaderLostAt: null,
    unreachable: {},
    agents: null,
    agentsAt: null,
    pollFailing: null,
    dispute: null,
    membershipKnown: false,
  };
}
