// GET /api/clusters/:id/state: what the monitor knows now (leader, masters, ZooKeeper, agents, resources, ...).
import { type ClusterRouteContext, clusterIdFrom } from "@/lib/api/params";
import { handle } from "@/lib/api/request";
import { liveState } from "@/lib/server/services/queries";

export const runtime = "nodejs";

export function GET(request: Request, context: ClusterRouteContext): Promise<Response> {
  return handle(request, "viewer", async () =>
    Response.json(await liveState(await clusterIdFrom(context)), { headers: { "Cache-Control": "no-store" } }),
  );
}
