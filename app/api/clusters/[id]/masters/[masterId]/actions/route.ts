// POST /api/clusters/:id/masters/:masterId/actions: stop, start or restart a master → 202 { actionId }, or 409 with
// the quorum guard's explanation or the action already running.
import { clusterIdFrom } from "@/lib/api/params";
import { handle, parseJsonBody } from "@/lib/api/request";
import { masterViewId } from "@/lib/shared/masters";
import { masterActionSchema } from "@/lib/server/control/action-input";
import { getCollector } from "@/lib/server/collector";
import { actorOf } from "@/lib/server/control/actor";

export const runtime = "nodejs";

export function POST(
  request: Request,
  context: { params: Promise<{ id: string; masterId: string }> },
): Promise<Response> {
  return handle(request, "operator", async (principal) => {
    const clusterId = await clusterIdFrom(context);
    const masterId = masterViewId((await context.params).masterId);
    const body = await parseJsonBody(request, masterActionSchema);
    const collector = getCollector();
    await collector.ready();
    const action = await collector.actions.request(clusterId, {
      ...body,
      masterId,
      actor: actorOf(principal, body.force === true),
    });
    return Response.json({ actionId: action.id, action }, { status: 202 });
  });
}
