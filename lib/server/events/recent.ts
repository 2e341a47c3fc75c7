import "server-only";
import { getDb } from "@/lib/server/db";
import type { EventView } from "@/lib/shared/events";

/** The newest events of every cluster, newest first. */
export async function listRecentEvents(limit: number): Promise<EventView[]> {
  const rows = await getDb().clusterEvent.findMany({
    orderBy: { id: "desc" },
    take: limit,
    include: { cluster: { select: { name: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    clusterId: row.clusterId,
    clusterName: row.cluster.name,
    type: row.type,
    at: row.at.toISOString(),
    data: row.payload,
  }));
}
