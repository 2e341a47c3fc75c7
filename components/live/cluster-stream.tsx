"use client";
// The stream of the cluster being viewed (one per tab, through useEventStream): the snapshot, deltas and events go
// into TanStack's cache through the pure reducer in lib/client/live-cluster.ts; every component of the cluster pages
// reads from there.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, createContext, useContext, useEffect, useMemo } from "react";
import { type LiveCluster, applyEvents, applySnapshot, applyStateDelta } from "@/lib/client/live-cluster";
import { type ActionsList, EMPTY_ACTIONS, applyAction } from "@/lib/client/actions";
import type { StreamStatus } from "@/lib/client/event-stream";
import { fetchJson } from "@/lib/client/fetch-json";
import { queryKeys, streamFedQuery } from "@/lib/client/query-keys";
import { throttle } from "@/lib/client/throttle";
import { useEventStream } from "@/lib/client/use-event-stream";
import type { ActionView } from "@/lib/shared/actions";
import type { ClusterStateView } from "@/lib/shared/cluster-state";
import type { ClusterEventView } from "@/lib/shared/events";

interface ConnectionStatus {
  connection: StreamStatus;
  /** When the last message arrived, ms since the epoch. */
  lastMessageAt: number | null;
  /** When a stream the browser gave up on is opened again, ms since the epoch; null while none is due. */
  retryAt: number | null;
}

export interface ClusterInfo {
  name: string;
  quorum: number | null;
  /** Whether a controller (sim or ssh) is configured: without one, masters cannot be acted on. */
  hasController: boolean;
}

/** How often at most the agents page reads its rows again while the leader's state keeps changing. */
const AGENTS_REFRESH_MS = 500;

const StreamContext = createContext<{ clusterId: number; status: ConnectionStatus; cluster: ClusterInfo } | null>(null);

export function ClusterStreamProvider({
  clusterId,
  initial,
  cluster,
  children,
}: {
  clusterId: number;
  initial: LiveCluster;
  cluster: ClusterInfo;
  children: ReactNode;
}) {
  const queryClient = useQueryClient();
  useQuery(streamFedQuery(queryKeys.liveCluster(clusterId), initial));
  const update = (fold: (live: LiveCluster) => LiveCluster) =>
    queryClient.setQueryData<LiveCluster>(queryKeys.liveCluster(clusterId), (live) =>
      fold(live ?? { state: null, events: [] }),
    );

  // The agents page asks the server for a window of rows: read it again when the leader's state was read again, at
  // most twice a second (a stream with churn changes it many times a second).
  const agentsChanged = useMemo(
    () =>
      throttle(() => void queryClient.invalidateQueries({ queryKey: queryKeys.agents(clusterId) }), AGENTS_REFRESH_MS),
    [queryClient, clusterId],
  );
  useEffect(() => agentsChanged.cancel, [agentsChanged]);

  const stream = useEventStream(`/api/clusters/${clusterId}/stream`, {
    snapshot: (state) => {
      update((live) => applySnapshot(live, state as ClusterStateView));
      void queryClient.invalidateQueries({ queryKey: queryKeys.actions(clusterId) }); // they may have moved while away
      agentsChanged();
    },
    state: (delta) => {
      const change = delta as Partial<ClusterStateView>;
      update((live) => applyStateDelta(live, change));
      if (change.poll?.lastSuccessAt || change.agents || change.resources) agentsChanged();
    },
    "cluster-event": (event) => {
      update((live) => applyEvents(live, [event as ClusterEventView]));
      void queryClient.invalidateQueries({ queryKey: queryKeys.clusterEvents(clusterId) });
    },
    action: (action) =>
      queryClient.setQueryData<ActionsList>(queryKeys.actions(clusterId), (list) =>
        applyAction(list ?? EMPTY_ACTIONS, action as ActionView),
      ),
    removed: (_, control) => control.end(),
  });

  const status = { connection: stream.status, lastMessageAt: stream.lastMessageAt, retryAt: stream.retryAt };
  return <StreamContext.Provider value={{ clusterId, status, cluster }}>{children}</StreamContext.Provider>;
}

/** The live state and latest events of the cluster whose pages are open, and the stream's health. */
export function useLiveCluster(): LiveCluster & { clusterId: number; status: ConnectionStatus; cluster: ClusterInfo } {
  const context = useContext(StreamContext);
  if (!context) throw new Error("useLiveCluster needs a ClusterStreamProvider");
  const { data } = useQuery<LiveCluster>(streamFedQuery(queryKeys.liveCluster(context.clusterId)));
  return {
    ...(data ?? { state: null, events: [] }),
    clusterId: context.clusterId,
    status: context.status,
    cluster: context.cluster,
  };
}

/** The running and recent actions of the cluster, and the masters stopped from here; kept live by the stream. */
export function useClusterActions(): ActionsList {
  const context = useContext(StreamContext);
  if (!context) throw new Error("useClusterActions needs a ClusterStreamProvider");
  const { data } = useQuery({
    queryKey: queryKeys.actions(context.clusterId),
    queryFn: () => fetchJson<ActionsList>(`/api/clusters/${context.clusterId}/actions`),
    staleTime: Infinity,
  });
  return data ?? EMPTY_ACTIONS;
}
