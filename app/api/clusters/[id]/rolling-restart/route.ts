// POST /api/clusters/:id/rolling-restart: restart every master, standbys first and the leader last → 202 { actionId }.
import { type ClusterRouteContext, clusterIdFrom } from "@/lib/api/params";
import { handle, parseJsonBody } from "@/lib/api/request";
import { rollingRestartSchema } from "@/lib/server/control/action-input";
import { actorOf } from "@/lib/server/control/actor";
import { getCollector } from "@/lib/server/collector";

export const runtime = "nodejs";

export function POST(request: Request, context: ClusterRouteContext): Promise<Response> {
  return handle(request, "operator", async (principal) => {
    const clusterId = await clusterIdFrom(context);
    const body = await parseJsonBody(request, rollingRestartSchema);
    const collector = getCollector();
    await collector.ready();
    const action = await collector.actions.rollingRestart(clusterId, {
      ...body,
      actor: actorOf(principal, body.force === true),
    });
    return Response.json({ actionId: action.id, action }, { status: 202 });
  });
}
