import "server-only";
// Registering, editing and deleting clusters: the stored definition and the collector that watches it change
// together, so a route never has to remember the second step.
import { getCollector } from "@/lib/server/collector";
import { createCluster, deleteCluster, pinHostKey, updateCluster } from "@/lib/server/clusters/repository";
import { refuseKeyPathOutsideDir } from "@/lib/server/control/key-path";
import type { ClusterView } from "@/lib/shared/api-types";
import type { ClusterInput } from "@/lib/shared/cluster-input";

export async function registerCluster(input: ClusterInput): Promise<ClusterView> {
  await refuseKeyPathOutsideDir(input.controller); // 400 for a key file outside SSH_KEY_DIR
  const cluster = await createCluster(input);
  await getCollector().sync(cluster.id);
  return cluster;
}

export async function editCluster(id: number, input: ClusterInput): Promise<ClusterView> {
  await refuseKeyPathOutsideDir(input.controller);
  const cluster = await updateCluster(id, input);
  await getCollector().sync(id);
  return cluster;
}

/** Deletes the cluster with its history; its watchers stop and open streams are told it was removed. */
export async function removeCluster(id: number): Promise<void> {
  await deleteCluster(id);
  await getCollector().sync(id);
}

/** Pins an SSH host key after an admin checked it on the host; the controller uses it from the next action on. */
export async function pinClusterHostKey(id: number, address: string, fingerprint: string): Promise<ClusterView> {
  const cluster = await pinHostKey(id, address, fingerprint);
  await getCollector().sync(id);
  return cluster;
}
