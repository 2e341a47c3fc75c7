import "server-only";
// Who is asking: a browser session (httpOnly SameSite=Strict cookie, CSRF token for state changes) or an API token
// (`Authorization: Bearer mw_...`). Every API route and page goes through here.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { DomainError } from "@/lib/server/errors";
import { getDb } from "@/lib/server/db";
import { singleton } from "@/lib/server/singleton";
import { addressBucket, stampPeerAddresses } from "@/lib/server/client-address";
import { hashPassword, verifyPassword } from "./password";
import { LoginThrottle } from "./rate-limit";
import { type Role, allows, isRole } from "@/lib/shared/roles";
import { findValidToken, requireSession } from "./tokens";

export const SESSION_COOKIE = "mw_session";
export const CSRF_HEADER = "x-csrf-token";

export interface Principal {
  user: { id: number; username: string; role: Role };
  via: "session" | "token";
  /** The session's CSRF token (cookie sessions only). */
  csrfToken: string | null;
  sessionId: number | null;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

export function sessionTtlMs(): number {
  const hours = Number(process.env.SESSION_TTL_HOURS ?? "12");
  return (Number.isFinite(hours) && hours > 0 ? hours : 12) * 3_600_000;
}

function cookieValue(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=") || null;
  }
  return null;
}

async function principalFromSession(token: string): Promise<Principal | null> {
  const session = await getDb().session.findUnique({ where: { tokenHash: sha256(token) }, include: { user: true } });
  if (!session || session.expiresAt.getTime() <= Date.now() || !isRole(session.user.role)) return null;
  return {
    user: { id: session.user.id, username: session.user.username, role: session.user.role },
    via: "session",
    csrfToken: session.csrfToken,
    sessionId: session.id,
  };
}

async function principalFromToken(token: string): Promise<Principal | null> {
  const row = await findValidToken(token, new Date()); // null once expired
  if (!row || !isRole(row.user.role)) return null;
  void getDb()
    .apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } })
    .catch(() => undefined);
  return {
    user: { id: row.user.id, username: row.user.username, role: row.user.role },
    via: "token",
    csrfToken: null,
    sessionId: null,
  };
}

/** The principal behind a session cookie value (pages read the cookie through next/headers). */
export async function principalFromSessionCookie(value: string | undefined): Promise<Principal | null> {
  return value ? principalFromSession(value) : null;
}

/** The principal of a request, or null when it carries no valid credentials. */
export async function principalOf(request: Request): Promise<Principal | null> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    return match?.[1] ? principalFromToken(match[1]) : null;
  }
  const cookie = cookieValue(request.headers.get("cookie"), SESSION_COOKIE);
  return cookie ? principalFromSession(cookie) : null;
}

