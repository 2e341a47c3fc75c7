import { ZkView } from "@/components/cluster/zk-view";

export default function ZooKeeperPage() {
  return <ZkView />;
}
