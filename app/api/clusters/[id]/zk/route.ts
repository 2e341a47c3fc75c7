// GET /api/clusters/:id/zk: the znodes under the cluster's path, decoded, and each ZooKeeper server's own state,
// read through the collector's session on the ensemble (lib/server/services/zookeeper-view.ts).
import { type ClusterRouteContext, clusterIdFrom } from "@/lib/api/params";
import { handle } from "@/lib/api/request";
import { zookeeperView } from "@/lib/server/services/zookeeper-view";

export const runtime = "nodejs";

export function GET(request: Request, context: ClusterRouteContext): Promise<Response> {
  return handle(request, "viewer", async () => {
    const id = await clusterIdFrom(context);
    return Response.json(await zookeeperView(id), { headers: { "Cache-Control": "no-store" } });
  });
}
