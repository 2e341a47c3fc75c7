// GET /api/clusters/:id/events?limit=&before=&type=&since=&until=: the history, newest first.
import { type ClusterRouteContext, clusterIdFrom } from "@/lib/api/params";
import { handle } from "@/lib/api/request";
import { getCluster } from "@/lib/server/clusters/repository";
import { listEvents } from "@/lib/server/events/store";
import { parseEventQuery } from "@/lib/server/events/query";

export const runtime = "nodejs";

export function GET(request: Request, context: ClusterRouteContext): Promise<Response> {
  return handle(request, "viewer", async () => {
    const id = await clusterIdFrom(context);
    const query = parseEventQuery(new URL(request.url).searchParams);
    await getCluster(id);
    return Response.json({ events: await listEvents(id, query) }, { headers: { "Cache-Control": "no-store" } });
  });
}
