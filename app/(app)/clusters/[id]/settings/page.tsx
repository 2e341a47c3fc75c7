import { notFound } from "next/navigation";
import { ClusterForm } from "@/components/clusters/cluster-form";
import { requirePrincipal } from "@/lib/server/auth/current";
import { getClusterRow, toClusterView } from "@/lib/server/clusters/repository";
import { pageClusterId } from "@/lib/server/services/initial-view";

export default async function ClusterSettingsPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePrincipal("admin");
  const clusterId = pageClusterId((await params).id);
  const row = clusterId === null ? null : await getClusterRow(clusterId);
  if (!row) notFound();
  return <ClusterForm cluster={toClusterView(row)} />;
}
