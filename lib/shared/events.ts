// The cluster events: their types, as the history stores them and the API and streams serve them (browser-safe).
// The wire and store form (`ClusterEventView`) carries `data: unknown`; each type's payload has a schema here, which
// both the producers (typed by it) and the readers (which parse with it) go by, so that they agree by the compiler.
import { z } from "zod";
import type { AgentCounts } from "@/lib/mesos/totals";
import type { ActionCommand, ActionKind, ActionState, ActionView } from "./actions";
import type { ZkStatus } from "./cluster-state";
import type { MasterAction } from "./service-commands";

/** How many of the newest events a cluster page keeps (and the server renders before the stream connects). */
export const LATEST_EVENTS_KEPT = 50;

export const EVENT_TYPES = [
  "leader.elected",
  "leader.lost",
  "leader.disputed",
  "leader.dispute_ended",
  "master.joined",
  "master.left",
  "master.unreachable",
  "master.reachable",
  "zk.connected",
  "zk.disconnected",
  "zk.session_expired",
  "agents.changed",
  "poll.failed",
  "poll.recovered",
  "stream.difference",
  "action.requested",
  "action.progress",
  "action.finished",
] as const;
export type ClusterEventType = (typeof EVENT_TYPES)[number];

export interface ClusterEventView {
  id: number;
  clusterId: number;
  type: ClusterEventType | (string & {});
  at: string;
  data: unknown;
}

/** An event of any cluster, with the cluster's name (the all-clusters event page). */
export interface EventView {
  id: number;
  clusterId: number;
  clusterName: string;
  type: string;
  at: string;
  data: unknown;
}

// ---- payloads --------------------------------------------------------------------------------------------------
// Objects are not strict: a key that an older version wrote and this one does not know fails no parse (it is dropped).
// A field is optional where rows written earlier (or by hand) may lack it and the sentence has words for its absence.

export const zkStatusSchema = z.enum(["connected", "disconnected", "expired", "none"]) satisfies z.ZodType<ZkStatus>;

/** A master as events and the recorded state name it: znode name and address (a reset ZooKeeper reuses names). */
export const masterRefSchema = z.object({
  id: z.string(),
  hostname: z.string().nullable(),
  port: z.number().nullable(),
  sequence: z.number().nullable(),
});
export type EventMasterRef = z.infer<typeof masterRefSchema>;

export const agentCountsSchema = z.object({
  active: z.number(),
  deactivated: z.number(),
  unreachable: z.number(),
  recovered: z.number(),
}) satisfies z.ZodType<AgentCounts>;

/** `initial`: seen on the first list ever read; `whileDashboardDown`: the change happened while it was not running. */
const seen = { initial: z.boolean().optional(), whileDashboardDown: z.boolean().optional() };

const masterActionSchema = z.enum(["stop", "start", "restart"]) satisfies z.ZodType<MasterAction>;
const actionKindSchema = z.enum(["stop", "start", "restart", "rolling-restart"]) satisfies z.ZodType<ActionKind>;
const actionStateSchema = z.enum([
  "requested",
  "running_command",
  "master_stopped",
  "master_back",
  "failover_done",
  "agents_reregistered",
  "verified",
  "failed",
]) satisfies z.ZodType<ActionState>;
/** The master acted on, by address (`host:port`). */
const actionTargetSchema = z.object({ id: z.string().optional(), label: z.string() });
const actionCommandSchema = z.object({
  controller: z.enum(["sim", "ssh"]).optional(),
  via: z.string(),
  command: z.string(),
  exitCode: z.number().nullable(),
  output: z.string(),
  durationMs: z.number().optional(),
}) satisfies z.ZodType<Partial<ActionCommand>>;
/** Every action event names its action; rows written without it still read. */
const actionId = { actionId: z.string().optional() };
const actionRequestedBase = z.object({
  ...actionId,
  actor: z.string(),
  reason: z.string().nullable(),
  forced: z.boolean(),
});

