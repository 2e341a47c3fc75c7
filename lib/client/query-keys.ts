// Every TanStack Query key of the browser, in one place, so that a query, the stream that feeds it and the
// mutation that invalidates it cannot drift apart. Keys are hierarchical: invalidating `cluster(id)` reaches every
// query of that cluster, `clusterEvents(id)` both the history and the timeline.
//
// Two keys are fed by an event stream, not fetched: `overview()` and `liveCluster(id)`. Their queries never fetch
// (they are disabled), so invalidating a prefix that contains them leaves them alone.
import type { QueryKey } from "@tanstack/react-query";

export const queryKeys = {
  /** Per-cluster summaries of the overview page (stream-fed, from /api/stream). */
  overview: () => ["overview"] as const,
  /** Every query of one cluster: the prefix to invalidate after the cluster itself changed. */
  cluster: (clusterId: number) => ["cluster", clusterId] as const,
  /** The live state and latest events of a cluster (stream-fed, from /api/clusters/:id/stream). */
  liveCluster: (clusterId: number) => ["cluster", clusterId, "live"] as const,
  /** Running and recent actions, and masters stopped from here (fetched, then kept current by the stream). */
  actions: (clusterId: number) => ["cluster", clusterId, "actions"] as const,
  /** Every page of a cluster's agents: the prefix read again when the leader's state changes. */
  agents: (clusterId: number) => ["cluster", clusterId, "agents"] as const,
  /** One page of agents, by its query string (lib/mesos/agent-query.ts agentPageSearch). */
  agentPage: (clusterId: number, search: string) => ["cluster", clusterId, "agents", search] as const,
  /** One master's own view (health, version, flags, metrics). */
  master: (clusterId: number, masterId: string) => ["cluster", clusterId, "master", masterId] as const,
  zk: (clusterId: number) => ["cluster", clusterId, "zk"] as const,
  /** Every event query of a cluster: invalidated when the stream delivers a new event. */
  clusterEvents: (clusterId: number) => ["cluster", clusterId, "events"] as const,
  eventHistory: (clusterId: number, search: string) => ["cluster", clusterId, "events", "history", search] as const,
  /** The leader timeline over `windowMs`, rebuilt when the newest event (`newestId`) changes. */
  leaderTimeline: (clusterId: number, windowMs: number, newestId: number) =>
    ["cluster", clusterId, "events", "timeline", windowMs, newestId] as const,
  users: () => ["users"] as const,
  /** One user's API tokens as an admin sees them; under users(), so a change of users reads them again. */
  userTokens: (userId: number) => ["users", userId, "tokens"] as const,
  /** The signed-in user's API tokens. */
  tokens: () => ["tokens"] as const,
};

/**
 * Options for a query whose data only an event stream writes (with setQueryData): it never fetches, so neither a
 * remount nor an invalidation can replace what the stream folded in with an older copy. `initialData` (what the
 * server rendered) seeds the cache when it has nothing yet.
 */
export function streamFedQuery<T>(queryKey: QueryKey, initialData: T): StreamFed & { initialData: T };
export function streamFedQuery(queryKey: QueryKey): StreamFed;
export function streamFedQuery<T>(queryKey: QueryKey, initialData?: T): StreamFed & { initialData?: T } {
  // Disabled rather than `skipToken`, so that TanStack types `data` as defined when `initialData` is.
  return { queryKey, enabled: false, staleTime: Infinity, ...(initialData === undefined ? {} : { initialData }) };
}

type StreamFed = { queryKey: QueryKey; enabled: false; staleTime: number };
