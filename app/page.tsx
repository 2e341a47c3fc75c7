import { connection } from "next/server";
import { ClusterTable } from "@/components/clusters/cluster-table";
import { NoClusters } from "@/components/clusters/no-clusters";
import { listClusters } from "@/lib/clusters/repository";
import { requestOrigin } from "@/lib/server/origin";

export default async function ClustersPage() {
  await connection();
  const clusters = await listClusters();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Clusters</h1>
      {clusters.length === 0 ? <NoClusters origin={await requestOrigin()} /> : <ClusterTable clusters={clusters} />}
    </div>
  );
}
