// GET /api/clusters: every registered cluster. POST /api/clusters: register one ({ name, zk } or { name, masters }).
import { clusterInputSchema } from "@/lib/shared/cluster-input";
import { listClusters } from "@/lib/server/clusters/repository";
import { registerCluster } from "@/lib/server/services/clusters";
import { handle, parseJsonBody } from "@/lib/api/request";

export const runtime = "nodejs";

export function GET(request: Request): Promise<Response> {
  return handle(request, "viewer", async () => Response.json(await listClusters()));
}

export function POST(request: Request): Promise<Response> {
  return handle(request, "admin", async () => {
    const input = await parseJsonBody(request, clusterInputSchema);
    return Response.json(await registerCluster(input), { status: 201 });
  });
}
