"use client";
// The browser's state-changing requests about clusters: registering, editing and deleting one, testing a
// connection, acting on masters and pinning an SSH host key. Each is a TanStack mutation that updates the queries it
// affects; forms keep their own redirects and messages.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { fetchJson, jsonRequest } from "@/lib/client/fetch-json";
import { type Overview, applyOverview } from "@/lib/client/overview";
import { queryKeys } from "@/lib/client/query-keys";
import type { ActionView } from "@/lib/shared/actions";
import type { ClusterView, ConnectionTestResult } from "@/lib/shared/api-types";
import type { MasterAction } from "@/lib/shared/service-commands";

/** POST /api/clusters (clusterId null) or PUT /api/clusters/:id. */
export function useSaveCluster(clusterId: number | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Record<string, unknown>) =>
      clusterId === null
        ? fetchJson<ClusterView>("/api/clusters", jsonRequest("POST", input))
        : fetchJson<ClusterView>(`/api/clusters/${clusterId}`, jsonRequest("PUT", input)),
    // A new definition (addresses, credentials, controller) changes what every query of the cluster reads.
    onSuccess: () =>
      clusterId === null ? undefined : queryClient.invalidateQueries({ queryKey: queryKeys.cluster(clusterId) }),
  });
}

/** DELETE /api/clusters/:id, with its history. */
export function useDeleteCluster(clusterId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => fetchJson<null>(`/api/clusters/${clusterId}`, { method: "DELETE" }),
    onSuccess: () => {
      queryClient.setQueryData<Overview>(queryKeys.overview(), (overview) =>
        overview ? applyOverview(overview, { type: "cluster-removed", clusterId }) : overview,
      );
      // The pages still on screen drop theirs as they unmount.
      queryClient.removeQueries({ queryKey: queryKeys.cluster(clusterId), type: "inactive" });
    },
  });
}

/** POST /api/clusters/test-connection: reads ZooKeeper and the masters, changes nothing. */
export function useTestConnection() {
  return useMutation({
    mutationFn: (target: { zk: unknown; masters: unknown; httpAuth: unknown; allowedMasters: unknown }) =>
      fetchJson<ConnectionTestResult>("/api/clusters/test-connection", jsonRequest("POST", target)),
  });
}

export interface MasterActionRequest {
  action: MasterAction | "rolling-restart";
  /** The master acted on; null for a rolling restart. */
  targetId: string | null;
  reason?: string;
  /** An admin's override of the quorum guard, confirmed by typing the cluster's name. */
  override?: { force: true; confirmName: string };
}

/**
 * POST /api/clusters/:id/masters/:masterId/actions or /api/clusters/:id/rolling-restart. The answer is not put in
 * queryKeys.actions: the stream's `action` messages keep that list, and may already be newer than this answer.
 */
export function useMasterAction(clusterId: number) {
  return useMutation({
    mutationFn: ({ action, targetId, reason, override }: MasterActionRequest) => {
      const body = { reason, ...override };
      return action === "rolling-restart"
        ? fetchJson<{ actionId: string; action: ActionView }>(
            `/api/clusters/${clusterId}/rolling-restart`,
            jsonRequest("POST", body),
          )
        : fetchJson<{ actionId: string; action: ActionView }>(
            `/api/clusters/${clusterId}/masters/${encodeURIComponent(targetId ?? "")}/actions`,
            jsonRequest("POST", { action, ...body }),
          );
    },
  });
}

/** POST /api/clusters/:id/host-keys: pins an SSH host key an admin checked on the host. */
export function usePinHostKey(clusterId: number) {
  return useMutation({
    mutationFn: (hostKey: { address: string; fingerprint: string }) =>
      fetchJson<ClusterView>(`/api/clusters/${clusterId}/host-keys`, jsonRequest("POST", hostKey)),
  });
}
