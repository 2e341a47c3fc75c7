// Access control over HTTP against the production server: every API route as nobody, a viewer, an operator and an
// admin (the route list is read from app/api, so a new route cannot be forgotten), CSRF, login rate limiting, and
// secrets kept out of every answer.
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { adminToken, expect, test } from "./fixtures";

type Access = "public" | "viewer" | "operator" | "admin";
const RANK: Record<Access, number> = { public: -1, viewer: 0, operator: 1, admin: 2 };

/** Who may call each route: a route added under app/api without an entry here fails the first test. */
const POLICY: Record<string, Access> = {
  "GET /api/health": "public",
  "POST /api/auth/login": "public",
  "POST /api/auth/logout": "viewer",
  "POST /api/auth/password": "viewer",
  "GET /api/auth/session": "viewer",
  "GET /api/clusters": "viewer",
  "POST /api/clusters": "admin",
  "POST /api/clusters/test-connection": "admin",
  "GET /api/clusters/[id]": "viewer",
  "PUT /api/clusters/[id]": "admin",
  "DELETE /api/clusters/[id]": "admin",
  "GET /api/clusters/[id]/state": "viewer",
  "GET /api/clusters/[id]/events": "viewer",
  "GET /api/clusters/[id]/stream": "viewer",
  "GET /api/clusters/[id]/leader": "viewer",
  "GET /api/clusters/[id]/agents": "viewer",
  "GET /api/clusters/[id]/zk": "viewer",
  "GET /api/clusters/[id]/masters/[masterId]": "viewer",
  "POST /api/clusters/[id]/masters/[masterId]/actions": "operator",
  "POST /api/clusters/[id]/rolling-restart": "operator",
  "GET /api/clusters/[id]/actions": "viewer",
  "GET /api/clusters/[id]/actions/[actionId]": "viewer",
  "POST /api/clusters/[id]/host-keys": "admin",
  "GET /api/stream": "viewer",
  "GET /api/users": "admin",
  "POST /api/users": "admin",
  "PUT /api/users/[userId]": "admin",
  "DELETE /api/users/[userId]": "admin",
  "GET /api/users/[userId]/tokens": "admin",
  "DELETE /api/users/[userId]/tokens/[tokenId]": "admin",
  "GET /api/tokens": "viewer",
  "POST /api/tokens": "viewer",
  "DELETE /api/tokens/[tokenId]": "viewer",
};

/** Routes a browser session alone may use: with an API token, even an allowed role gets 403 `session_required`. */
const SESSION_ONLY = new Set(["POST /api/tokens", "POST /api/auth/password"]);

interface Route {
  key: string;
  method: string;
  template: string;
  declared: Access;
}

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? routeFiles(full) : name === "route.ts" ? [full] : [];
  });
}

/** Every exported handler of app/api, with the access its handle() call declares ("public" without one). */
function routes(): Route[] {
  return routeFiles("app/api").flatMap((file) => {
    const template = `/${path.dirname(file).replace(/^app\//, "")}`;
    const source = readFileSync(file, "utf8");
    return [...source.matchAll(/export (?:async )?function (GET|POST|PUT|DELETE|PATCH)\(/g)].map((m) => {
      const body = source.slice(m.index);
      const declared = /handle\(request, "(public|viewer|operator|admin)"/.exec(
        body.slice(0, body.indexOf("\n}\n") + 1),
      )?.[1] as Access | undefined;
      return { key: `${m[1]} ${template}`, method: m[1] ?? "GET", template, declared: declared ?? "public" };
    });
  });
}

const tokens: Partial<Record<Access, string>> = {};
let clusterId = 0;

async function tokenFor(request: APIRequestContext, baseURL: string, username: string, role: Access): Promise<string> {
  const password = `${username}-password`;
  const created = await request.post("/api/users", { data: { username, password, role } });
  expect([201, 409]).toContain(created.status());
  const login = await fetch(`${baseURL}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const token = await fetch(`${baseURL}/api/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Cookie: cookie, Origin: baseURL, "X-CSRF-Token": csrfToken },
    body: JSON.stringify({ name: "access test" }),
  });
  expect(token.status).toBe(201);
  return ((await token.json()) as { token: string }).token;
}

