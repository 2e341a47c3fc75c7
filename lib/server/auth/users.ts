import "server-only";
// Users and API tokens: listing, creating, changing and removing them, never below one admin.
import { DomainError } from "@/lib/server/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { getDb } from "@/lib/server/db";
import { hashPassword } from "./password";
import type { Role } from "@/lib/shared/roles";
import type { TokenView, UserView } from "@/lib/shared/api-types";

const toView = (u: { id: number; username: string; role: string; createdAt: Date }): UserView => ({
  id: u.id,
  username: u.username,
  role: u.role,
  createdAt: u.createdAt.toISOString(),
});

export async function listUsers(): Promise<UserView[]> {
  return (await getDb().user.findMany({ orderBy: { username: "asc" } })).map(toView);
}

export async function createUser(input: { username: string; password: string; role: Role }): Promise<UserView> {
  try {
    return toView(
      await getDb().user.create({
        data: { username: input.username, passwordHash: await hashPassword(input.password), role: input.role },
      }),
    );
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      throw new DomainError("conflict", "name_taken", `a user named "${input.username}" already exists`);
    throw error;
  }
}

async function refuseLastAdmin(userId: number, what: string): Promise<void> {
  const admins = await getDb().user.findMany({ where: { role: "admin" }, select: { id: true } });
  if (admins.length === 1 && admins[0]?.id === userId)
    throw new DomainError("conflict", "last_admin", `${what} would leave no admin`);
}

export async function updateUser(userId: number, input: { password?: string; role?: Role }): Promise<UserView> {
  const existing = await getDb().user.findUnique({ where: { id: userId } });
  if (!existing) throw new DomainError("not_found", "not_found", `no user with id ${userId}`);
  if (input.role && input.role !== "admin" && existing.role === "admin")
    await refuseLastAdmin(userId, "demoting this user");
  const data: Prisma.UserUpdateInput = {};
  if (input.role) data.role = input.role;
  if (input.password) data.passwordHash = await hashPassword(input.password);
  const user = await getDb().user.update({ where: { id: userId }, data });
  if (input.password || input.role) await getDb().session.deleteMany({ where: { userId } }); // sign them in again
  return toView(user);
}

export async function deleteUser(userId: number): Promise<void> {
  const existing = await getDb().user.findUnique({ where: { id: userId } });
  if (!existing) throw new DomainError("not_found", "not_found", `no user with id ${userId}`);
  if (existing.role === "admin") await refuseLastAdmin(userId, "deleting this user");
  await getDb().user.delete({ where: { id: userId } });
}

export async function listTokens(userId: number): Promise<TokenView[]> {
  const rows = await getDb().apiToken.findMany({ where: { userId }, orderBy: { id: "desc" } });
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  }));
}

/** Revokes a token of `userId` (an admin may revoke anyone's). */
export async function revokeToken(tokenId: number, userId: number, isAdmin: boolean): Promise<void> {
  const { count } = await getDb().apiToken.deleteMany({ where: { id: tokenId, ...(isAdmin ? {} : { userId }) } });
  if (count === 0) throw new DomainError("not_found", "not_found", `no token ${tokenId} of yours`);
}

/** A positive integer id from a path segment, or a 400. */
export function idFrom(value: string, what: string): number {
  if (!/^[1-9]\d{0,9}$/.test(value))
    throw new DomainError("invalid", "invalid_id", `"${value.slice(0, 40)}" is not a ${what} id`);
  return Number(value);
}
