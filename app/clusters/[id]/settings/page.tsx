import { notFound } from "next/navigation";
import { ClusterForm } from "@/components/clusters/cluster-form";
import { getClusterRow, toClusterView } from "@/lib/clusters/repository";
import { pageClusterId } from "@/lib/monitor/initial-view";

export default async function ClusterSettingsPage({ params }: { params: Promise<{ id: string }> }) {
  const clusterId = pageClusterId((await params).id);
  const row = clusterId === null ? null : await getClusterRow(clusterId);
  if (!row) notFound();
  return <ClusterForm cluster={toClusterView(row)} />;
}
