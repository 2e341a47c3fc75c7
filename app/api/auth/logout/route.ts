// POST /api/auth/logout: ends the session and clears its cookie.
import { handle } from "@/lib/api/request";
import { clearedSessionCookie, logout } from "@/lib/server/auth/server";

export const runtime = "nodejs";

export function POST(request: Request): Promise<Response> {
  return handle(request, "viewer", async (principal) => {
    await logout(principal);
    return new Response(null, { status: 204, headers: { "Set-Cookie": clearedSessionCookie() } });
  });
}
