// Znodes written by someone who can write the masters' ZooKeeper path but has no dashboard account: the dashboard
// must not send the cluster's credentials to the hosts they name, let them choose the path it requests, or redirect
// browsers to them (docs/security.md#hosts-contacted). A real ZooKeeper ensemble, a simulated cluster, and a socket
// on another loopback address that records every request it receives.
import { mkdtempSync, rmSync } from "node:fs";
import { type Server, createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClusterStateView } from "@/lib/shared/cluster-state";
import type { ControlPlane } from "@/lib/server/collector/control-plane";
import { connect, create, zookeeper } from "@/lib/zk/promises";
import { packIp } from "@/lib/mesos/master-info";
import { connectString, freePorts, type RunningSim, startSim, waitFor } from "@/scripts/testbed";
import { zookeeperForThisFile } from "../helpers/zk";

const zookeeperEnsemble = zookeeperForThisFile("hostile-znodes");
const ATTACKER_HOST = "127.0.0.2";
// A znode hostname `127.0.0.3/secret-path#` turned `http://${hostname}:${port}` into a request to port 80 there.
const PATH_HOST = "127.0.0.3";
const SECRET_BODY = "TOP-SECRET-METADATA-TOKEN";

interface Received {
  at: number;
  host: string;
  path: string;
  authorization: string | null;
}

let dir: string;
let sim: RunningSim;
let plane: ControlPlane;
const recorders: Server[] = [];
let attackerPort: number;
const received: Received[] = [];

/** A listener that records what reaches it and answers like a metadata service would, with a secret. */
async function startRecorder(host: string, port: number): Promise<void> {
  const recorder = createServer((request, response) => {
    received.push({
      at: Date.now(),
      host,
      path: request.url ?? "",
      authorization: request.headers.authorization ?? null,
    });
    response.writeHead(200, { "Content-Type": "text/plain" }).end(SECRET_BODY);
  });
  recorders.push(recorder);
  await new Promise<void>((resolve, reject) => {
    recorder.once("error", reject);
    recorder.listen(port, host, resolve);
  });
}

const masterInfo = (hostname: string, port: number, ip = ATTACKER_HOST) =>
  Buffer.from(
    JSON.stringify({ id: `fake-${hostname.length}`, hostname, ip: packIp(ip), port, pid: `master@${ip}:${port}` }),
  );

async function writeZnode(zkPath: string, name: string, data: Buffer): Promise<void> {
  const client = await connect(connectString(zookeeperEnsemble()), { sessionTimeout: 5_000 });
  try {
    await create(client, zkPath, Buffer.alloc(0), zookeeper.CreateMode.PERSISTENT).catch(() => undefined);
    await create(client, `${zkPath}/${name}`, data, zookeeper.CreateMode.PERSISTENT);
  } finally {
    client.close();
  }
}

function stateOf(clusterId: number): ClusterStateView {
  const view = plane.state(clusterId);
  if (!view) throw new Error("not monitored");
  return view;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "hostile-znodes-"));
  Object.assign(process.env, {
    DATABASE_URL: `file:${path.join(dir, "dashboard.db")}`,
    MONITOR_POLL_MS: "500",
    MONITOR_HEALTH_INTERVAL_MS: "300",
    MONITOR_ELECTED_INTERVAL_MS: "1000",
    MONITOR_REQUEST_TIMEOUT_MS: "2000",
  });
  [attackerPort] = (await freePorts(1)) as [number];
  await startRecorder(ATTACKER_HOST, attackerPort);
  await startRecorder(PATH_HOST, 80); // port 80 needs root, as npm test runs (CI, the demo machine)
  sim = await startSim({
    zk: `zk://${connectString(zookeeperEnsemble())}/mesos`,
    masters: 3,
    agents: 2,
    args: ["--session-timeout", "3000", "--restart-delay", "off"],
  });
  const { getControlPlane } = await import("@/lib/server/collector/control-plane");
  plane = getControlPlane();
  await plane.ready();
}, 180_000);

