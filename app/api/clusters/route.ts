// GET /api/clusters: every registered cluster. POST /api/clusters: register one ({ name, zk } or { name, masters }).
import { clusterInputSchema } from "@/lib/shared/cluster-input";
import { createCluster, listClusters } from "@/lib/server/clusters/repository";
import { handle, parseJsonBody } from "@/lib/api/request";
import { getControlPlane } from "@/lib/server/control-plane";

export const runtime = "nodejs";

export function GET(request: Request): Promise<Response> {
  return handle(request, "viewer", async () => Response.json(await listClusters()));
}

export function POST(request: Request): Promise<Response> {
  return handle(request, "admin", async () => {
    const input = await parseJsonBody(request, clusterInputSchema);
    const cluster = await createCluster(input);
    await getControlPlane().sync(cluster.id);
    return Response.json(cluster, { status: 201 });
  });
}