test.beforeAll(async ({ request, baseURL }) => {
  if (!baseURL) throw new Error("no baseURL");
  tokens.viewer = await tokenFor(request, baseURL, "matrix-viewer", "viewer");
  tokens.operator = await tokenFor(request, baseURL, "matrix-operator", "operator");
  tokens.admin = await tokenFor(request, baseURL, "matrix-admin", "admin");
  const cluster = await request.post("/api/clusters", {
    data: { name: `matrix-${Date.now()}`, masters: ["http://127.0.0.1:8"] },
  });
  clusterId = ((await cluster.json()) as { id: number }).id;
});

test("every API route is in the access policy, and declares the same access in its code", () => {
  const found = routes();
  expect(found.map((r) => r.key).sort()).toEqual(Object.keys(POLICY).sort());
  for (const route of found)
    expect({ route: route.key, access: route.declared }).toEqual({ route: route.key, access: POLICY[route.key] });
});

test("every API route answers nobody, a viewer, an operator and an admin as its policy says", async ({ baseURL }) => {
  test.setTimeout(120_000);
  const fill = (template: string) =>
    template
      .replace("[id]", String(clusterId))
      .replace("[masterId]", encodeURIComponent("http://127.0.0.1:8"))
      .replace("[actionId]", "00000000-0000-4000-8000-000000000000")
      .replace("[tokenId]", "999999")
      .replace("[userId]", "999999");
  const matrix: string[] = [];
  const wrong: string[] = [];
  for (const route of routes()) {
    const required = POLICY[route.key] ?? "admin";
    for (const who of ["nobody", "viewer", "operator", "admin"] as const) {
      const headers: Record<string, string> = { "Content-Type": "application/json" };
      const token = who === "nobody" ? undefined : tokens[who];
      if (token) headers.Authorization = `Bearer ${token}`;
      const controller = new AbortController();
      const response = await fetch(`${baseURL}${fill(route.template)}`, {
        method: route.method,
        headers,
        signal: controller.signal,
        // Bodies that fail validation: an allowed caller gets 400, and nothing changes.
        ...(route.method === "POST" || route.method === "PUT" ? { body: "{}" } : {}),
      });
      controller.abort(); // streams stay open otherwise
      const status = response.status;
      const expected =
        required === "public"
          ? "any"
          : who === "nobody"
            ? 401
            : RANK[who] < RANK[required] || SESSION_ONLY.has(route.key)
              ? 403
              : "allowed";
      matrix.push(`${route.key} ${who}: ${status}`);
      const ok =
        expected === "any"
          ? status !== 401 && status !== 403
          : expected === "allowed"
            ? status !== 401 && status !== 403 && status !== 500
            : status === expected;
      if (!ok) wrong.push(`${route.key} as ${who}: ${status}, expected ${expected}`);
    }
  }
  console.log(`[measure] ${matrix.length} route × principal checks`);
  expect(wrong).toEqual([]);
});

test("a cross-site POST with the session cookie but without the CSRF token is refused", async ({ baseURL, page }) => {
  await page.goto("/");
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === "mw_session");
  if (!session || !baseURL) throw new Error("no session");
  const post = (headers: Record<string, string>) =>
    fetch(`${baseURL}/api/clusters`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: `mw_session=${session.value}`, ...headers },
      body: JSON.stringify({ name: "csrf-probe", masters: ["http://127.0.0.1:8"] }),
    });
  const crossSite = await post({ Origin: "http://evil.example" });
  expect(crossSite.status).toBe(403);
  expect(((await crossSite.json()) as { error: { code: string } }).error.code).toBe("csrf");
  expect((await post({ Origin: baseURL })).status).toBe(403); // same origin, but no token
  const csrf = (await page.locator('meta[name="csrf-token"]').getAttribute("content")) ?? "";
  const withToken = await post({ Origin: baseURL, "X-CSRF-Token": csrf });
  expect(withToken.status).toBe(201);
});

