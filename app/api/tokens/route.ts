// GET /api/tokens: your API tokens. POST /api/tokens { name, expiresInDays? }: a new one (1-365 days, 90 by default);
// its secret is shown once. Only from a browser session: a token cannot mint tokens (403 session_required).
import { handle, parseJsonBody } from "@/lib/api/request";
import { newTokenSchema } from "@/lib/server/auth/input";
import { createApiToken, listTokens, requireSession } from "@/lib/server/auth/tokens";

export const runtime = "nodejs";

export function GET(request: Request): Promise<Response> {
  return handle(request, "viewer", async (principal) => Response.json(await listTokens(principal.user.id)));
}

export function POST(request: Request): Promise<Response> {
  return handle(request, "viewer", async (principal) => {
    requireSession(principal, "create API tokens"); // before the body: a token learns nothing more
    const { name, expiresInDays } = await parseJsonBody(request, newTokenSchema);
    return Response.json(await createApiToken(principal, name, expiresInDays), {
      status: 201,
      headers: { "Cache-Control": "no-store" },
    });
  });
}
