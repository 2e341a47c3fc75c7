// Malformed input from every side of the API: each gets a 4xx with a message, and nothing changes.
import { expect, test } from "./fixtures";

interface Case {
  name: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  url: string;
  body?: string;
  contentType?: string;
}

const json = "application/json";
const long = "x".repeat(70 * 1024);

test("at least 30 malformed requests get 4xx answers with messages and change nothing", async ({ request }) => {
  const created = await request.post("/api/clusters", {
    data: { name: `hostile-${Date.now()}`, masters: ["http://127.0.0.1:8"] },
  });
  const id = ((await created.json()) as { id: number }).id;
  const cases: Case[] = [
    { name: "body not JSON", method: "POST", url: "/api/clusters", body: "{not json", contentType: json },
    { name: "body not an object", method: "POST", url: "/api/clusters", body: "[1,2]", contentType: json },
    {
      name: "wrong content type",
      method: "POST",
      url: "/api/clusters",
      body: "name=x",
      contentType: "application/x-www-form-urlencoded",
    },
    {
      name: "body too large",
      method: "POST",
      url: "/api/clusters",
      body: JSON.stringify({ name: "big", description: long, masters: ["http://a:1"] }),
      contentType: json,
    },
    {
      name: "name missing",
      method: "POST",
      url: "/api/clusters",
      body: JSON.stringify({ zk: "zk://h:1/m" }),
      contentType: json,
    },
    {
      name: "name with a slash",
      method: "POST",
      url: "/api/clusters",
      body: JSON.stringify({ name: "a/b", zk: "zk://h:1/m" }),
      contentType: json,
    },
    {
      name: "name too long",
      method: "POST",
      url: "/api/clusters",
      body: JSON.stringify({ name: "n".repeat(65), zk: "zk://h:1/m" }),
      contentType: json,
    },
    {
      name: "zk and masters both",
      method: "POST",
      url: "/api/clusters",
      body: JSON.stringify({ name: "both", zk: "zk://h:1/m", masters: ["http://h:1"] }),
      contentType: json,
    },
    {
      name: "zk not a zk URL",
      method: "POST",
      url: "/api/clusters",
      body: JSON.stringify({ name: "z1", zk: "http://h:1/m" }),
      contentType: json,
    },
    {
      name: "zk without chroot",
      method: "POST",
      url: "/api/clusters",
      body: JSON.stringify({ name: "z2", zk: "zk://h:1/" }),
      contentType: json,
    },
    {
      name: "zk bad port",
      method: "POST",
      url: "/api/clusters",
      body: JSON.stringify({ name: "z3", zk: "zk://h:99999/m" }),
      contentType: json,
    },
    {
      name: "zk bad host",
      method: "POST",
      url: "/api/clusters",
      body: JSON.stringify({ name: "z4", zk: "zk://h;rm -rf:1/m" }),
      contentType: json,
    },
    {
      name: "master not a URL",
      method: "POST",
      url: "/api/clusters",
      body: JSON.stringify({ name: "m1", masters: ["not a url"] }),
      contentType: json,
    },
    {
      name: "master with a path",
      method: "POST",
      url: "/api/clusters",
      body: JSON.stringify({ name: "m2", masters: ["http://h:1/state"] }),
      contentType: json,
    },
    {
      name: "master ftp",
      method: "POST",
      url: "/api/clusters",
      body: JSON.stringify({ name: "m3", masters: ["ftp://h:1"] }),
      contentType: json,
    },
    {
      name: "master on a port fetch refuses",
      method: "POST",
      url: "/api/clusters",
      body: JSON.stringify({ name: "m5", masters: ["http://h:6000"] }),
      contentType: json,
    },
    {
      name: "masters empty",
      method: "POST",
      url: "/api/clusters",
      body: JSON.stringify({ name: "m4", masters: [] }),
      contentType: json,
    },
    {
      name: "quorum fractional",
      method: "POST",
      url: "/api/clusters",
      body: JSON.stringify({ name: "q1", zk: "zk://h:1/m", quorum: 1.5 }),
      contentType: json,
    },
    {
      name: "quorum a string",
      method: "POST",
      url: "/api/clusters",
      body: JSON.stringify({ name: "q2", zk: "zk://h:1/m", quorum: "2" }),
      contentType: json,
    },
    {
      name: "unknown key",
      method: "POST",
      url: "/api/clusters",
      body: JSON.stringify({ name: "u1", zk: "zk://h:1/m", admin: true }),
      contentType: json,
    },
    {
      name: "controller type unknown",
      method: "POST",
      url: "/api/clusters",
      body: JSON.stringify({ name: "c1", zk: "zk://h:1/m", controller: { type: "telnet" } }),
      contentType: json,
    },
    {
      name: "ssh user with shell",
      method: "POST",
      url: "/api/clusters",
      body: JSON.stringify({
        name: "c2",
        zk: "zk://h:1/m",
        controller: { type: "ssh", user: "root;id", privateKeyPath: "/k", commands: { preset: "systemd" } },
      }),
      contentType: json,
    },
    {
      name: "ssh key path relative",
      method: "POST",
      url: "/api/clusters",
      body: JSON.stringify({
        name: "c3",
        zk: "zk://h:1/m",
        controller: { type: "ssh", user: "m", privateKeyPath: "../k", commands: { preset: "systemd" } },
      }),
      contentType: json,
    },
    {
      name: "bad fingerprint",
      method: "POST",
      url: `/api/clusters/${id}/host-keys`,
      body: JSON.stringify({ address: "h:22", fingerprint: "MD5:aa" }),
      contentType: json,
    },
    { name: "cluster id not a number", method: "GET", url: "/api/clusters/abc/state" },
    { name: "cluster id negative", method: "GET", url: "/api/clusters/-1" },
    { name: "cluster id huge", method: "GET", url: "/api/clusters/99999999999999999999" },
    { name: "events limit too large", method: "GET", url: `/api/clusters/${id}/events?limit=100000` },
    { name: "events limit not a number", method: "GET", url: `/api/clusters/${id}/events?limit=ten` },
    { name: "events unknown type", method: "GET", url: `/api/clusters/${id}/events?type=master.exploded` },
    { name: "events bad time", method: "GET", url: `/api/clusters/${id}/events?since=yesterday` },
    { name: "events unknown parameter", method: "GET", url: `/api/clusters/${id}/events?drop=table` },
    { name: "events parameter twice", method: "GET", url: `/api/clusters/${id}/events?limit=1&limit=2` },
    {
      name: "action unknown",
      method: "POST",
      url: `/api/clusters/${id}/masters/x/actions`,
      body: JSON.stringify({ action: "explode" }),
      contentType: json,
    },
    {
      name: "action reason too long",
      method: "POST",
      url: `/api/clusters/${id}/masters/x/actions`,
      body: JSON.stringify({ action: "stop", reason: "r".repeat(1001) }),
      contentType: json,
    },
    {
      name: "user weak password",
      method: "POST",
      url: "/api/users",
      body: JSON.stringify({ username: "weak", password: "short", role: "viewer" }),
      contentType: json,
    },
    {
      name: "user unknown role",
      method: "POST",
      url: "/api/users",
      body: JSON.stringify({ username: "r", password: "long-enough-1", role: "root" }),
      contentType: json,
    },
    {
      name: "user id not a number",
      method: "PUT",
      url: "/api/users/abc",
      body: JSON.stringify({ role: "viewer" }),
      contentType: json,
    },
    {
      name: "token name empty",
      method: "POST",
      url: "/api/tokens",
      body: JSON.stringify({ name: "" }),
      contentType: json,
    },
    {
      name: "new password too short",
      method: "POST",
      url: "/api/auth/password",
      body: JSON.stringify({ currentPassword: "whatever", newPassword: "short" }),
      contentType: json,
    },
    { name: "login body not JSON", method: "POST", url: "/api/auth/login", body: "user=admin", contentType: json },
  ];
  expect(cases.length).toBeGreaterThanOrEqual(30);
  // The test's own token records when it was last used: that is the one thing allowed to change.
  const tokens = async () =>
    ((await (await request.get("/api/tokens")).json()) as { id: number; name: string }[]).map((t) => [t.id, t.name]);
  const snapshot = async () =>
    JSON.stringify([
      await (await request.get("/api/clusters")).json(),
      await (await request.get("/api/users")).json(),
      await tokens(),
    ]);
  const before = await snapshot();
  const wrong: string[] = [];
  for (const c of cases) {
    const response = await request.fetch(c.url, {
      method: c.method,
      headers: c.contentType ? { "Content-Type": c.contentType } : {},
      data: c.body,
    });
    const status = response.status();
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    if (status < 400 || status >= 500 || !body?.error?.message)
      wrong.push(`${c.name}: ${status} ${JSON.stringify(body).slice(0, 120)}`);
  }
  expect(wrong).toEqual([]);
  expect(await snapshot()).toBe(before);
});
