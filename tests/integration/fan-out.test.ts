// Issue 12, finding 7: on-demand reads are shared. N concurrent GET /api/clusters/{id}/zk open no ZooKeeper session
// (ZooKeeper's zxid, which every session creation and close advances, and its `cons` sessions stay as they were), and
// N concurrent GET /api/clusters/{id}/masters/{masterId} make one set of requests to the master (counted at a
// recording HTTP server standing in for the master). The route handlers run as they do in the server, with the
// collector of this process; only the caller's authorization is stubbed.
import http from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type * as AuthModule from "@/lib/server/auth/server";
import { encodeMasterZnodeData, masterInfoFor } from "@/lib/mesos/master-info-encode";
import { fourLetterWord, parseSrvr } from "@/lib/zk/four-letter-words";
import { connect, create, mkdirp, zookeeper } from "@/lib/zk/promises";
import { connectString, waitFor } from "@/scripts/testbed";
import { zookeeperForThisFile } from "../helpers/zk";

vi.mock("@/lib/server/auth/server", async (original) => ({
  ...(await original<typeof AuthModule>()),
  authorize: async () => ({
    user: { id: 1, username: "viewer", role: "viewer" },
    via: "token",
    csrfToken: null,
    sessionId: null,
  }),
}));

const N = 10;
const ensemble = zookeeperForThisFile("fan-out-test");
let dir: string;
let master: http.Server;
const requests = new Map<string, number>();
let clusterId = 0;
const ZNODE = "json.info_0000000001";

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "fan-out-"));
  process.env.DATABASE_URL = `file:${path.join(dir, "dashboard.db")}`;
  process.env.MONITOR_POLL_MS = "60000";
  master = http.createServer((request, response) => {
    const route = (request.url ?? "").split("?")[0] ?? "";
    requests.set(route, (requests.get(route) ?? 0) + 1);
    if (route === "/health") return response.end();
    response.writeHead(200, { "Content-Type": "application/json" });
    if (route === "/version") return response.end(JSON.stringify({ version: "1.11.0" }));
    if (route === "/master/flags") return response.end(JSON.stringify({ flags: { quorum: "1" } }));
    return response.end("{}");
  });
  await new Promise<void>((resolve) => master.listen(0, "127.0.0.1", resolve));
  const port = (master.address() as AddressInfo).port;

  const client = await connect(connectString(ensemble()));
  await mkdirp(client, "/mesos");
  const info = masterInfoFor({
    version: "1.11.0",
    ip: "127.0.0.1",
    port,
    hostname: "127.0.0.1",
    startedAt: 1_700_000_000,
    pid: 1,
    random: Math.random,
  });
  await create(client, `/mesos/${ZNODE}`, encodeMasterZnodeData(info, "json"), zookeeper.CreateMode.PERSISTENT);
  client.close();

  const { createCluster } = await import("@/lib/server/clusters/repository");
  clusterId = (await createCluster({ name: "fan-out", zk: `zk://${connectString(ensemble())}/mesos` })).id;
  const { getControlPlane } = await import("@/lib/server/collector/control-plane");
  const plane = getControlPlane();
  await plane.ready(); // watches every registered cluster, this one included
  await waitFor(
    "the master listed and ZooKeeper connected",
    () => {
      const state = plane.state(clusterId);
      return state?.zk.status === "connected" && state.masters.some((m) => m.url) ? true : undefined;
    },
    30_000,
  );
}, 120_000);

afterAll(async () => {
  const { getControlPlane } = await import("@/lib/server/collector/control-plane");
  await getControlPlane().close();
  await new Promise<void>((resolve) => master?.close(() => resolve()));
  const { getDb } = await import("@/lib/server/db");
  await getDb().$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

/** The newest zxid over the servers, and the sessions they hold (`cons` lines with a session id). */
async function zookeeperCounters(): Promise<{ zxid: bigint; sessions: number }> {
  const { host, servers } = ensemble();
  let zxid = 0n;
  let sessions = 0;
  for (const server of servers) {
    const report = parseSrvr(await fourLetterWord(host, server.clientPort, "srvr"));
    if (report.zxid && BigInt(report.zxid) > zxid) zxid = BigInt(report.zxid);
    const cons = await fourLetterWord(host, server.clientPort, "cons");
    sessions += cons.split("\n").filter((line) => /sid=0x[0-9a-f]*[1-9a-f]/.test(line)).length;
  }
  return { zxid, sessions };
}

describe("concurrent views of one cluster", () => {
  it(`${N} concurrent GET /api/clusters/{id}/zk open no ZooKeeper session and all answer`, async () => {
    const { GET } = await import("@/app/api/clusters/[id]/zk/route");
    const before = await zookeeperCounters();
    const answers = await Promise.all(
      Array.from({ length: N }, () =>
        GET(new Request(`http://localhost/api/clusters/${clusterId}/zk`), {
          params: Promise.resolve({ id: String(clusterId) }),
        }),
      ),
    );
    const after = await zookeeperCounters();
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      const body = (await answer.json()) as { reachable: boolean; znodes: { name: string }[] };
      expect(body.reachable).toBe(true);
      expect(body.znodes.map((z) => z.name)).toEqual([ZNODE]);
    }
    console.log(
      `[measure] ${N} zk views: zxid +${after.zxid - before.zxid}, sessions ${before.sessions} → ${after.sessions}`,
    );
    expect(after.zxid - before.zxid).toBe(0n);
    expect(after.sessions).toBe(before.sessions);
  });

  it(`${N} concurrent GET /api/clusters/{id}/masters/{masterId} make one set of requests to the master`, async () => {
    const { GET } = await import("@/app/api/clusters/[id]/masters/[masterId]/route");
    requests.clear();
    const answers = await Promise.all(
      Array.from({ length: N }, () =>
        GET(new Request(`http://localhost/api/clusters/${clusterId}/masters/${ZNODE}`), {
          params: Promise.resolve({ id: String(clusterId), masterId: ZNODE }),
        }),
      ),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      const body = (await answer.json()) as { version: { ok: boolean }; flags: { ok: boolean } };
      expect(body.version.ok).toBe(true);
      expect(body.flags.ok).toBe(true);
    }
    console.log(`[measure] ${N} master views: ${JSON.stringify(Object.fromEntries(requests))}`);
    // The monitor itself asks /health and /metrics/snapshot on its own schedule; only the view asks these two.
    expect(requests.get("/version")).toBe(1);
    expect(requests.get("/master/flags")).toBe(1);
  });
});
