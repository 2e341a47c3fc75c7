import "server-only";
// What a cluster page renders before its stream connects: the definition, the live state and the latest events.
import { getClusterRow, toClusterView } from "@/lib/server/clusters/repository";
import type { ClusterView } from "@/lib/shared/api-types";
import { getCollector } from "@/lib/server/collector";
import { listEvents } from "@/lib/server/events/store";
import { LATEST_EVENTS_KEPT } from "@/lib/shared/events";
import type { ClusterStateView } from "@/lib/shared/cluster-state";
import type { ClusterEventView } from "@/lib/shared/events";

export interface InitialClusterView {
  cluster: ClusterView;
  state: ClusterStateView | null;
  events: ClusterEventView[];
}

/** Null when the id names no cluster (the page is a 404). */
export async function initialClusterView(clusterId: number): Promise<InitialClusterView | null> {
  const row = await getClusterRow(clusterId);
  if (!row) return null;
  const collector = getCollector();
  await collector.ready();
  if (!collector.watches(clusterId)) await collector.sync(clusterId);
  return {
    cluster: toClusterView(row),
    state: collector.state(clusterId),
    events: await listEvents(clusterId, { limit: LATEST_EVENTS_KEPT }),
  };
}

/** A cluster id from a page's path, or null. */
export function pageClusterId(id: string): number | null {
  return /^[1-9]\d{0,9}$/.test(id) ? Number(id) : null;
}
