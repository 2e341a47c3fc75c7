// GET /api/clusters/:id/agents?offset=&limit=&q=&status=&sort=&desc=: a window of the agents of the last state read
// from the leader, filtered and sorted on the server (lib/mesos/agent-query.ts).
import { type ClusterRouteContext, clusterIdFrom } from "@/lib/api/params";
import { handle } from "@/lib/api/request";
import { liveAgents } from "@/lib/server/services/queries";

export const runtime = "nodejs";

export function GET(request: Request, context: ClusterRouteContext): Promise<Response> {
  return handle(request, "viewer", async () =>
    Response.json(await liveAgents(await clusterIdFrom(context), new URL(request.url).searchParams), {
      headers: { "Cache-Control": "no-store" },
    }),
  );
}
