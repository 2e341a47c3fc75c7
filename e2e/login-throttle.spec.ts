// Login throttling over real HTTP, from several client addresses: the whole of 127.0.0.0/8 is the loopback
// interface, so a socket bound to 127.0.0.21 reaches the server (listening on 127.0.0.1) as a client of its own.
// The other specs log in from 127.0.0.1, which these tests never use, so they are not throttled by them.
import http from "node:http";
import { ADMIN_PASSWORD } from "./auth-files";
import { expect, test } from "./fixtures";

interface Answer {
  status: number;
  message: string;
}

/** POST /api/auth/login from the client address `from`, with extra headers (a forged X-Forwarded-For). */
function loginFrom(
  baseURL: string,
  from: string,
  credentials: { username: string; password: string },
  headers: Record<string, string> = {},
): Promise<Answer> {
  const url = new URL("/api/auth/login", baseURL);
  const body = JSON.stringify(credentials);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        localAddress: from,
        headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body), ...headers },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => {
          const parsed = JSON.parse(text || "{}") as { error?: { message?: string } };
          resolve({ status: response.statusCode ?? 0, message: parsed.error?.message ?? "" });
        });
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

const forged = (i: number) => ({ "X-Forwarded-For": `203.0.113.${i + 1}` });

test("a rotating X-Forwarded-For does not escape the limits: 25 wrong logins from one client are throttled", async ({
  baseURL,
  request,
}) => {
  if (!baseURL) throw new Error("no baseURL");
  // Many user names from one address, each with another forged address: the per-address limit (20) still applies.
  const spray: number[] = [];
  for (let i = 0; i < 25; i++)
    spray.push(
      (await loginFrom(baseURL, "127.0.0.21", { username: `spray-${i}`, password: "guess" }, forged(i))).status,
    );
  // One user from one address, again with a forged address each time: the per-(user, address) limit (5) applies.
  await request.post("/api/users", {
    data: { username: "xff-target", password: "xff-target-password", role: "viewer" },
  });
  const oneUser: number[] = [];
  for (let i = 0; i < 25; i++)
    oneUser.push(
      (await loginFrom(baseURL, "127.0.0.22", { username: "xff-target", password: `wrong-${i}` }, forged(i))).status,
    );
  const limited = (statuses: number[]) => statuses.filter((s) => s === 429).length;
  console.log(
    `[measure] rotating X-Forwarded-For: ${limited(spray)} of 25 wrong logins over 25 user names limited, ` +
      `${limited(oneUser)} of 25 for one user`,
  );
  expect(spray).toEqual([...Array<number>(20).fill(401), ...Array<number>(5).fill(429)]);
  expect(oneUser).toEqual([...Array<number>(5).fill(401), ...Array<number>(20).fill(429)]);
  // Even the right password, with yet another forged address, waits: the throttle is on the socket's address.
  const right = await loginFrom(
    baseURL,
    "127.0.0.22",
    { username: "xff-target", password: "xff-target-password" },
    forged(99),
  );
  expect(right.status).toBe(429);
  expect(right.message).toMatch(/too many failed logins: try again in \d+ s/);
});

test("wrong passwords from one address do not lock the user out: admin still logs in from another", async ({
  baseURL,
}) => {
  if (!baseURL) throw new Error("no baseURL");
  const attacker: number[] = [];
  for (let i = 0; i < 8; i++)
    attacker.push((await loginFrom(baseURL, "127.0.0.31", { username: "admin", password: `guess-${i}` })).status);
  expect(attacker).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
  // The attacker's address waits even with the right password ...
  const fromAttacker = await loginFrom(baseURL, "127.0.0.31", { username: "admin", password: ADMIN_PASSWORD });
  expect(fromAttacker.status).toBe(429);
  // ... but the admin, from another address, is not locked out.
  const fromAdmin = await loginFrom(baseURL, "127.0.0.32", { username: "admin", password: ADMIN_PASSWORD });
  console.log(
    `[measure] after 8 wrong passwords for admin from 127.0.0.31, admin from 127.0.0.32: ${fromAdmin.status}`,
  );
  expect(fromAdmin.status).toBe(200);
});
