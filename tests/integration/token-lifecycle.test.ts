// API tokens through the route handlers on a real SQLite database: they expire, cannot mint tokens or change
// passwords, die with a password reset or a demotion, and an admin lists and revokes any user's (audited). Also the
// migration that gave tokens from before expiry existed an expiry.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ORIGIN = "http://127.0.0.1:3999";
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "token-lifecycle-"));
  process.env.DATABASE_URL = `file:${path.join(dir, "dashboard.db")}`;
});

afterAll(async () => {
  const { getDb } = await import("@/lib/server/db");
  await getDb().$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

type Credentials = { cookie: string; csrf: string } | { token: string };

function request(method: string, url: string, who: Credentials, body?: unknown): Request {
  const headers: Record<string, string> = { "Content-Type": "application/json", "X-Forwarded-For": "192.0.2.1" };
  if ("token" in who) headers.Authorization = `Bearer ${who.token}`;
  else Object.assign(headers, { Cookie: `mw_session=${who.cookie}`, Origin: ORIGIN, "X-CSRF-Token": who.csrf });
  return new Request(`${ORIGIN}${url}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function signIn(username: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const { login } = await import("@/lib/server/auth/server");
  const session = await login(username, password, "192.0.2.1");
  return { cookie: session.token, csrf: session.csrfToken };
}

async function newUser(admin: Credentials, username: string, role: string): Promise<number> {
  const users = await import("@/app/api/users/route");
  const response = await users.POST(
    request("POST", "/api/users", admin, { username, password: `${username}-password`, role }),
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: number }).id;
}

async function newToken(who: Credentials, body: object): Promise<Response> {
  const tokens = await import("@/app/api/tokens/route");
  return tokens.POST(request("POST", "/api/tokens", who, body));
}

async function tokenOf(who: { cookie: string; csrf: string }, days?: number): Promise<string> {
  const response = await newToken(who, { name: "script", ...(days ? { expiresInDays: days } : {}) });
  expect(response.status).toBe(201);
  return ((await response.json()) as { token: string }).token;
}

async function sessionStatus(token: string): Promise<number> {
  const session = await import("@/app/api/auth/session/route");
  return (await session.GET(request("GET", "/api/auth/session", { token }))).status;
}

let admin: { cookie: string; csrf: string };

describe("API tokens", () => {
  beforeAll(async () => {
    const { getDb } = await import("@/lib/server/db");
    const { hashPassword } = await import("@/lib/server/auth/password");
    await getDb().user.create({
      data: { username: "root", passwordHash: await hashPassword("root-password"), role: "admin" },
    });
    admin = await signIn("root", "root-password");
  });

  it("expire: 90 days by default, 1-365 days when chosen, refused at authentication once past", async () => {
    const before = Date.now();
    const created = (await (await newToken(admin, { name: "default" })).json()) as {
      token: string;
      createdAt: string;
      expiresAt: string;
    };
    expect(Date.parse(created.expiresAt) - Date.parse(created.createdAt)).toBe(90 * 86_400_000);
    expect(Date.parse(created.createdAt)).toBeGreaterThanOrEqual(before - 1_000);
    const week = (await (await newToken(admin, { name: "week", expiresInDays: 7 })).json()) as {
      createdAt: string;
      expiresAt: string;
    };
    expect(Date.parse(week.expiresAt) - Date.parse(week.createdAt)).toBe(7 * 86_400_000);
    for (const days of [0, 366, 1.5, "30"])
      expect((await newToken(admin, { name: "x", expiresInDays: days })).status).toBe(400);

    const tokens = await import("@/app/api/tokens/route");
    const listed = (await (await tokens.GET(request("GET", "/api/tokens", admin))).json()) as { expiresAt: string }[];
    expect(listed.map((t) => t.expiresAt)).toContain(week.expiresAt);

    // Past its expiry, the same secret is refused (401) like an unknown one.
    expect(await sessionStatus(created.token)).toBe(200);
    const { getDb } = await import("@/lib/server/db");
    const { sha256 } = await import("@/lib/server/auth/server");
    await getDb().apiToken.update({
      where: { tokenHash: sha256(created.token) },
      data: { expiresAt: new Date(Date.now() - 1_000) },
    });
    expect(await sessionStatus(created.token)).toBe(401);
  });

  it("cannot create tokens nor change a password: 403 session_required, whatever the body", async () => {
    const token = await tokenOf(admin);
    for (const body of [{ name: "minted" }, {}]) {
      const minted = await newToken({ token }, body);
      expect(minted.status).toBe(403);
      expect(await minted.json()).toEqual({
        error: {
          code: "session_required",
          message: "create API tokens from a signed-in browser session: an API token cannot do that",
        },
      });
    }
    const password = await import("@/app/api/auth/password/route");
    for (const body of [{ currentPassword: "root-password", newPassword: "taken-over-1" }, {}]) {
      const changed = await password.POST(request("POST", "/api/auth/password", { token }, body));
      expect(changed.status).toBe(403);
      expect(((await changed.json()) as { error: { code: string } }).error.code).toBe("session_required");
    }
    expect((await signIn("root", "root-password")).cookie).toBeTruthy(); // the password did not change
  });

  it("are revoked by a password reset and by a lower role, not by a promotion; the answer says how many", async () => {
    const { setAuditSink } = await import("@/lib/server/auth/audit");
    const lines: string[] = [];
    const restore = setAuditSink((line) => lines.push(line));
    const user = await import("@/app/api/users/[userId]/route");
    const put = (id: number, body: object) =>
      user.PUT(request("PUT", `/api/users/${id}`, admin, body), { params: Promise.resolve({ userId: String(id) }) });
    try {
      const carol = await newUser(admin, "carol", "operator");
      const carolSession = await signIn("carol", "carol-password");
      const [first, second] = [await tokenOf(carolSession), await tokenOf(carolSession)];

      const promoted = await put(carol, { role: "admin" });
      expect(await promoted.json()).toMatchObject({ username: "carol", role: "admin", tokensRevoked: 0 });
      expect(await sessionStatus(first)).toBe(200);

      const demoted = await put(carol, { role: "viewer" });
      expect(await demoted.json()).toMatchObject({ role: "viewer", tokensRevoked: 2 });
      expect([await sessionStatus(first), await sessionStatus(second)]).toEqual([401, 401]);

      const third = await tokenOf(await signIn("carol", "carol-password"));
      const reset = await put(carol, { password: "new-carol-password" });
      expect(await reset.json()).toMatchObject({ role: "viewer", tokensRevoked: 1 });
      expect(await sessionStatus(third)).toBe(401);
      expect(lines).toEqual([
        '[audit] "root": created user "carol" (operator)',
        '[audit] "root": changed user "carol": role operator -> admin; sessions ended, 0 API token(s) revoked',
        '[audit] "root": changed user "carol": role admin -> viewer; sessions ended, 2 API token(s) revoked',
        '[audit] "root": changed user "carol": password reset; sessions ended, 1 API token(s) revoked',
      ]);
    } finally {
      restore();
    }
  });

  it("of any user are listed and revoked by an admin (audited), and by nobody else", async () => {
    const { setAuditSink } = await import("@/lib/server/auth/audit");
    const lines: string[] = [];
    const restore = setAuditSink((line) => lines.push(line));
    const list = await import("@/app/api/users/[userId]/tokens/route");
    const revoke = await import("@/app/api/users/[userId]/tokens/[tokenId]/route");
    try {
      const dave = await newUser(admin, "dave", "operator");
      const daveSession = await signIn("dave", "dave-password");
      const daveToken = await tokenOf(daveSession, 30);
      const listOf = (who: Credentials, id: number) =>
        list.GET(request("GET", `/api/users/${id}/tokens`, who), { params: Promise.resolve({ userId: String(id) }) });

      expect((await listOf(daveSession, dave)).status).toBe(403); // an operator may not
      expect((await listOf({ token: daveToken }, dave)).status).toBe(403);
      const listed = (await (await listOf(admin, dave)).json()) as { id: number; name: string; expiresAt: string }[];
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({ name: "script" });
      expect(JSON.stringify(listed)).not.toContain(daveToken);
      expect((await listOf(admin, 999_999)).status).toBe(404);

      const tokenId = String(listed[0]?.id);
      const del = (who: Credentials, userId: number) =>
        revoke.DELETE(request("DELETE", `/api/users/${userId}/tokens/${tokenId}`, who), {
          params: Promise.resolve({ userId: String(userId), tokenId }),
        });
      expect((await del(daveSession, dave)).status).toBe(403);
      expect((await del(admin, dave + 1_000)).status).toBe(404); // the token is not that user's
      expect(await sessionStatus(daveToken)).toBe(200);
      expect((await del(admin, dave)).status).toBe(204);
      expect(await sessionStatus(daveToken)).toBe(401);
      expect(lines).toContain(`[audit] "root": revoked API token ${tokenId} ("script") of "dave"`);
    } finally {
      restore();
    }
  });
});

describe("the api_token_expiry migration", () => {
  it("gives every existing token an expiry 90 days after it was created", async () => {
    const { applyMigrations, readMigrations } = await import("@/lib/server/migrations");
    const all = readMigrations(path.resolve(import.meta.dirname, "../../prisma/migrations"));
    const at = all.findIndex((m) => m.name.endsWith("_api_token_expiry"));
    expect(at).toBeGreaterThan(0);
    const file = path.join(dir, "old.db");
    applyMigrations(file, all.slice(0, at));
    const db = new Database(file);
    db.prepare(
      `INSERT INTO "User" (id, username, passwordHash, role, updatedAt) VALUES (1, 'u', 'x', 'viewer', 0)`,
    ).run();
    const insert = db.prepare(
      `INSERT INTO "ApiToken" (name, tokenHash, prefix, userId, createdAt) VALUES (?, ?, 'mw_', 1, ?)`,
    );
    insert.run("iso", "h1", "2026-01-10T08:30:00.250+00:00"); // as Prisma writes a DateTime
    insert.run("default", "h2", "2026-01-10 08:30:00"); // CURRENT_TIMESTAMP, the column's default
    db.close();
    applyMigrations(file, all);
    const { PrismaBetterSqlite3 } = await import("@prisma/adapter-better-sqlite3");
    const { PrismaClient } = await import("@/lib/generated/prisma/client");
    const prisma = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: `file:${file}` }) });
    try {
      const rows = await prisma.apiToken.findMany({ orderBy: { id: "asc" } });
      expect(rows.map((r) => [r.name, r.expiresAt.toISOString()])).toEqual([
        ["iso", "2026-04-10T08:30:00.250Z"],
        ["default", "2026-04-10T08:30:00.000Z"],
      ]);
    } finally {
      await prisma.$disconnect();
    }
  });
});