test("a wrong password is rate-limited after five tries, even for the right one afterwards", async ({
  request,
  baseURL,
}) => {
  await request.post("/api/users", {
    data: { username: "rate-limited", password: "the-right-password", role: "viewer" },
  });
  const attempt = (password: string) =>
    fetch(`${baseURL}/api/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: "rate-limited", password }),
    });
  for (let i = 0; i < 5; i++) expect((await attempt(`wrong-${i}`)).status).toBe(401);
  const locked = await attempt("the-right-password");
  expect(locked.status).toBe(429);
  expect(((await locked.json()) as { error: { message: string } }).error.message).toMatch(
    /too many failed logins: try again in \d+ s/,
  );
});

test("secrets never appear in any API answer, event, page or the server's log", async ({ request, page }) => {
  const secrets = ["ZkS3cret-e2e", "HttpS3cret-e2e", "KEY-MATERIAL-e2e"];
  const created = await request.post("/api/clusters", {
    data: {
      name: `secrets-${Date.now()}`,
      zk: "zk://mesos:ZkS3cret-e2e@127.0.0.1:9/mesos",
      httpAuth: { username: "ops", password: "HttpS3cret-e2e" },
      allowedMasters: ["127.0.0.1"],
      controller: {
        type: "ssh",
        user: "mesos",
        privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nKEY-MATERIAL-e2e\n-----END OPENSSH PRIVATE KEY-----",
        commands: { preset: "systemd" },
      },
    },
  });
  expect(created.status()).toBe(201);
  const id = ((await created.json()) as { id: number }).id;
  const answers = [JSON.stringify(await created.json())];
  for (const url of [
    "/api/clusters",
    `/api/clusters/${id}`,
    `/api/clusters/${id}/state`,
    `/api/clusters/${id}/events?limit=500`,
    `/api/clusters/${id}/actions`,
    `/api/clusters/${id}/zk`,
    "/api/users",
    "/api/tokens",
  ]) {
    answers.push(await (await request.get(url)).text());
  }
  const put = await request.put(`/api/clusters/${id}`, {
    data: { name: `secrets-${id}`, zk: "zk://***:***@127.0.0.1:9/mesos", httpAuth: { username: "ops" } },
  });
  expect(put.status()).toBe(200);
  answers.push(await put.text());
  const tested = await request.post("/api/clusters/test-connection", {
    data: {
      zk: "zk://mesos:ZkS3cret-e2e@127.0.0.1:9/mesos",
      httpAuth: { username: "ops", password: "HttpS3cret-e2e" },
    },
  });
  expect(tested.status()).toBe(200);
  answers.push(await tested.text());
  for (const path of [`/clusters/${id}/settings`, `/clusters/${id}`, `/clusters/${id}/zk`, "/events"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    answers.push(await page.content());
  }
  const log = readFileSync(".tmp/e2e/server.log", "utf8");
  expect(log).toContain("[auth] created the first user");
  answers.push(log);
  for (const answer of answers) for (const secret of secrets) expect(answer).not.toContain(secret);
});

test("page data without a session: the navigations of a signed-in browser, replayed without its cookie, carry nothing", async ({
  page,
  request,
}) => {
  const name = `rsc-probe-${Date.now()}`;
  const created = await request.post("/api/clusters", {
    data: { name, masters: ["http://127.0.0.1:8"], description: "RSC-PROBE-DESCRIPTION" },
  });
  expect(created.status()).toBe(201);
  const id = ((await created.json()) as { id: number }).id;
  await expect
    .poll(
      async () =>
        ((await (await request.get(`/api/clusters/${id}/events`)).json()) as { events: unknown[] }).events.length,
    )
    .toBeGreaterThan(0);

  // A client-side navigation asks for the page's React Server Components payload, below the layouts it shares.
  const captured: Promise<{ url: string; headers: Record<string, string> }>[] = [];
  page.on("request", (r) => {
    const headers = r.headers();
    if (headers.rsc && !headers["next-router-prefetch"])
      captured.push(r.allHeaders().then((all) => ({ url: r.url(), headers: all })));
  });
  await page.goto("/");
  await page.getByRole("link", { name: "Events" }).first().click();
  await expect(page.getByRole("heading", { name: "Events" })).toBeVisible();
  await expect(page.getByText(name).first()).toBeVisible();
  await page.getByRole("link", { name: "Clusters" }).first().click();
  await page.locator(`a[href="/clusters/${id}"]`).first().click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  for (const tab of ["Agents", "Events", "ZooKeeper", "Overview"]) {
    await page.getByRole("navigation", { name: "Cluster" }).getByRole("link", { name: tab }).click();
    await expect(page.getByRole("navigation", { name: "Cluster" }).getByRole("link", { name: tab })).toHaveAttribute(
      "aria-current",
      "page",
    );
  }
  const navigations = await Promise.all(captured);
  const paths = new Set(navigations.map((n) => new URL(n.url).pathname));
  expect(paths).toEqual(
    new Set([
      "/events",
      "/",
      `/clusters/${id}`,
      `/clusters/${id}/agents`,
      `/clusters/${id}/events`,
      `/clusters/${id}/zk`,
    ]),
  );

  // With the session it shows the data; without it, the same requests get only the way to the login page.
  const leaks: string[] = [];
  const shownWithSession = new Set<string>();
  for (const { url, headers } of navigations) {
    if ((await (await fetch(url, { headers, redirect: "manual" })).text()).includes(name))
      shownWithSession.add(new URL(url).pathname);
    const { cookie: _cookie, ...anonymous } = headers;
    const response = await fetch(url, { headers: anonymous, redirect: "manual" });
    const body = await response.text();
    if (body.includes(name) || body.includes("RSC-PROBE-DESCRIPTION"))
      leaks.push(`${new URL(url).pathname}: ${response.status}, ${body.length} bytes`);
    else if (!body.includes("/login") && !(response.headers.get("location") ?? "").includes("/login"))
      leaks.push(`${new URL(url).pathname}: ${response.status} without a way to the login page`);
  }
  // The replay itself works: with the cookie, the events page and the cluster's layout carry the cluster's name.
  expect([...shownWithSession]).toEqual(expect.arrayContaining(["/events", `/clusters/${id}`]));
  expect(leaks).toEqual([]);
});

test("an open event stream ends at its next check (every 10 s) after its session's logout, or its token's revocation", async ({
  baseURL,
}) => {
  test.setTimeout(60_000);
  if (!baseURL) throw new Error("no baseURL");
  const admin = { Authorization: `Bearer ${adminToken()}`, "Content-Type": "application/json" };
  await fetch(`${baseURL}/api/users`, {
    method: "POST",
    headers: admin,
    body: JSON.stringify({ username: "stream-viewer", password: "stream-viewer-password", role: "viewer" }),
  });
  const login = await fetch(`${baseURL}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: "stream-viewer", password: "stream-viewer-password" }),
  });
  expect(login.status).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const session = { Cookie: cookie, Origin: baseURL, "X-CSRF-Token": csrfToken, "Content-Type": "application/json" };
  const created = await fetch(`${baseURL}/api/tokens`, {
    method: "POST",
    headers: session,
    body: JSON.stringify({ name: "stream test" }),
  });
  const token = (await created.json()) as { id: number; token: string };

  /** Opens a stream, reads its first message, and resolves with how long after `endedAt()` the stream closed. */
  const open = async (path: string, headers: Record<string, string>) => {
    const response = await fetch(`${baseURL}${path}`, { headers });
    expect(response.status).toBe(200);
    const reader = response.body?.getReader();
    if (!reader) throw new Error("no body");
    await reader.read();
    return async (endedAt: number) => {
      for (;;) if ((await reader.read()).done) return Date.now() - endedAt;
    };
  };

  const byCookie = await open("/api/stream", { Cookie: cookie });
  const byToken = await open("/api/stream", { Authorization: `Bearer ${token.token}` });
  const revokedAt = Date.now();
  expect((await fetch(`${baseURL}/api/tokens/${token.id}`, { method: "DELETE", headers: session })).status).toBe(204);
  const tokenStreamEndedAfter = await byToken(revokedAt);
  const loggedOutAt = Date.now();
  expect((await fetch(`${baseURL}/api/auth/logout`, { method: "POST", headers: session })).status).toBeLessThan(300);
  const cookieStreamEndedAfter = await byCookie(loggedOutAt);
  console.log(
    `[measure] stream closed ${tokenStreamEndedAfter} ms after the token's revocation, ${cookieStreamEndedAfter} ms after logout`,
  );
  // One check interval, plus slack for a loaded machine: the point is that they end, not how fast.
  expect(tokenStreamEndedAfter).toBeLessThan(20_000);
  expect(cookieStreamEndedAfter).toBeLessThan(20_000);
  expect((await fetch(`${baseURL}/api/stream`, { headers: { Cookie: cookie } })).status).toBe(401);
});
