// DELETE /api/tokens/:tokenId: revoke one of your tokens (an admin may revoke anyone's).
import { handle } from "@/lib/api/request";
import { idFrom, revokeToken } from "@/lib/server/auth/users";

export const runtime = "nodejs";

export function DELETE(request: Request, context: { params: Promise<{ tokenId: string }> }): Promise<Response> {
  return handle(request, "viewer", async (principal) => {
    await revokeToken(
      idFrom((await context.params).tokenId, "token"),
      principal.user.id,
      principal.user.role === "admin",
    );
    return new Response(null, { status: 204 });
  });
}
