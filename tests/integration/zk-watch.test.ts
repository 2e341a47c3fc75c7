import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MembersSnapshot, type ZkConnection, ZkEnsemble } from "@/lib/zk/ensemble";
import { leaderMember } from "@/lib/zk/masters";
import { connect, create, mkdirp, zookeeper } from "@/lib/zk/promises";
import {
  connectString,
  ensembleStatus,
  startServer,
  stopServer,
  type RunningSim,
  startSim,
  waitFor,
} from "@/scripts/testbed";
import { zookeeperForThisFile } from "../helpers/zk";

const ROOT = path.resolve(import.meta.dirname, "../..");
const zookeeperEnsemble = zookeeperForThisFile("zk-watch");
let dir: string;
let sim: RunningSim;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "zk-watch-files-"));
  sim = await startSim({
    zk: `zk://${connectString(zookeeperEnsemble())}/mesos`,
    agents: 2,
    args: ["--session-timeout", "2000", "--restart-delay", "off"],
  });
});

afterAll(async () => {
  await sim?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("ZkEnsemble", () => {
  it("lists the masters with the right leader, follows changes, and keeps undecodable znodes with the reason", async () => {
    const watcher = new ZkEnsemble(connectString(zookeeperEnsemble()));
    const snapshots: MembersSnapshot[] = [];
    watcher.watchMembers("/mesos", (s) => snapshots.push(s));
    watcher.start();
    try {
      const first = await waitFor("3 members", () => snapshots.find((s) => s.members.length === 3));
      const leaderUrl = sim.ready.masters.find((m) => m.id === sim.ready.leader)?.url;
      const leader = leaderMember(first.members);
      expect(leader?.decoded && `http://${leader.ip}:${leader.port}`).toBe(leaderUrl);

      const garbage = await connect(connectString(zookeeperEnsemble()), { sessionTimeout: 2000 });
      await create(garbage, "/mesos/json.info_", Buffer.from("not json"), zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL);
      const withGarbage = await waitFor("the garbage member", () => snapshots.find((s) => s.members.length === 4));
      expect(withGarbage.members.find((m) => !m.decoded)).toMatchObject({ decoded: false, format: "json" });
      garbage.close();
      await waitFor("the garbage member gone", () => (snapshots.at(-1)?.members.length === 3 ? true : undefined));

      const follower = sim.ready.masters.find((m) => m.id !== sim.ready.leader);
      await sim.control("POST", `/masters/${follower?.id}/stop`);
      await waitFor(
        "the stopped master's znode to expire",
        () => (snapshots.at(-1)?.members.length === 2 ? true : undefined),
        15_000,
      );
    } finally {
      watcher.close();
    }
  });

  it("reports losing and regaining ZooKeeper, and lists the members again afterwards", async () => {
    const watcher = new ZkEnsemble(connectString(zookeeperEnsemble()), { sessionTimeoutMs: 20_000 });
    const connections: ZkConnection[] = [];
    const snapshots: MembersSnapshot[] = [];
    watcher.on("connection", (c: ZkConnection) => connections.push(c));
    watcher.watchMembers("/mesos", (s) => snapshots.push(s));
    watcher.start();
    try {
      await waitFor("connected", () => (connections.includes("connected") ? true : undefined));
      const running = (await ensembleStatus(zookeeperEnsemble())).filter((s) => s.running).map((s) => s.id);
      const cut = running.slice(1);
      for (const id of cut) await stopServer(zookeeperEnsemble(), id);
      await waitFor("disconnected", () => (connections.at(-1) === "disconnected" ? true : undefined), 20_000);
      const seen = snapshots.length;
      for (const id of cut) await startServer(zookeeperEnsemble(), id);
      await waitFor("connected again", () => (connections.at(-1) === "connected" ? true : undefined), 30_000);
      await waitFor("a fresh listing", () => (snapshots.length > seen ? true : undefined), 10_000);
      expect(connections).not.toContain("expired");
    } finally {
      watcher.close();
    }
  });

  it("reports a path that does not exist yet, then its first member", async () => {
    const watcher = new ZkEnsemble(connectString(zookeeperEnsemble()));
    const snapshots: MembersSnapshot[] = [];
    watcher.watchMembers("/later", (s) => snapshots.push(s));
    watcher.start();
    try {
      await waitFor("the missing path", () => snapshots.find((s) => !s.pathExists));
      const client = await connect(connectString(zookeeperEnsemble()));
      await mkdirp(client, "/later");
      await create(client, "/later/json.info_", Buffer.from(""), zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL);
      await waitFor("the first member", () => snapshots.find((s) => s.pathExists && s.members.length === 1));
      client.close();
    } finally {
      watcher.close();
    }
  });
});

describe("npm run resolve (like mesos-resolve)", () => {
  const resolve = (...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", "scripts/resolve.ts", ...args], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 30_000,
    });

  it("prints the leader's ip:port and exits 0", async () => {
    const leaderUrl = await waitFor("a leader", async () => {
      const masters = (await sim.control<{ url: string; leader: boolean; state: string }[]>("GET", "/masters")).body;
      return masters.find((m) => m.leader && m.state === "running")?.url;
    });
    const result = resolve(`zk://${connectString(zookeeperEnsemble())}/mesos`);
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(new URL(leaderUrl).host);
    const file = path.join(dir, "master");
    writeFileSync(file, `zk://${connectString(zookeeperEnsemble())}/mesos\n`);
    expect(resolve(`file://${file}`).stdout.trim()).toBe(new URL(leaderUrl).host);
  });

  it("exits 255 with Mesos' message when no master leads within the timeout", () => {
    const started = Date.now();
    const result = resolve("--timeout=1secs", `zk://${connectString(zookeeperEnsemble())}/nobody`);
    expect(result.status).toBe(255);
    expect(result.stderr).toContain(
      `Failed to detect master from 'zk://${connectString(zookeeperEnsemble())}/nobody' within 1secs`,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it("echoes a standalone master and rejects what is no master address", () => {
    expect(resolve("master@10.0.0.1:5050").stdout.trim()).toBe("10.0.0.1:5050");
    expect(resolve("10.0.0.1:5050").stdout.trim()).toBe("10.0.0.1:5050");
    expect(resolve("zk://10.0.0.1:2181/").status).toBe(1);
  });
});
