import { MasterView } from "@/components/cluster/master-view";
import { masterViewId } from "@/lib/client/master-redirect";

export default async function MasterPage({ params }: { params: Promise<{ masterId: string }> }) {
  return <MasterView masterId={masterViewId((await params).masterId)} />;
}
