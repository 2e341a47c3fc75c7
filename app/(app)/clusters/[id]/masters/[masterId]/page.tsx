import { MasterView } from "@/components/cluster/master-view";
import { requirePrincipal } from "@/lib/server/auth/current";
import { masterViewId } from "@/lib/shared/masters";

export default async function MasterPage({ params }: { params: Promise<{ masterId: string }> }) {
  await requirePrincipal();
  return <MasterView masterId={masterViewId((await params).masterId)} />;
}
