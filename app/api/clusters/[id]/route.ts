// GET, PUT (replace the definition) and DELETE (with its history) /api/clusters/:id.
import { clusterInputSchema } from "@/lib/shared/cluster-input";
import { deleteCluster, getCluster, updateCluster } from "@/lib/server/clusters/repository";
import { type ClusterRouteContext, clusterIdFrom } from "@/lib/api/params";
import { handle, parseJsonBody } from "@/lib/api/request";
import { getControlPlane } from "@/lib/server/control-plane";

export const runtime = "nodejs";

export function GET(request: Request, context: ClusterRouteContext): Promise<Response> {
  return handle(request, "viewer", async () => Response.json(await getCluster(await clusterIdFrom(context))));
}

export function PUT(request: Request, context: ClusterRouteContext): Promise<Response> {
  return handle(request, "admin", async () => {
    const id = await clusterIdFrom(context);
    const input = await parseJsonBody(request, clusterInputSchema);
    const cluster = await updateCluster(id, input);
    await getControlPlane().sync(id);
    return Response.json(cluster);
  });
}

export function DELETE(request: Request, context: ClusterRouteContext): Promise<Response> {
  return handle(request, "admin", async () => {
    const id = await clusterIdFrom(context);
    await deleteCluster(id);
    await getControlPlane().sync(id);
    return new Response(null, { status: 204 });
  });
}
