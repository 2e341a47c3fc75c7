// GET /api/clusters/:id/leader: 307 to the leading master's own URL, 503 while no verified master leads.
import { type ClusterRouteContext, clusterIdFrom } from "@/lib/api/params";
import { handle } from "@/lib/api/request";
import { leaderRedirect } from "@/lib/server/services/leader-redirect";

export const runtime = "nodejs";

export function GET(request: Request, context: ClusterRouteContext): Promise<Response> {
  return handle(request, "viewer", async () => {
    const url = await leaderRedirect(await clusterIdFrom(context));
    return new Response(null, { status: 307, headers: { Location: `${url}/`, "Cache-Control": "no-store" } });
  });
}
