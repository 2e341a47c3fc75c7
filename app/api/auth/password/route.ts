// POST /api/auth/password { currentPassword, newPassword }: change your own password; your other sessions end. Wrong
// current passwords are throttled like failed logins, by (user, address) and by address.
import { handle, parseJsonBody } from "@/lib/api/request";
import { passwordChangeSchema } from "@/lib/server/auth/input";
import { changeOwnPassword } from "@/lib/server/auth/server";
import { requireSession } from "@/lib/server/auth/tokens";
import { clientAddress } from "@/lib/server/client-address";

export const runtime = "nodejs";

export function POST(request: Request): Promise<Response> {
  return handle(request, "viewer", async (principal) => {
    requireSession(principal, "change your password"); // before the body: 403 for a token, whatever it sends
    const { currentPassword, newPassword } = await parseJsonBody(request, passwordChangeSchema);
    await changeOwnPassword(principal, currentPassword, newPassword, clientAddress(request));
    return new Response(null, { status: 204 });
  });
}
