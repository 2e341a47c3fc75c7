// GET /api/clusters/:id/actions: the action running now, the recent ones, and the masters stopped from here.
import { type ClusterRouteContext, clusterIdFrom } from "@/lib/api/params";
import { handle } from "@/lib/api/request";
import { getCluster } from "@/lib/server/clusters/repository";
import { getControlPlane } from "@/lib/server/control-plane";

export const runtime = "nodejs";

export function GET(request: Request, context: ClusterRouteContext): Promise<Response> {
  return handle(request, "viewer", async () => {
    const clusterId = await clusterIdFrom(context);
    await getCluster(clusterId);
    return Response.json(getControlPlane().actions.list(clusterId), { headers: { "Cache-Control": "no-store" } });
  });
}
