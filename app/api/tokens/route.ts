// GET /api/tokens: your API tokens. POST /api/tokens { name }: a new one; its secret is shown once.
import { handle, parseJsonBody } from "@/lib/api/request";
import { newTokenSchema } from "@/lib/server/auth/input";
import { createApiToken } from "@/lib/server/auth/server";
import { listTokens } from "@/lib/server/auth/users";

export const runtime = "nodejs";

export function GET(request: Request): Promise<Response> {
  return handle(request, "viewer", async (principal) => Response.json(await listTokens(principal.user.id)));
}

export function POST(request: Request): Promise<Response> {
  return handle(request, "viewer", async (principal) => {
    const { name } = await parseJsonBody(request, newTokenSchema);
    return Response.json(await createApiToken(principal.user.id, name), {
      status: 201,
      headers: { "Cache-Control": "no-store" },
    });
  });
}
