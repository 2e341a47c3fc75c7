// GET /api/stream: Server-Sent Events for the overview: every cluster's summary, then changes.
import { connection } from "next/server";
import { closeWhenNotAllowed } from "@/lib/api/guarded-stream";
import { handle, stillAuthorized } from "@/lib/api/request";
import { createOverviewStream } from "@/lib/server/events/overview-stream";
import { SSE_HEADERS } from "@/lib/server/events/sse";
import { getControlPlane } from "@/lib/server/control-plane";

export const runtime = "nodejs";

export function GET(request: Request): Promise<Response> {
  return handle(request, "viewer", async () => {
    await connection();
    const plane = getControlPlane();
    await plane.start();
    const stream = createOverviewStream(request.signal, {
      subscribeAll: (listener) => plane.bus.subscribeAll(listener),
      states: () => plane.states(),
    });
    return new Response(closeWhenNotAllowed(stream, stillAuthorized(request, "viewer")), { headers: SSE_HEADERS });
  });
}