afterAll(async () => {
  await plane?.close();
  await sim?.stop();
  await Promise.all(recorders.map((recorder) => new Promise((resolve) => recorder.close(resolve))));
  const { getDb } = await import("@/lib/server/db");
  await getDb().$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe("a znode naming a host outside the allowed addresses", () => {
  it("gets no request, let alone the credentials, and counts toward nothing", async () => {
    const { registerCluster } = await import("@/lib/server/services/clusters");
    const cluster = await registerCluster({
      name: "guarded",
      zk: `zk://${connectString(zookeeperEnsemble())}/mesos`,
      httpAuth: { username: "ops", password: "s3cret-password" },
      allowedMasters: ["127.0.0.1", "localhost"],
    });
    await waitFor("the real leader's state", () => (stateOf(cluster.id).poll.status === "ok" ? true : undefined));
    const before = received.length;
    await writeZnode("/mesos", "json.info_0000099999", masterInfo(ATTACKER_HOST, attackerPort));
    const listed = await waitFor("the foreign znode listed", () =>
      stateOf(cluster.id).masters.find((m) => m.id === "json.info_0000099999"),
    );
    // Twelve seconds: the issue measured 6 deliveries of the credentials in that time before the allowlist.
    await sleep(12_000);
    const state = stateOf(cluster.id);
    const foreign = state.masters.find((m) => m.id === "json.info_0000099999");
    expect(received.slice(before)).toEqual([]);
    expect(listed).toMatchObject({ hostname: ATTACKER_HOST, url: null });
    expect(foreign).toMatchObject({ url: null, blocked: "outside the allowed addresses", reachable: null });
    expect(state.poll.status).toBe("ok");
    expect(state.leader?.id).not.toBe("json.info_0000099999");
    const { clusterHealth } = await import("@/lib/client/cluster-health");
    expect(clusterHealth(state, null)).toMatchObject({ mastersTotal: 3, mastersUp: 3 });
  }, 60_000);

  it("refuses credentials without an allowlist, saying why, and changes nothing", async () => {
    const { registerCluster } = await import("@/lib/server/services/clusters");
    await expect(
      registerCluster({
        name: "unguarded",
        zk: `zk://${connectString(zookeeperEnsemble())}/mesos`,
        httpAuth: { username: "ops", password: "pw" },
      }),
    ).rejects.toMatchObject({ code: "invalid_input", message: /allowedMasters is required with httpAuth/ });
    const { listClusters } = await import("@/lib/server/clusters/repository");
    expect((await listClusters()).map((c) => c.name)).not.toContain("unguarded");
  });
});

describe("a hostname that would choose the request's path", () => {
  it("does not decode, and nothing is requested for it", async () => {
    const { registerCluster } = await import("@/lib/server/services/clusters");
    const cluster = await registerCluster({ name: "ssrf", zk: `zk://${connectString(zookeeperEnsemble())}/ssrf` });
    const before = received.length;
    await writeZnode("/ssrf", "json.info_0000000001", masterInfo(`${PATH_HOST}/secret-path#`, 5050, PATH_HOST));
    await writeZnode("/ssrf", "json.info_0000000002", masterInfo("169.254.169.254", 80, "169.254.169.254"));
    await waitFor("both znodes listed", () => (stateOf(cluster.id).masters.length === 2 ? true : undefined));
    await sleep(12_000);
    const [pathChooser, metadata] = stateOf(cluster.id).masters;
    expect(received.slice(before).map((r) => `${r.host}${r.path}`)).toEqual([]);
    expect(pathChooser).toMatchObject({ url: null, error: expect.stringMatching(/hostname .* is not a host name/) });
    expect(metadata).toMatchObject({ url: null, blocked: expect.stringContaining("link-local") });
    // The leader is ZooKeeper's lowest sequence, but its address is unknown: no redirect.
    const { leaderRedirect } = await import("@/lib/server/services/leader-redirect");
    await expect(leaderRedirect(cluster.id)).rejects.toMatchObject({ code: "no_leader" });
  }, 60_000);
});

describe("a forged leader at a valid address (no allowlist)", () => {
  it("is not a redirect target until it answers as the leading master, and its answers are not echoed", async () => {
    const { registerCluster } = await import("@/lib/server/services/clusters");
    const cluster = await registerCluster({ name: "forged", zk: `zk://${connectString(zookeeperEnsemble())}/forged` });
    await writeZnode("/forged", "json.info_0000000000", masterInfo(ATTACKER_HOST, attackerPort));
    await waitFor("the forged leader polled", () => (stateOf(cluster.id).poll.status === "failed" ? true : undefined));
    const { leaderRedirect } = await import("@/lib/server/services/leader-redirect");
    await expect(leaderRedirect(cluster.id)).rejects.toMatchObject({ code: "leader_not_verified" });
    const { masterDetails } = await import("@/lib/server/services/master-details");
    const details = await masterDetails(cluster.id, "json.info_0000000000");
    expect(JSON.stringify(details)).not.toContain(SECRET_BODY);
    expect(JSON.stringify(stateOf(cluster.id))).not.toContain(SECRET_BODY);
  }, 60_000);
});

describe("a znode naming a host that answers /health but is no Mesos master (no allowlist)", () => {
  it("does not count as a running master for the quorum guard", async () => {
    const { registerCluster } = await import("@/lib/server/services/clusters");
    // The first test left json.info_0000099999 under /mesos, naming the recorder, which answers anything with 200.
    const cluster = await registerCluster({ name: "impostor", zk: `zk://${connectString(zookeeperEnsemble())}/mesos` });
    const fake = await waitFor("the fake master judged", () =>
      stateOf(cluster.id).masters.find((m) => m.id === "json.info_0000099999" && m.impostor !== null),
    );
    expect(fake).toMatchObject({ reachable: true, impostor: expect.stringContaining("not a Mesos master") });
    const { guardAction, guardMastersOf } = await import("@/lib/shared/quorum");
    const state = stateOf(cluster.id);
    const counted = guardMastersOf(state.masters);
    expect(counted.find((m) => m.id === fake.id)?.reachable).toBe(false);
    // Four listed, so a majority quorum of 3: with the fake counted as running, stopping a real master would pass.
    const standby = state.masters.find((m) => !m.isLeader && m.id !== fake.id && m.reachable);
    const decision = guardAction("stop", standby?.id ?? "", counted, null);
    expect(decision).toMatchObject({ allowed: false, quorum: 3, runningAfter: 2 });
  }, 60_000);
});
