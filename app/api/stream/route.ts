// GET /api/stream: Server-Sent Events for the overview: every cluster's summary, then changes.
import { connection } from "next/server";
import { closeWhenNotAllowed } from "@/lib/api/guarded-stream";
import { handle, stillAuthorized } from "@/lib/api/request";
import { SSE_HEADERS } from "@/lib/server/events/sse";
import { openOverviewStream } from "@/lib/server/services/queries";

export const runtime = "nodejs";

export function GET(request: Request): Promise<Response> {
  return handle(request, "viewer", async (principal) => {
    await connection();
    // 429 when this user or the server has too many streams open (lib/server/events/stream-limits.ts).
    const stream = await openOverviewStream(request.signal, principal.user.id);
    return new Response(closeWhenNotAllowed(stream, stillAuthorized(request, "viewer")), { headers: SSE_HEADERS });
  });
}
