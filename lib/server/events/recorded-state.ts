// What the event history has recorded about a cluster, stored with it (so a restarted dashboard carries on from it)
// and validated when read back; and an event as it is handed to the store. The monitor's rules
// (lib/server/monitor/derive-events.ts) compare observations against this record.
import { z } from "zod";
import type { AgentCounts } from "@/lib/mesos/totals";
import type { ZkStatus } from "@/lib/shared/cluster-state";
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
  /** When the newest recorded `stream.difference` was found (ISO), so each is recorded once. */
  streamDifferenceAt: string | null;
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
  // Absent from states recorded before the event stream existed.
  streamDifferenceAt: z.string().nullable().default(null),
  dispute: z.string().nullable(),
  membershipKnown: z.boolean(),
}) satisfies z.ZodType<RecordedState>;

/** An event to store: a known type with its payload, as its schema in lib/shared/events describes it. */
export type EventDraft = KnownEvent & { at: number };

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
    streamDifferenceAt: null,
    dispute: null,
    membershipKnown: false,
  };
}
