// The cluster events: their types, as the history stores them and the API and streams serve them (browser-safe).

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
