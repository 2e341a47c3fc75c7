// What a browser tab knows about one cluster, folded from its event stream by pure functions (tested), so that the
// TanStack cache and the page never depend on the order in which a snapshot, replayed and live messages arrive.
import type { ClusterStateView } from "@/lib/shared/cluster-state";
import { type ClusterEventView, LATEST_EVENTS_KEPT } from "@/lib/shared/events";

export interface LiveCluster {
  state: ClusterStateView | null;
  /** Newest first, at most LATEST_EVENTS_KEPT, no duplicate ids. */
  events: ClusterEventView[];
}

export const EMPTY_LIVE_CLUSTER: LiveCluster = { state: null, events: [] };

/** A full state replaces what the tab had. */
export function applySnapshot(live: LiveCluster, state: ClusterStateView): LiveCluster {
  return { ...live, state };
}

/**
 * A delta carries the top-level keys that changed. Before any snapshot there is nothing to apply it to, so it is
 * dropped: the stream always sends a snapshot first, and again after every reconnect.
 */
export function applyStateDelta(live: LiveCluster, delta: Partial<ClusterStateView>): LiveCluster {
  if (!live.state) return live;
  return { ...live, state: { ...live.state, ...delta } };
}

/** Adds events (replayed or live) in id order, newest first, ignoring ids already present. */
export function applyEvents(live: LiveCluster, events: readonly ClusterEventView[]): LiveCluster {
  const known = new Set(live.events.map((e) => e.id));
  const fresh = events.filter((e) => !known.has(e.id));
  if (fresh.length === 0) return live;
  const merged = [...live.events, ...fresh].sort((a, b) => b.id - a.id).slice(0, LATEST_EVENTS_KEPT);
  const newest = merged[0];
  const state =
    live.state && newest && newest.id > live.state.version ? { ...live.state, version: newest.id } : live.state;
  return { state, events: merged };
}
