// API tokens in the running app: a token cannot mint tokens or change its user's password; a token has an expiry,
// chosen on the account page and enforced; an admin sees and revokes a user's tokens on the Users page, and a
// password reset or a lower role revokes them, which the page says.
import Database from "better-sqlite3";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

test.describe.configure({ mode: "serial" });

const DB_FILE = ".tmp/e2e/db/dashboard.db"; // playwright.config.ts: the server's own database for this run
const username = `tokens-${Date.now()}`;
let password = `${username}-password`;

/** Logs `username` in over HTTP and creates a token with that session, as the account page does. */
async function userToken(baseURL: string, name: string, expiresInDays?: number): Promise<string> {
  const login = await fetch(`${baseURL}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  expect(login.status).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const created = await fetch(`${baseURL}/api/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Cookie: cookie, Origin: baseURL, "X-CSRF-Token": csrfToken },
    body: JSON.stringify({ name, ...(expiresInDays ? { expiresInDays } : {}) }),
  });
  expect(created.status).toBe(201);
  return ((await created.json()) as { token: string }).token;
}

async function statusWith(baseURL: string, token: string): Promise<number> {
  return (await fetch(`${baseURL}/api/auth/session`, { headers: { Authorization: `Bearer ${token}` } })).status;
}

async function userRow(admin: Page) {
  await admin.goto("/users");
  const row = admin.getByTestId("user-row").filter({ hasText: username });
  await expect(row).toBeVisible();
  return row;
}

test("an API token can neither create tokens nor change its user's password", async ({ request }) => {
  for (const body of [{ name: "minted by a token" }, {}]) {
    const minted = await request.post("/api/tokens", { data: body });
    expect(minted.status()).toBe(403);
    expect(await minted.json()).toEqual({
      error: {
        code: "session_required",
        message: "create API tokens from a signed-in browser session: an API token cannot do that",
      },
    });
  }
  const changed = await request.post("/api/auth/password", {
    data: { currentPassword: "e2e-admin-password", newPassword: "taken-over-by-a-token" },
  });
  expect(changed.status()).toBe(403);
  expect(((await changed.json()) as { error: { code: string } }).error.code).toBe("session_required");
  const tokens = (await (await request.get("/api/tokens")).json()) as { name: string }[];
  expect(tokens.map((t) => t.name)).not.toContain("minted by a token");
});

test("the account page creates a token valid for the chosen days and shows its expiry", async ({ page, request }) => {
  await page.goto("/tokens");
  await expect(page.getByLabel("Days valid")).toHaveValue("90");
  await page.getByLabel("Token name").fill("a week");
  await page.getByLabel("Days valid").fill("7");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByTestId("new-token")).toBeVisible();
  const listed = (await (await request.get("/api/tokens")).json()) as {
    name: string;
    createdAt: string;
    expiresAt: string;
  }[];
  const week = listed.find((t) => t.name === "a week");
  if (!week) throw new Error("the token is not listed");
  expect(Date.parse(week.expiresAt) - Date.parse(week.createdAt)).toBe(7 * 86_400_000);
  const row = page.getByTestId("token-row").filter({ hasText: "a week" });
  await expect(row.getByTestId("token-expiry")).toHaveText(
    `expires ${week.expiresAt.replace("T", " ").slice(0, 19)} UTC`,
  );
  await page.getByLabel("Days valid").fill("366");
  await page.getByLabel("Token name").fill("too long");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByTestId("token-row").filter({ hasText: "too long" })).toHaveCount(0);
});

test("a token past its expiry is refused, and shown expired to an admin", async ({ request, page, baseURL }) => {
  if (!baseURL) throw new Error("no baseURL");
  expect((await request.post("/api/users", { data: { username, password, role: "operator" } })).status()).toBe(201);
  const token = await userToken(baseURL, "expiring", 1);
  expect(await statusWith(baseURL, token)).toBe(200);
  // A day cannot pass in a test: move the stored expiry into the past, as the clock would.
  const db = new Database(DB_FILE);
  const moved = db
    .prepare(`UPDATE "ApiToken" SET "expiresAt" = ? WHERE "name" = 'expiring'`)
    .run(new Date(Date.now() - 60_000).toISOString().replace("Z", "+00:00"));
  db.close();
  expect(moved.changes).toBe(1);
  expect(await statusWith(baseURL, token)).toBe(401);

  const row = await userRow(page);
  await row.getByRole("button", { name: "API tokens" }).click();
  await expect(row.getByTestId("user-token-row").filter({ hasText: "expiring" })).toContainText("expired ");
});

test("an admin revokes a user's token on the Users page; a demotion and a password reset revoke the rest", async ({
  page,
  baseURL,
}) => {
  if (!baseURL) throw new Error("no baseURL");
  const [first, second] = [await userToken(baseURL, "first"), await userToken(baseURL, "second")];
  let row = await userRow(page);
  await row.getByRole("button", { name: "API tokens" }).click();
  const tokens = row.getByTestId("user-token-row");
  await expect(tokens).toHaveCount(3); // with the expired one
  page.once("dialog", (dialog) => void dialog.accept());
  await tokens.filter({ hasText: "first" }).getByRole("button", { name: "Revoke" }).click();
  await expect(tokens).toHaveCount(2);
  expect(await statusWith(baseURL, first)).toBe(401);
  expect(await statusWith(baseURL, second)).toBe(200);

  await row.getByLabel(`Role of ${username}`).selectOption("viewer");
  await expect(page.getByTestId("user-notice")).toHaveText(
    `${username} is now viewer: their sessions ended and 2 API tokens were revoked.`,
  );
  expect(await statusWith(baseURL, second)).toBe(401);

  const third = await userToken(baseURL, "third");
  row = await userRow(page);
  const newPassword = `${username}-new-password`;
  page.once("dialog", (dialog) => void dialog.accept(newPassword));
  await row.getByRole("button", { name: "Set password" }).click();
  await expect(page.getByTestId("user-notice")).toHaveText(
    `New password set for ${username}: their sessions ended and 1 API token was revoked.`,
  );
  password = newPassword;
  expect(await statusWith(baseURL, third)).toBe(401);
  await row.getByRole("button", { name: "API tokens" }).click();
  await expect(row.getByText("No API token.")).toBeVisible();
});