const EVENT_SCHEMAS = {
  "leader.elected": z.object({
    leader: masterRefSchema.optional(),
    previous: masterRefSchema.nullable().optional(),
    /** How long ZooKeeper listed no leader at all (0: the leadership moved directly; null: unknown). */
    noLeaderMs: z.number().nullable().optional(),
    /** How long the previous leader had not answered before. */
    previousUnreachableMs: z.number().optional(),
    ...seen,
  }),
  "leader.lost": z.object({ previous: masterRefSchema, whileDashboardDown: z.boolean().optional() }),
  "leader.disputed": z.object({ reason: z.string(), leader: masterRefSchema.nullable(), since: z.string() }),
  "leader.dispute_ended": z.object({ reason: z.string() }),
  "master.joined": z.object({ master: masterRefSchema.optional(), ...seen }),
  "master.left": z.object({
    master: masterRefSchema,
    unreachableMs: z.number().optional(),
    whileDashboardDown: z.boolean().optional(),
  }),
  "master.unreachable": z.object({
    master: masterRefSchema,
    error: z.string().nullable().optional(),
    isLeader: z.boolean().optional(),
  }),
  "master.reachable": z.object({ master: masterRefSchema, downMs: z.number().optional() }),
  "zk.connected": z.object({ previous: zkStatusSchema, initial: z.boolean().optional() }),
  /** `since`: when the client lost the connection (ISO). */
  "zk.disconnected": z.object({ since: z.string().optional() }),
  "zk.session_expired": z.object({ previous: zkStatusSchema }),
  "agents.changed": z.object({ before: agentCountsSchema, after: agentCountsSchema }),
  "poll.failed": z.object({ error: z.string(), leader: masterRefSchema.nullable().optional() }),
  "poll.recovered": z.object({ downMs: z.number(), error: z.string() }),
  /** A check found the event stream's state differing from the leader's own (MESOS-8469, MESOS-9000). */
  "stream.difference": z.object({ reason: z.string(), differences: z.number(), leader: masterRefSchema.nullable() }),
  "action.requested": z.discriminatedUnion("kind", [
    actionRequestedBase.extend({ kind: masterActionSchema, target: actionTargetSchema }),
    actionRequestedBase.extend({ kind: z.literal("rolling-restart"), order: z.array(z.string()) }),
  ]),
  // The command a step ran, or a step of the verification; `master`: which one, during a rolling restart.
  "action.progress": z.union([
    z.object({
      ...actionId,
      state: z.literal("running_command"),
      master: z.string().optional(),
      command: actionCommandSchema,
    }),
    z.object({
      ...actionId,
      state: actionStateSchema.exclude(["verified", "failed"]),
      detail: z.string(),
      master: z.string().optional(),
    }),
  ]),
  "action.finished": z.object({
    ...actionId,
    kind: actionKindSchema,
    target: actionTargetSchema.nullable(),
    result: z.enum(["running", "verified", "failed"]) satisfies z.ZodType<ActionView["status"]>,
    error: z.string().nullable(),
    durationMs: z.number(),
    actor: z.string().optional(),
    unpinnedHostKey: z.object({ address: z.string(), fingerprint: z.string() }).nullable().optional(),
  }),
} satisfies Record<ClusterEventType, z.ZodType>;

/** The payload of an event of type `T`, as its producer writes it and a reader gets it from `parseClusterEvent`. */
export type EventData<T extends ClusterEventType> = EventDataMap[T];
type EventDataMap = { [K in ClusterEventType]: z.output<(typeof EVENT_SCHEMAS)[K]> };

/** A known event's type and payload, one member per type: a `switch (event.type)` narrows `data`. */
export type KnownEvent = { [T in ClusterEventType]: { type: T; data: EventData<T> } }[ClusterEventType];

/** A stored event whose type is known and whose payload matches that type's schema. */
export type ClusterEvent = Omit<ClusterEventView, "type" | "data"> & KnownEvent;

export type ActionEventType = "action.requested" | "action.progress" | "action.finished";
/** An action event's payload without `actionId`, which the action manager adds to each. */
export type ActionEventBody<T extends ActionEventType> = OmitEach<EventData<T>, "actionId">;
/** `Omit` of each member of a union (`Omit` of the union itself keeps only the keys all members share). */
type OmitEach<U, K extends PropertyKey> = U extends unknown ? Omit<U, K> : never;

function isEventType(type: string): type is ClusterEventType {
  return (EVENT_TYPES as readonly string[]).includes(type);
}

/**
 * The event with its payload typed, or null when its type is unknown (a newer version wrote it) or its payload does
 * not match the type's schema: readers then show it raw rather than guess.
 */
export function parseClusterEvent<V extends Pick<ClusterEventView, "type" | "data">>(
  view: V,
): (Omit<V, "type" | "data"> & KnownEvent) | null {
  if (!isEventType(view.type)) return null;
  const parsed = EVENT_SCHEMAS[view.type].safeParse(view.data);
  // The compiler does not follow that the schema picked by `type` gives that type's payload.
  return parsed.success ? ({ ...view, data: parsed.data } as Omit<V, "type" | "data"> & KnownEvent) : null;
}
