// GET /api/clusters/:id/agents: every agent of the last state read from the leader.
import { type ClusterRouteContext, clusterIdFrom } from "@/lib/api/params";
import { handle } from "@/lib/api/request";
import { liveAgents } from "@/lib/server/services/queries";

export const runtime = "nodejs";

export function GET(request: Request, context: ClusterRouteContext): Promise<Response> {
  return handle(request, "viewer", async () =>
    Response.json(await liveAgents(await clusterIdFrom(context)), { headers: { "Cache-Control": "no-store" } }),
  );
}