/** The origin this server was reached at, as the browser sees it (behind a proxy: X-Forwarded-*). */
export function ownOrigin(request: Request): string {
  const url = new URL(request.url);
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? url.host;
  const proto = request.headers.get("x-forwarded-proto") ?? url.protocol.replace(":", "");
  return `${proto}://${host}`;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Whether a sent CSRF token is the session's, compared in constant time: `!==` stops at the first differing
 * character, which a caller could time. Only the length (fixed for every session) can show.
 */
export function csrfTokenMatches(sent: string | null, expected: string | null): boolean {
  if (sent === null || expected === null) return false;
  const a = Buffer.from(sent, "utf8");
  const b = Buffer.from(expected, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Cookie sessions must prove a state-changing request comes from our own pages: the Origin header (sent by every
 * browser on cross-origin and same-origin POSTs) must be ours, and X-CSRF-Token must be the session's token.
 * SameSite=Strict already keeps the cookie off cross-site requests; this holds even if it did not.
 */
export function checkCsrf(request: Request, principal: Principal): void {
  if (principal.via !== "session" || SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.get("origin");
  if (origin !== ownOrigin(request))
    throw new DomainError(
      "forbidden",
      "csrf",
      `cross-site request refused: Origin ${origin ?? "missing"} is not ${ownOrigin(request)}`,
    );
  if (!csrfTokenMatches(request.headers.get(CSRF_HEADER), principal.csrfToken))
    throw new DomainError("forbidden", "csrf", "missing or wrong X-CSRF-Token: reload the page");
}

/** The principal allowed to make this request with at least `role`; throws 401, 403 or the CSRF refusal. */
export async function authorize(request: Request, role: Role): Promise<Principal> {
  const principal = await principalOf(request);
  if (!principal)
    throw new DomainError(
      "unauthenticated",
      "unauthenticated",
      "log in first (POST /api/auth/login), or send Authorization: Bearer <API token>",
    );
  checkCsrf(request, principal);
  if (!allows(principal.user.role, role))
    throw new DomainError(
      "forbidden",
      "forbidden",
      `this needs the ${role} role; ${principal.user.username} is ${principal.user.role}`,
    );
  return principal;
}

// ---- logins -------------------------------------------------------------------------------------------------------

// The client address that logins are throttled by comes from the socket (lib/server/client-address.ts); this module
// is loaded by instrumentation.ts when the server starts, so the stamp is in place before the first request.
stampPeerAddresses();

function throttle(): LoginThrottle {
  return singleton("login-throttle", () => new LoginThrottle());
}

// A hash to compare against when the user does not exist, so the answer takes as long either way.
const DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A".repeat(86) + "==";

/** A password check that `begin` counted in advance: not counted after all when it could not run (503, server busy). */
async function counted<T>(username: string, bucket: string, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    throttle().refund(username, bucket);
    throw error;
  }
}

/**
 * Counts a password attempt of `username` from `address` in advance and returns the address's bucket; throws 429
 * with the wait ("too many <what>: try again in N s") while this pair or this address must wait.
 */
function beginAttempt(username: string, address: string, now: number, what: string): string {
  const bucket = addressBucket(address);
  const wait = throttle().begin(username, bucket, now);
  if (wait > 0)
    throw new DomainError("rate_limited", "rate_limited", `too many ${what}: try again in ${Math.ceil(wait / 1000)} s`);
  return bucket;
}

/**
 * Checks a login from the client `address` (clientAddress()); returns the new session's cookie token and CSRF token.
 * Throws 401, 429 (with the wait) when this user from this address, or this address, failed too often, or 503 when
 * too many passwords are being checked at once.
 */
export async function login(
  username: string,
  password: string,
  address: string,
): Promise<{ token: string; csrfToken: string; expiresAt: Date; principal: Principal }> {
  const now = Date.now();
  const bucket = beginAttempt(username, address, now, "failed logins");
  const { user, ok } = await counted(username, bucket, async () => {
    const found = await getDb().user.findUnique({ where: { username } });
    return { user: found, ok: await verifyPassword(password, found?.passwordHash ?? DUMMY_HASH) };
  });
  // A wrong pair stays counted (begin counted it in advance).
  if (!user || !ok || !isRole(user.role))
    throw new DomainError("unauthenticated", "bad_credentials", "wrong user name or password");
  throttle().succeeded(username, bucket);
  const token = randomToken();
  const csrfToken = randomToken(24);
  const expiresAt = new Date(now + sessionTtlMs());
  const session = await getDb().session.create({
    data: { tokenHash: sha256(token), csrfToken, userId: user.id, expiresAt },
  });
  await getDb().session.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
  return {
    token,
    csrfToken,
    expiresAt,
    principal: {
      user: { id: user.id, username: user.username, role: user.role },
      via: "session",
      csrfToken,
      sessionId: session.id,
    },
  };
}

/**
 * A signed-in user changes their own password: the current one is checked (failures count like failed logins), and
 * every other session of the user ends. Only from a browser session: an API token cannot take over its account.
 */
export async function changeOwnPassword(
  principal: Principal,
  currentPassword: string,
  newPassword: string,
  address: string,
): Promise<void> {
  requireSession(principal, "change your password");
  const now = Date.now();
  const username = principal.user.username;
  const bucket = beginAttempt(username, address, now, "wrong passwords");
  const user = await counted(username, bucket, () => getDb().user.findUnique({ where: { id: principal.user.id } }));
  if (!user) {
    throttle().refund(username, bucket);
    throw new DomainError("unauthenticated", "unauthenticated", "this user no longer exists");
  }
  if (!(await counted(username, bucket, () => verifyPassword(currentPassword, user.passwordHash))))
    throw new DomainError("invalid", "wrong_password", "the current password is wrong");
  throttle().succeeded(username, bucket);
  await getDb().user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(newPassword) } });
  await getDb().session.deleteMany({ where: { userId: user.id, NOT: { id: principal.sessionId ?? -1 } } });
}

export async function logout(principal: Principal): Promise<void> {
  if (principal.sessionId !== null) await getDb().session.deleteMany({ where: { id: principal.sessionId } });
}

export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Expires=${expiresAt.toUTCString()}${secure ? "; Secure" : ""}`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
}

// ---- the first admin ----------------------------------------------------------------------------------------------

/**
 * When no user exists, creates `admin` with DASHBOARD_ADMIN_PASSWORD. In production the server refuses to start
 * without it; elsewhere a random password is generated and printed once.
 */
export async function ensureFirstAdmin(): Promise<void> {
  const db = getDb();
  if ((await db.user.count()) > 0) return;
  let password = process.env.DASHBOARD_ADMIN_PASSWORD ?? "";
  if (password === "") {
    if (process.env.NODE_ENV === "production") {
      console.error(
        "[auth] no user exists and DASHBOARD_ADMIN_PASSWORD is not set: refusing to start. Set it to the first admin's password.",
      );
      process.exit(1);
    }
    password = randomToken(12);
    console.log(
      `[auth] no user existed: created "admin" with the generated password ${password} (set DASHBOARD_ADMIN_PASSWORD to choose it)`,
    );
  } else if (password.length < 8) {
    console.error("[auth] DASHBOARD_ADMIN_PASSWORD must be at least 8 characters");
    process.exit(1);
  }
  await db.user.create({ data: { username: "admin", passwordHash: await hashPassword(password), role: "admin" } });
  console.log('[auth] created the first user, "admin" (role admin)');
}
