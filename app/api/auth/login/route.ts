// POST /api/auth/login { username, password }: sets the session cookie; 401 on a wrong pair, 429 after too many from
// this address (for this user, or for any), 503 when too many passwords are being checked at once.
import { handle, parseJsonBody } from "@/lib/api/request";
import { loginSchema } from "@/lib/server/auth/input";
import { login, ownOrigin, sessionCookie } from "@/lib/server/auth/server";
import { clientAddress } from "@/lib/server/client-address";

export const runtime = "nodejs";

export function POST(request: Request): Promise<Response> {
  return handle(request, "public", async () => {
    const { username, password } = await parseJsonBody(request, loginSchema);
    const session = await login(username, password, clientAddress(request));
    const secure = ownOrigin(request).startsWith("https:");
    return Response.json(
      { user: session.principal.user, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() },
      {
        headers: { "Set-Cookie": sessionCookie(session.token, session.expiresAt, secure), "Cache-Control": "no-store" },
      },
    );
  });
}
