// DELETE /api/users/:userId/tokens/:tokenId: an admin revokes one of that user's API tokens (audited).
import { handle } from "@/lib/api/request";
import { revokeToken } from "@/lib/server/auth/tokens";
import { idFrom } from "@/lib/server/auth/users";

export const runtime = "nodejs";

type Context = { params: Promise<{ userId: string; tokenId: string }> };

export function DELETE(request: Request, context: Context): Promise<Response> {
  return handle(request, "admin", async (principal) => {
    const { userId, tokenId } = await context.params;
    await revokeToken(principal, idFrom(tokenId, "token"), idFrom(userId, "user"));
    return new Response(null, { status: 204 });
  });
}
