// DELETE /api/tokens/:tokenId: revoke one of your tokens (an admin may revoke anyone's; that is audited).
import { handle } from "@/lib/api/request";
import { revokeTokenById } from "@/lib/server/auth/tokens";
import { idFrom } from "@/lib/server/auth/users";

export const runtime = "nodejs";

export function DELETE(request: Request, context: { params: Promise<{ tokenId: string }> }): Promise<Response> {
  return handle(request, "viewer", async (principal) => {
    const id = idFrom((await context.params).tokenId, "token");
    await revokeTokenById(principal, id, principal.user.role === "admin");
    return new Response(null, { status: 204 });
  });
}
