// POST /api/clusters/test-connection: what a cluster definition reaches before it is saved (nothing is stored).
import { connectionTestSchema } from "@/lib/shared/cluster-input";
import { handle, parseJsonBody } from "@/lib/api/request";
import { testConnection } from "@/lib/server/services/test-connection";

export const runtime = "nodejs";

export function POST(request: Request): Promise<Response> {
  return handle(request, "admin", async () =>
    Response.json(await testConnection(await parseJsonBody(request, connectionTestSchema))),
  );
}
