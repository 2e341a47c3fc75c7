import "server-only";
// Users: listing, creating, changing and removing them, never below one admin. Every change is audited, and a
// password reset or a lower role revokes the user's API tokens.
import { DomainError } from "@/lib/server/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { getDb } from "@/lib/server/db";
import { hashPassword } from "./password";
import { audit } from "./audit";
import { revokeAllTokens } from "./tokens";
import { type Role, isRole } from "@/lib/shared/roles";
import { changeRevokesTokens } from "@/lib/shared/tokens";
import type { UserUpdateResult, UserView } from "@/lib/shared/api-types";

/** Who asks, for the audit trail. */
interface Admin {
  user: { username: string };
}

const toView = (u: { id: number; username: string; role: string; createdAt: Date }): UserView => ({
  id: u.id,
  username: u.username,
  role: u.role,
  createdAt: u.createdAt.toISOString(),
});

export async function listUsers(): Promise<UserView[]> {
  return (await getDb().user.findMany({ orderBy: { username: "asc" } })).map(toView);
}

export async function createUser(
  admin: Admin,
  input: { username: string; password: string; role: Role },
): Promise<UserView> {
  try {
    const user = await getDb().user.create({
      data: { username: input.username, passwordHash: await hashPassword(input.password), role: input.role },
    });
    audit(admin.user.username, `created user ${JSON.stringify(user.username)} (${user.role})`);
    return toView(user);
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

/**
 * An admin changes a user's role or password. The user's sessions end; a password reset, or a role lower than
 * before, also revokes every API token of the user (a token made before must not outlive the change). The answer
 * says how many tokens were revoked.
 */
export async function updateUser(
  admin: Admin,
  userId: number,
  input: { password?: string; role?: Role },
): Promise<UserUpdateResult> {
  const existing = await getDb().user.findUnique({ where: { id: userId } });
  if (!existing) throw new DomainError("not_found", "not_found", `no user with id ${userId}`);
  if (input.role && input.role !== "admin" && existing.role === "admin")
    await refuseLastAdmin(userId, "demoting this user");
  const data: Prisma.UserUpdateInput = {};
  if (input.role) data.role = input.role;
  if (input.password) data.passwordHash = await hashPassword(input.password);
  const user = await getDb().user.update({ where: { id: userId }, data });
  await getDb().session.deleteMany({ where: { userId } }); // sign them in again
  // A stored role that is no longer a role counts as the strongest: any change lowers it.
  const before: Role = isRole(existing.role) ? existing.role : "admin";
  const tokensRevoked = changeRevokesTokens(before, input) ? await revokeAllTokens(userId) : 0;
  const what = [
    input.role && input.role !== existing.role ? `role ${existing.role} -> ${input.role}` : null,
    input.password ? "password reset" : null,
  ].filter(Boolean);
  audit(
    admin.user.username,
    `changed user ${JSON.stringify(user.username)}: ${what.join(", ") || "nothing"}; sessions ended, ${tokensRevoked} API token(s) revoked`,
  );
  return { ...toView(user), tokensRevoked };
}

export async function deleteUser(admin: Admin, userId: number): Promise<void> {
  const existing = await getDb().user.findUnique({ where: { id: userId } });
  if (!existing) throw new DomainError("not_found", "not_found", `no user with id ${userId}`);
  if (existing.role === "admin") await refuseLastAdmin(userId, "deleting this user");
  await getDb().user.delete({ where: { id: userId } });
  audit(admin.user.username, `removed user ${JSON.stringify(existing.username)} with their sessions and API tokens`);
}

/** A positive integer id from a path segment, or a 400. */
export function idFrom(value: string, what: string): number {
  if (!/^[1-9]\d{0,9}$/.test(value))
    throw new DomainError("invalid", "invalid_id", `"${value.slice(0, 40)}" is not a ${what} id`);
  return Number(value);
}
