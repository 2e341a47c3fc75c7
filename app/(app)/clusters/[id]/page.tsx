import { ClusterOverview } from "@/components/cluster/cluster-overview";
import { requirePrincipal } from "@/lib/server/auth/current";

export default async function ClusterPage() {
  await requirePrincipal();
  return <ClusterOverview />;
}
