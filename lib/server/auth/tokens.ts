import "server-only";
// API tokens: created from a browser session only (a token cannot mint tokens), each with an expiry; listed and
// revoked by their owner, or by an admin for any user (audited).
import { createHash, randomBytes } from "node:crypto";
import { DomainError } from "@/lib/server/errors";
import { getDb } from "@/lib/server/db";
import { TOKEN_DEFAULT_DAYS, tokenExpired, tokenExpiry } from "@/lib/shared/tokens";
import type { CreatedToken, TokenView } from "@/lib/shared/api-types";
import { audit } from "./audit";

export const TOKEN_PREFIX = "mw_";

/** What asks: enough of a Principal (lib/server/auth/server.ts) to check and audit. */
interface Caller {
  user: { id: number; username: string };
  via: "session" | "token";
}

/**
 * Refuses (403 `session_required`) what only a signed-in browser session may do: create a token, change a password.
 * A stolen token must not be able to outlive its revocation by minting another, nor take over its account.
 */
export function requireSession(caller: Caller, what: string): void {
  if (caller.via !== "session")
    throw new DomainError(
      "forbidden",
      "session_required",
      `${what} from a signed-in browser session: an API token cannot do that`,
    );
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

const toView = (t: {
  id: number;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date;
}): TokenView => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  expiresAt: t.expiresAt.toISOString(),
});

/** A new API token for the caller, valid for `days` days: the secret is returned once, only its hash is kept. */
export async function createApiToken(
  caller: Caller,
  name: string,
  days: number = TOKEN_DEFAULT_DAYS,
  now: Date = new Date(),
): Promise<CreatedToken> {
  requireSession(caller, "create API tokens");
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const prefix = token.slice(0, 10);
  const row = await getDb().apiToken.create({
    data: {
      userId: caller.user.id,
      name,
      tokenHash: sha256(token),
      prefix,
      createdAt: now,
      expiresAt: tokenExpiry(now, days),
    },
  });
  return { ...toView(row), token };
}

/** The tokens of `userId`, newest first, expired ones included (shown as such). */
export async function listTokens(userId: number): Promise<TokenView[]> {
  return (await getDb().apiToken.findMany({ where: { userId }, orderBy: { id: "desc" } })).map(toView);
}

/** An admin lists another user's tokens; 404 when the user does not exist. */
export async function listUserTokens(userId: number): Promise<TokenView[]> {
  if (!(await getDb().user.findUnique({ where: { id: userId }, select: { id: true } })))
    throw new DomainError("not_found", "not_found", `no user with id ${userId}`);
  return listTokens(userId);
}

/**
 * Revokes token `tokenId` of user `ownerId`. The caller revokes their own, or is an admin (the route checks the
 * role); revoking someone else's token is audited.
 */
export async function revokeToken(caller: Caller, tokenId: number, ownerId: number): Promise<void> {
  const row = await getDb().apiToken.findFirst({ where: { id: tokenId, userId: ownerId }, include: { user: true } });
  if (!row) throw new DomainError("not_found", "not_found", `no token ${tokenId} of this user`);
  await getDb().apiToken.delete({ where: { id: row.id } });
  if (ownerId !== caller.user.id)
    audit(
      caller.user.username,
      `revoked API token ${row.id} (${JSON.stringify(row.name)}) of ${JSON.stringify(row.user.username)}`,
    );
}

/** DELETE /api/tokens/:id: your own token, or (an admin) anyone's. */
export async function revokeTokenById(caller: Caller, tokenId: number, isAdmin: boolean): Promise<void> {
  const row = await getDb().apiToken.findUnique({ where: { id: tokenId }, select: { userId: true } });
  if (!row || (!isAdmin && row.userId !== caller.user.id))
    throw new DomainError("not_found", "not_found", `no token ${tokenId} of yours`);
  await revokeToken(caller, tokenId, row.userId);
}

/** Deletes every token of `userId`; how many there were. */
export async function revokeAllTokens(userId: number): Promise<number> {
  return (await getDb().apiToken.deleteMany({ where: { userId } })).count;
}

/** The token behind a bearer secret while it is valid, or null (unknown, or expired at `now`). */
export async function findValidToken(secret: string, now: Date) {
  if (!secret.startsWith(TOKEN_PREFIX)) return null;
  const row = await getDb().apiToken.findUnique({ where: { tokenHash: sha256(secret) }, include: { user: true } });
  if (!row || tokenExpired(row.expiresAt, now)) return null;
  return row;
}
