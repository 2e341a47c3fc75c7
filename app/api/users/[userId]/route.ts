// PUT /api/users/:userId { password?, role? } and DELETE: admins only; never below one admin. A password reset or a
// lower role also revokes the user's API tokens (the answer's `tokensRevoked` says how many).
import { handle, parseJsonBody } from "@/lib/api/request";
import { userUpdateSchema } from "@/lib/server/auth/input";
import { deleteUser, idFrom, updateUser } from "@/lib/server/auth/users";

export const runtime = "nodejs";

type Context = { params: Promise<{ userId: string }> };

export function PUT(request: Request, context: Context): Promise<Response> {
  return handle(request, "admin", async (principal) => {
    const id = idFrom((await context.params).userId, "user");
    return Response.json(await updateUser(principal, id, await parseJsonBody(request, userUpdateSchema)));
  });
}

export function DELETE(request: Request, context: Context): Promise<Response> {
  return handle(request, "admin", async (principal) => {
    await deleteUser(principal, idFrom((await context.params).userId, "user"));
    return new Response(null, { status: 204 });
  });
}
