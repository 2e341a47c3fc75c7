// GET /api/clusters/:id/leader: 307 to the leading master's own URL, 503 while no master leads.
import { type ClusterRouteContext, clusterIdFrom } from "@/lib/api/params";
import { DomainError } from "@/lib/server/errors";
import { handle } from "@/lib/api/request";
import { liveState } from "@/lib/server/services/queries";

export const runtime = "nodejs";

export function GET(request: Request, context: ClusterRouteContext): Promise<Response> {
  return handle(request, "viewer", async () => {
    const state = await liveState(await clusterIdFrom(context));
    const url = state.leader?.url;
    if (!url)
      throw new DomainError(
        "unavailable",
        "no_leader",
        state.leader
          ? `the leader's address is unknown (${state.leader.id} does not decode)`
          : "no master leads this cluster now",
      );
    return new Response(null, { status: 307, headers: { Location: `${url}/`, "Cache-Control": "no-store" } });
  });
}
