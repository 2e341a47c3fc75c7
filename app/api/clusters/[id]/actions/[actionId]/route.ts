// GET /api/clusters/:id/actions/:actionId: an action's state and steps.
import { DomainError } from "@/lib/server/errors";
import { clusterIdFrom } from "@/lib/api/params";
import { handle } from "@/lib/api/request";
import { getCollector } from "@/lib/server/collector";

export const runtime = "nodejs";

export function GET(
  request: Request,
  context: { params: Promise<{ id: string; actionId: string }> },
): Promise<Response> {
  return handle(request, "viewer", async () => {
    const clusterId = await clusterIdFrom(context);
    const { actionId } = await context.params;
    const action = getCollector().actions.get(clusterId, actionId);
    if (!action)
      throw new DomainError(
        "not_found",
        "not_found",
        `no action ${JSON.stringify(actionId.slice(0, 64))} on cluster ${clusterId} (actions are kept in memory until the server restarts; their audit trail is in the events)`,
      );
    return Response.json(action, { headers: { "Cache-Control": "no-store" } });
  });
}
