// Masters and znodes that send what no one should: the monitor shows each as an error state, stays within its
// limits, and keeps following everything else.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClusterStateView } from "@/lib/shared/cluster-state";
import type { ControlPlane } from "@/lib/server/collector/control-plane";
import { connect, create, zookeeper } from "@/lib/zk/promises";
import { connectString, type RunningSim, startSim, waitFor } from "@/scripts/testbed";
import { zookeeperForThisFile } from "../helpers/zk";

const zookeeperEnsemble = zookeeperForThisFile("hostile-test");
let dir: string;
let sim: RunningSim;
let plane: ControlPlane;
let clusterId: number;

interface SimMaster {
  id: string;
  url: string;
  state: string;
  znode: string | null;
  leader: boolean;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "hostile-test-"));
  process.env.DATABASE_URL = `file:${path.join(dir, "dashboard.db")}`;
  sim = await startSim({
    zk: `zk://${connectString(zookeeperEnsemble())}/mesos`,
    masters: 3,
    agents: 3,
    args: ["--session-timeout", "3000", "--restart-delay", "off"],
  });
  const { ControlPlane } = await import("@/lib/server/collector/control-plane");
  const { settingsFromEnv } = await import("@/lib/server/monitor/settings");
  plane = new ControlPlane(
    settingsFromEnv({
      // The poller's handling of hostile answers; the event stream's is in event-stream.test.ts and the browser
      // tests (e2e/hostile-masters.spec.ts), where the fault breaks the open stream too.
      MONITOR_STREAM: "off",
      MONITOR_POLL_MS: "500",
      MONITOR_REQUEST_TIMEOUT_MS: "2000",
      MONITOR_MAX_STATE_BYTES: String(16 * 1024 * 1024),
    }),
  );
  await plane.start();
  const { createCluster } = await import("@/lib/server/clusters/repository");
  clusterId = (await createCluster({ name: "hostile", zk: `zk://${connectString(zookeeperEnsemble())}/mesos` })).id;
  await plane.sync(clusterId);
}, 180_000);

afterAll(async () => {
  await plane?.close();
  await sim?.stop();
  const { getDb } = await import("@/lib/server/db");
  await getDb().$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

function state(): ClusterStateView {
  const view = plane.state(clusterId);
  if (!view) throw new Error("not monitored");
  return view;
}

async function leader(): Promise<SimMaster> {
  return waitFor("the leader", async () =>
    (await sim.control<SimMaster[]>("GET", "/masters")).body.find((m) => m.leader && m.state === "running"),
  );
}

describe("a leader whose HTTP API misbehaves", () => {
  it.each([
    { mode: "garbage", error: /did not send JSON/ },
    { mode: "huge", error: /more than the 16777216-byte limit/ },
    { mode: "silent", error: /did not answer within 2000 ms/ },
  ])("sending $mode shows as a failed poll with the reason, and the cluster recovers", async ({ mode, error }) => {
    await waitFor(
      "a healthy poll",
      () => (state().poll.status === "ok" && state().masters.length === 3 ? true : undefined),
      30_000,
    );
    const current = await leader();
    const rssBefore = process.memoryUsage().rss;
    await sim.control("POST", `/masters/${current.id}/fault`, { mode });
    const failed = await waitFor(
      `the ${mode} fault seen`,
      () => (state().poll.status === "failed" ? state() : undefined),
      30_000,
    );
    expect(failed.poll.error).toMatch(error);
    // The rest keeps working: the leader still answers /health, ZooKeeper is followed, and the last state stays.
    expect(failed.masters.find((m) => m.isLeader)?.reachable).toBe(true);
    expect(failed.zk).toMatchObject({ status: "connected", stale: false });
    expect(failed.resources).not.toBeNull();
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
    await sim.control("POST", `/masters/${current.id}/fault`, { mode: null });
    await waitFor("the poll back", () => (state().poll.status === "ok" ? true : undefined), 30_000);
  });

  it("while one master hangs, a standby that stops is still seen leaving", async () => {
    const current = await leader();
    await sim.control("POST", `/masters/${current.id}/fault`, { mode: "silent" });
    const standby = (await sim.control<SimMaster[]>("GET", "/masters")).body.find(
      (m) => !m.leader && m.state === "running",
    );
    if (!standby) throw new Error("no standby");
    await sim.control("POST", `/masters/${standby.id}/stop`);
    await waitFor(
      "the standby gone",
      () => (state().masters.some((m) => m.id === standby.znode) ? undefined : true),
      30_000,
    );
    await sim.control("POST", `/masters/${current.id}/fault`, { mode: null });
    await sim.control("POST", `/masters/${standby.id}/start`);
  });
});

it("lists a znode of random bytes as undecodable, with the reason, and keeps the real leader", async () => {
  await waitFor(
    "three masters",
    () => (state().masters.length === 3 && state().poll.status === "ok" ? true : undefined),
    30_000,
  );
  const leaderBefore = state().leader?.id;
  const client = await connect(connectString(zookeeperEnsemble()));
  try {
    await create(client, "/mesos/json.info_", randomBytes(512), zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL);
    const view = await waitFor(
      "the random znode listed",
      () => {
        const v = state();
        return v.masters.some((m) => m.error !== null && m.url === null) ? v : undefined;
      },
      10_000,
    );
    const bad = view.masters.find((m) => m.url === null);
    expect(bad?.error).toBeTruthy();
    expect(bad?.isLeader).toBe(false);
    expect(view.leader?.id).toBe(leaderBefore);
    expect(view.poll.status).toBe("ok");
  } finally {
    client.close();
  }
});
