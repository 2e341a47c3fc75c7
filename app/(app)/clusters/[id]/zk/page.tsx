import { ZkView } from "@/components/cluster/zk-view";
import { requirePrincipal } from "@/lib/server/auth/current";

export default async function ZooKeeperPage() {
  await requirePrincipal();
  return <ZkView />;
}
