// GET /api/auth/session: who is signed in, with the CSRF token for state-changing requests.
import { handle } from "@/lib/api/request";

export const runtime = "nodejs";

export function GET(request: Request): Promise<Response> {
  return handle(request, "viewer", async (principal) =>
    Response.json(
      { user: principal.user, via: principal.via, csrfToken: principal.csrfToken },
      { headers: { "Cache-Control": "no-store" } },
    ),
  );
}
