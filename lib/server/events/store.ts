import "server-only";
// The event history in SQLite: appended together with the recorded state (one transaction, so a crash can never
// leave events without the state that produced them, which would duplicate them after a restart), read back
// newest first or after an id (stream resumption), and pruned by the retention settings.
import type { Prisma } from "@/lib/generated/prisma/client";
import { getDb } from "@/lib/server/db";
import { type EventDraft, type RecordedState, recordedStateSchema } from "@/lib/server/events/recorded-state";
import type { ClusterEventView, EventView } from "@/lib/shared/events";
import { capNullable, capStrings, capText } from "@/lib/shared/text";

/** A command's output keeps its own, longer cap (64 KiB, lib/server/control/controller.ts); every other string 300. */
const PAYLOAD_CAPS = { longer: { output: 64 * 1024 + 100 } } as const;

type EventRow = { id: number; clusterId: number; at: Date; type: string; payload: Prisma.JsonValue };

function toView(row: EventRow): ClusterEventView {
  return { id: row.id, clusterId: row.clusterId, type: row.type, at: row.at.toISOString(), data: row.payload };
}

async function insertEvents(
  tx: Prisma.TransactionClient,
  clusterId: number,
  events: EventDraft[],
): Promise<EventRow[]> {
  const created: EventRow[] = [];
  for (const event of events) {
    created.push(
      await tx.clusterEvent.create({
        // The last, defensive cap: whatever a producer forgot to cap, no stored string exceeds MAX_MESSAGE_CHARS.
        data: {
          clusterId,
          at: new Date(event.at),
          type: event.type,
          payload: capStrings(event.data, PAYLOAD_CAPS) as Prisma.InputJsonObject,
        },
      }),
    );
  }
  return created;
}

/**
 * The recorded state with its messages capped (the poll's error, the dispute's reason). Not the masters' names: the
 * monitor compares them with what it sees, and they are not messages.
 */
function capRecordedMessages(recorded: RecordedState): RecordedState {
  return {
    ...recorded,
    pollFailing: recorded.pollFailing && { ...recorded.pollFailing, error: capText(recorded.pollFailing.error) },
    dispute: capNullable(recorded.dispute),
  };
}

export async function appendEvents(
  clusterId: number,
  events: EventDraft[],
  recorded: RecordedState,
): Promise<ClusterEventView[]> {
  const rows = await getDb().$transaction(async (tx) => {
    const created = await insertEvents(tx, clusterId, events);
    await tx.cluster.update({
      where: { id: clusterId },
      data: { recordedState: capRecordedMessages(recorded) as unknown as Prisma.InputJsonObject },
    });
    return created;
  });
  return rows.map(toView);
}

/** Appends events that do not change what is recorded about the cluster (the audit trail of actions). */
export async function appendAuditEvents(clusterId: number, events: EventDraft[]): Promise<ClusterEventView[]> {
  const rows = await getDb().$transaction((tx) => insertEvents(tx, clusterId, events));
  return rows.map(toView);
}

/** The recorded state of a cluster, or null when none was recorded or it does not validate. */
export function readRecordedState(value: Prisma.JsonValue | null): RecordedState | null {
  if (value === null) return null;
  const parsed = recordedStateSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export async function lastEventId(clusterId: number): Promise<number> {
  const row = await getDb().clusterEvent.findFirst({
    where: { clusterId },
    orderBy: { id: "desc" },
    select: { id: true },
  });
  return row?.id ?? 0;
}

export interface EventQuery {
  limit: number;
  /** Only events with an id below this one (paging back). */
  before?: number;
  types?: string[];
  since?: Date;
  until?: Date;
}

/** Events of a cluster, newest first. */
export async function listEvents(clusterId: number, query: EventQuery): Promise<ClusterEventView[]> {
  const rows = await getDb().clusterEvent.findMany({
    where: {
      clusterId,
      ...(query.before !== undefined ? { id: { lt: query.before } } : {}),
      ...(query.types && query.types.length > 0 ? { type: { in: query.types } } : {}),
      ...(query.since || query.until
        ? { at: { ...(query.since ? { gte: query.since } : {}), ...(query.until ? { lte: query.until } : {}) } }
        : {}),
    },
    orderBy: { id: "desc" },
    take: query.limit,
  });
  return rows.map(toView);
}

/** The newest events of every cluster, newest first, with their cluster's name (the all-clusters page). */
export async function listRecentEvents(limit: number): Promise<EventView[]> {
  const rows = await getDb().clusterEvent.findMany({
    orderBy: { id: "desc" },
    take: limit,
    include: { cluster: { select: { name: true } } },
  });
  return rows.map((row) => ({ ...toView(row), clusterName: row.cluster.name }));
}

/** Events after `afterId`, oldest first, for a stream that resumes (Last-Event-ID). */
export async function eventsAfter(clusterId: number, afterId: number, limit: number): Promise<ClusterEventView[]> {
  const rows = await getDb().clusterEvent.findMany({
    where: { clusterId, id: { gt: afterId } },
    orderBy: { id: "asc" },
    take: limit,
  });
  return rows.map(toView);
}

export interface RetentionSettings {
  maxAgeDays: number;
  maxEventsPerCluster: number;
}

/** Deletes events older than the retention age and beyond the per-cluster cap; returns how many went. */
export async function pruneEvents(settings: RetentionSettings, now = new Date()): Promise<number> {
  const db = getDb();
  const cutoff = new Date(now.getTime() - settings.maxAgeDays * 86_400_000);
  let deleted = (await db.clusterEvent.deleteMany({ where: { at: { lt: cutoff } } })).count;
  const clusters = await db.cluster.findMany({ select: { id: true } });
  for (const { id } of clusters) {
    const boundary = await db.clusterEvent.findFirst({
      where: { clusterId: id },
      orderBy: { id: "desc" },
      skip: settings.maxEventsPerCluster,
      select: { id: true },
    });
    if (boundary)
      deleted += (await db.clusterEvent.deleteMany({ where: { clusterId: id, id: { lte: boundary.id } } })).count;
  }
  return deleted;
}
