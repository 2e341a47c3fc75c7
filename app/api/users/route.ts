// GET /api/users: every user. POST /api/users { username, password, role }: add one. Admins only.
import { handle, parseJsonBody } from "@/lib/api/request";
import { newUserSchema } from "@/lib/server/auth/input";
import { createUser, listUsers } from "@/lib/server/auth/users";

export const runtime = "nodejs";

export function GET(request: Request): Promise<Response> {
  return handle(request, "admin", async () => Response.json(await listUsers()));
}

export function POST(request: Request): Promise<Response> {
  return handle(request, "admin", async (principal) =>
    Response.json(await createUser(principal, await parseJsonBody(request, newUserSchema)), { status: 201 }),
  );
}
