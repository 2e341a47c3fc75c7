// GET /api/users/:userId/tokens: that user's API tokens (never their secrets). Admins only.
import { handle } from "@/lib/api/request";
import { listUserTokens } from "@/lib/server/auth/tokens";
import { idFrom } from "@/lib/server/auth/users";

export const runtime = "nodejs";

export function GET(request: Request, context: { params: Promise<{ userId: string }> }): Promise<Response> {
  return handle(request, "admin", async () =>
    Response.json(await listUserTokens(idFrom((await context.params).userId, "user"))),
  );
}
