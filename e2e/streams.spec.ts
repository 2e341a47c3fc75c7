// Issue 12, finding 6 (streams), against the built server: one user may hold at most STREAM_MAX_PER_USER (8) event
// streams open, the next gets 429 with the reason, and a tab refused one opens it again by itself; and a client that
// stops reading has its stream closed instead of the server queueing for it without end. The master is a plain HTTP
// server of this test whose state grows every poll (about 4 MB of frameworks), so a stalled stream would queue about
// 4 MB more per poll.
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { registerCluster } from "../scripts/testbed";
import { adminToken, expect, test } from "./fixtures";

const MiB = 1024 * 1024;

async function login(baseURL: string, username: string): Promise<string> {
  const password = `${username}-password`;
  await fetch(`${baseURL}/api/users`, {
    method: "POST",
    headers: { Authorization: `Bearer ${adminToken()}`, "Content-Type": "application/json" },
    body: JSON.stringify({ username, password, role: "viewer" }),
  });
  const response = await fetch(`${baseURL}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  expect(response.status).toBe(200);
  return (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}

/** Opens `count` overview streams with the session `cookie`, each read once, into `open`. */
async function openStreams(
  baseURL: string,
  cookie: string,
  count: number,
  open: ReadableStreamDefaultReader<Uint8Array>[],
): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const response = await fetch(`${baseURL}/api/stream`, { headers: { Cookie: cookie } });
    expect(response.status).toBe(200);
    const reader = response.body?.getReader();
    if (!reader) throw new Error("no body");
    await reader.read();
    open.push(reader);
  }
}

test("a user's ninth open stream gets 429 with the reason; closing one frees its slot", async ({ baseURL }) => {
  if (!baseURL) throw new Error("no baseURL");
  const cookie = await login(baseURL, "streams-cap");
  const open: ReadableStreamDefaultReader<Uint8Array>[] = [];
  try {
    await openStreams(baseURL, cookie, 8, open);
    const refused = await fetch(`${baseURL}/api/stream`, { headers: { Cookie: cookie } });
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("too_many_streams");
    expect(body.error.message).toMatch(/you have 8 event streams open.*STREAM_MAX_PER_USER/);
    // Another user is not affected.
    const other = await fetch(`${baseURL}/api/stream`, { headers: { Authorization: `Bearer ${adminToken()}` } });
    expect(other.status).toBe(200);
    await other.body?.cancel();

    await open.pop()?.cancel();
    await expect
      .poll(
        async () => {
          const again = await fetch(`${baseURL}/api/stream`, { headers: { Cookie: cookie } });
          if (again.status === 200) {
            const reader = again.body?.getReader();
            if (reader) open.push(reader);
          } else await again.body?.cancel();
          return again.status;
        },
        { timeout: 10_000 },
      )
      .toBe(200);
  } finally {
    for (const reader of open) await reader.cancel().catch(() => undefined);
  }
});

test("a tab whose stream was refused says so and opens it again by itself once a slot is free", async ({
  baseURL,
  browser,
}) => {
  test.setTimeout(60_000);
  if (!baseURL) throw new Error("no baseURL");
  const cookie = await login(baseURL, "streams-retry");
  const [name = "", value = ""] = cookie.split("=", 2);
  const open: ReadableStreamDefaultReader<Uint8Array>[] = [];
  const context = await browser.newContext({ storageState: undefined });
  const admin = { Authorization: `Bearer ${adminToken()}`, "Content-Type": "application/json" };
  // The overview shows its stream's status once there is a cluster to show.
  const clusterId = await registerCluster({
    baseUrl: baseURL,
    credentials: { token: adminToken() },
    definition: { name: `refused-tab-${Date.now()}`, masters: ["http://127.0.0.1:8"] },
  });
  try {
    await openStreams(baseURL, cookie, 8, open);
    await context.addCookies([{ name, value, url: baseURL }]);
    const page = await context.newPage();
    await page.goto("/");
    // EventSource gives up on a 429 for good; the page opens the stream again with backoff and says when.
    const connection = page.getByTestId("connection");
    await expect(connection).toHaveAttribute("data-state", "offline");
    await expect(connection).toHaveText(/Offline: trying again in \d/);

    await open.pop()?.cancel();
    const freedAt = Date.now();
    await expect(connection).toHaveAttribute("data-state", "live", { timeout: 40_000 });
    console.log(`[measure] the refused tab went live ${Date.now() - freedAt} ms after a slot was freed`);
  } finally {
    await context.close();
    for (const reader of open) await reader.cancel().catch(() => undefined);
    await fetch(`${baseURL}/api/clusters/${clusterId}`, { method: "DELETE", headers: admin });
  }
});

/** A master that leads by itself and whose frameworks' names change on every read: ~4 MB per state. */
function startGrowingMaster(): Promise<{ server: http.Server; url: string; reads: () => number }> {
  let reads = 0;
  const server = http.createServer((request, response) => {
    const port = (server.address() as AddressInfo).port;
    const pid = `master@127.0.0.1:${port}`;
    if (request.url?.startsWith("/health")) return response.end();
    if (!request.url?.startsWith("/master/state")) {
      response.writeHead(404);
      return response.end();
    }
    reads += 1;
    const frameworks = Array.from({ length: 2_000 }, (_, i) => ({
      id: `fw-${i}`,
      name: `fw-${i}-read-${reads}-${"n".repeat(2_000)}`,
      active: true,
    }));
    response.writeHead(200, { "Content-Type": "application/json" });
    response.end(
      JSON.stringify({
        version: "1.11.0",
        id: "state",
        pid,
        hostname: "127.0.0.1",
        elected_time: 1_700_000_000,
        leader: pid,
        slaves: [],
        frameworks,
      }),
    );
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, reads: () => reads }),
    ),
  );
}

test("a client that stops reading has its stream closed, with the server's queue for it bounded", async ({
  baseURL,
}) => {
  test.setTimeout(180_000);
  if (!baseURL) throw new Error("no baseURL");
  const master = await startGrowingMaster();
  const admin = { Authorization: `Bearer ${adminToken()}`, "Content-Type": "application/json" };
  let socket: net.Socket | null = null;
  let clusterId = 0;
  try {
    clusterId = await registerCluster({
      baseUrl: baseURL,
      credentials: { token: adminToken() },
      definition: { name: `growing-${Date.now()}`, masters: [master.url] },
    });
    await expect
      .poll(
        async () => {
          const state = await fetch(`${baseURL}/api/clusters/${clusterId}/state`, { headers: admin });
          return ((await state.json()) as { poll?: { status: string } }).poll?.status;
        },
        { timeout: 30_000 },
      )
      .toBe("ok");

    // The stalled client: sends its request, then reads nothing.
    const url = new URL(baseURL);
    const stalled = net.connect(Number(url.port), url.hostname);
    socket = stalled;
    stalled.pause();
    await new Promise<void>((resolve) => stalled.once("connect", resolve));
    stalled.write(
      `GET /api/clusters/${clusterId}/stream HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${adminToken()}\r\n\r\n`,
    );
    const readsBefore = master.reads();
    // Long enough for ~10 polls (~40 MB for this client) and for the server's check (STREAM_STALL_TIMEOUT_MS 60 s
    // or STREAM_MAX_QUEUED_BYTES 8 MiB, whichever comes first).
    await new Promise((resolve) => setTimeout(resolve, 45_000));
    expect(master.reads() - readsBefore).toBeGreaterThan(5);

    // Now read what is there: the server must have ended the stream, so the socket ends after a bounded amount.
    let received = 0;
    let tail = "";
    const ended = new Promise<"ended">((resolve) => {
      stalled.on("data", (chunk: Buffer) => {
        received += chunk.length;
        // A response that ended cleanly on a kept-alive connection ends with the last, empty chunk.
        tail = (tail + chunk.toString("latin1")).slice(-16);
        if (tail.endsWith("\r\n0\r\n\r\n")) resolve("ended");
      });
      stalled.once("close", () => resolve("ended"));
      stalled.once("error", () => resolve("ended"));
    });
    stalled.resume();
    const outcome = await Promise.race([
      ended,
      new Promise<"still open">((resolve) => setTimeout(() => resolve("still open"), 20_000)),
    ]);
    console.log(`[measure] stalled stream: ${outcome} after ${(received / MiB).toFixed(1)} MiB received`);
    expect(outcome).toBe("ended");
    // What was in the sockets' buffers and the stream's queue when it was closed: well under what 10 polls made.
    expect(received).toBeLessThan(24 * MiB);
  } finally {
    socket?.destroy();
    if (clusterId) await fetch(`${baseURL}/api/clusters/${clusterId}`, { method: "DELETE", headers: admin });
    await new Promise<void>((resolve) => master.server.close(() => resolve()));
  }
});
