// GET /api/clusters/:id/masters/:masterId: that master's own /health, /version, /master/flags and /metrics/snapshot.
import { DomainError } from "@/lib/server/errors";
import { clusterIdFrom } from "@/lib/api/params";
import { handle } from "@/lib/api/request";
import { masterViewId } from "@/lib/shared/masters";
import { masterDetails } from "@/lib/server/services/master-details";

export const runtime = "nodejs";

export function GET(
  request: Request,
  context: { params: Promise<{ id: string; masterId: string }> },
): Promise<Response> {
  return handle(request, "viewer", async () => {
    const clusterId = await clusterIdFrom(context);
    const { masterId } = await context.params;
    const id = masterViewId(masterId);
    if (id.length === 0 || id.length > 512)
      throw new DomainError("invalid", "invalid_id", "a master id is a znode name or a master URL");
    return Response.json(await masterDetails(clusterId, id), { headers: { "Cache-Control": "no-store" } });
  });
}
