// GET /api/clusters/:id/actions: the action running now, the recent ones, and the masters stopped from here.
import { type ClusterRouteContext, clusterIdFrom } from "@/lib/api/params";
import { handle } from "@/lib/api/request";
import { getCluster } from "@/lib/server/clusters/repository";
import { getCollector } from "@/lib/server/collector";

export const runtime = "nodejs";

export function GET(request: Request, context: ClusterRouteContext): Promise<Response> {
  return handle(request, "viewer", async () => {
    const clusterId = await clusterIdFrom(context);
    await getCluster(clusterId);
    return Response.json(getCollector().actions.list(clusterId), { headers: { "Cache-Control": "no-store" } });
  });
}
