"use client";
// One EventSource per tab for the cluster being viewed: the snapshot, deltas and events go into TanStack's cache
// through the pure reducer in lib/client/live-cluster.ts; every component of the cluster pages reads from there.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, createContext, useContext, useEffect, useState } from "react";
import {
  type LiveCluster,
  type StreamConnection,
  applyEvents,
  applySnapshot,
  applyStateDelta,
  connectionAfterError,
} from "@/lib/client/live-cluster";
import { type ActionsList, EMPTY_ACTIONS, applyAction } from "@/lib/client/actions";
import { fetchJson } from "@/lib/client/fetch-json";
import type { ActionView } from "@/lib/shared/actions";
import type { ClusterStateView } from "@/lib/shared/cluster-state";
import type { ClusterEventView } from "@/lib/shared/events";

interface StreamStatus {
  connection: StreamConnection;
  /** When the last message (or heartbeat-carrying delta) arrived, ms since the epoch. */
  lastMessageAt: number | null;
}

export interface ClusterInfo {
  name: string;
  quorum: number | null;
  /** Whether a controller (sim or ssh) is configured: without one, masters cannot be acted on. */
  hasController: boolean;
}

const StreamContext = createContext<{ clusterId: number; status: StreamStatus; cluster: ClusterInfo } | null>(null);

export const liveClusterKey = (clusterId: number) => ["cluster", clusterId, "live"] as const;
export const actionsKey = (clusterId: number) => ["cluster", clusterId, "actions"] as const;

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
  const [status, setStatus] = useState<StreamStatus>({ connection: "connecting", lastMessageAt: null });

  useQuery({ queryKey: liveClusterKey(clusterId), queryFn: () => initial, initialData: initial, staleTime: Infinity });

  useEffect(() => {
    let source: EventSource | null = null;
    let lastEventId: string | null = null;
    const key = liveClusterKey(clusterId);
    const update = (fold: (live: LiveCluster) => LiveCluster) => {
      queryClient.setQueryData<LiveCluster>(key, (live) => fold(live ?? { state: null, events: [] }));
      setStatus({ connection: "live", lastMessageAt: Date.now() });
    };
    const open = () => {
      // A reopened stream resumes after the last event seen (EventSource cannot set Last-Event-ID itself).
      const url = `/api/clusters/${clusterId}/stream${lastEventId ? `?lastEventId=${encodeURIComponent(lastEventId)}` : ""}`;
      const stream = new EventSource(url);
      source = stream;
      stream.onopen = () => setStatus((s) => ({ ...s, connection: "live" }));
      stream.onerror = () => setStatus((s) => ({ ...s, connection: connectionAfterError(stream.readyState) }));
      const track = (message: MessageEvent<string>) => {
        if (message.lastEventId) lastEventId = message.lastEventId;
        return JSON.parse(message.data) as unknown;
      };
      stream.addEventListener("snapshot", (m) => {
        const state = track(m as MessageEvent<string>) as ClusterStateView;
        update((live) => applySnapshot(live, state));
        void queryClient.invalidateQueries({ queryKey: actionsKey(clusterId) }); // actions may have moved while away
      });
      stream.addEventListener("state", (m) => {
        const delta = track(m as MessageEvent<string>) as Partial<ClusterStateView>;
        update((live) => applyStateDelta(live, delta));
      });
      stream.addEventListener("cluster-event", (m) => {
        const event = track(m as MessageEvent<string>) as ClusterEventView;
        update((live) => applyEvents(live, [event]));
        void queryClient.invalidateQueries({ queryKey: ["cluster", clusterId, "events"] });
      });
      stream.addEventListener("action", (m) => {
        const action = track(m as MessageEvent<string>) as ActionView;
        queryClient.setQueryData<ActionsList>(actionsKey(clusterId), (list) =>
          applyAction(list ?? EMPTY_ACTIONS, action),
        );
      });
      stream.addEventListener("removed", () => {
        stream.close();
        setStatus((s) => ({ ...s, connection: "offline" }));
      });
    };
    const onVisibility = () => {
      if (document.visibilityState === "hidden") {
        source?.close();
        source = null;
      } else if (!source) {
        open();
      }
    };
    open();
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      document.removeEventListener("visibilitychange", onVisibility);
      source?.close();
    };
  }, [clusterId, queryClient]);

  return <StreamContext.Provider value={{ clusterId, status, cluster }}>{children}</StreamContext.Provider>;
}

/** The live state and latest events of the cluster whose pages are open, and the stream's health. */
export function useLiveCluster(): LiveCluster & { clusterId: number; status: StreamStatus; cluster: ClusterInfo } {
  const context = useContext(StreamContext);
  if (!context) throw new Error("useLiveCluster needs a ClusterStreamProvider");
  const { data } = useQuery<LiveCluster>({
    queryKey: liveClusterKey(context.clusterId),
    queryFn: () => ({ state: null, events: [] }),
    staleTime: Infinity,
    enabled: false,
  });
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
    queryKey: actionsKey(context.clusterId),
    queryFn: () => fetchJson<ActionsList>(`/api/clusters/${context.clusterId}/actions`),
    staleTime: Infinity,
  });
  return data ?? EMPTY_ACTIONS;
}
