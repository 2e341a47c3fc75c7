// GET, PUT (replace the definition) and DELETE (with its history) /api/clusters/:id.
import { clusterInputSchema } from "@/lib/shared/cluster-input";
import { getCluster } from "@/lib/server/clusters/repository";
import { editCluster, removeCluster } from "@/lib/server/services/clusters";
import { type ClusterRouteContext, clusterIdFrom } from "@/lib/api/params";
import { handle, parseJsonBody } from "@/lib/api/request";

export const runtime = "nodejs";

export function GET(request: Request, context: ClusterRouteContext): Promise<Response> {
  return handle(request, "viewer", async () => Response.json(await getCluster(await clusterIdFrom(context))));
}

export function PUT(request: Request, context: ClusterRouteContext): Promise<Response> {
  return handle(request, "admin", async () => {
    const id = await clusterIdFrom(context);
    const input = await parseJsonBody(request, clusterInputSchema);
    return Response.json(await editCluster(id, input));
  });
}

export function DELETE(request: Request, context: ClusterRouteContext): Promise<Response> {
  return handle(request, "admin", async () => {
    const id = await clusterIdFrom(context);
    await removeCluster(id);
    return new Response(null, { status: 204 });
  });
}
