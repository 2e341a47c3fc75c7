// GET /api/stream: Server-Sent Events for the overview: every cluster's summary, then changes.
import { connection } from "next/server";
import { closeWhenNotAllowed } from "@/lib/api/guarded-stream";
import { handle, stillAuthorized } from "@/lib/api/request";
import { SSE_HEADERS } from "@/lib/server/events/sse";
import { openOverviewStream } from "@/lib/server/services/queries";

export const runtime = "nodejs";

export function GET(request: Request): Promise<Response> {
  return handle(request, "viewer", async () => {
    await connection();
    const stream = await openOverviewStream(request.signal);
    return new Response(closeWhenNotAllowed(stream, stillAuthorized(request, "viewer")), { headers: SSE_HEADERS });
  });
}
