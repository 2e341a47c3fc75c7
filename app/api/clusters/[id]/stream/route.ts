// GET /api/clusters/:id/stream: Server-Sent Events; a snapshot, then events (with ids) and state deltas.
import { connection } from "next/server";
import { type ClusterRouteContext, clusterIdFrom } from "@/lib/api/params";
import { closeWhenNotAllowed } from "@/lib/api/guarded-stream";
import { handle, stillAuthorized } from "@/lib/api/request";
import { openClusterStream } from "@/lib/server/services/queries";
import { SSE_HEADERS } from "@/lib/server/events/sse";

export const runtime = "nodejs";

export function GET(request: Request, context: ClusterRouteContext): Promise<Response> {
  return handle(request, "viewer", async (principal) => {
    await connection();
    const id = await clusterIdFrom(context);
    const lastEventId = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("lastEventId");
    // 429 when this user or the server has too many streams open (lib/server/events/stream-limits.ts).
    const stream = await openClusterStream(id, lastEventId, request.signal, principal.user.id);
    return new Response(closeWhenNotAllowed(stream, stillAuthorized(request, "viewer")), { headers: SSE_HEADERS });
  });
}
