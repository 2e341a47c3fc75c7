import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, create, getData, zookeeper } from "@/lib/zk/promises";
import { fourLetterWord, parseSrvr } from "@/lib/zk/four-letter-words";
import {
  freePorts,
  isPortFree,
  isRunning,
  type Ensemble,
  connectString,
  ensembleStatus,
  startEnsemble,
  startServer,
  stopEnsemble,
  stopServer,
} from "@/scripts/testbed";

/** Retries `attempt` until it succeeds: a ZooKeeper client may need a moment to move to another server. */
async function eventually<T>(attempt: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(250);
    }
  }
}

describe("a real 3-server ZooKeeper ensemble", () => {
  let dir: string;
  let ensemble: Ensemble;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "zk-ensemble-"));
    ensemble = await startEnsemble({ dir, clientPorts: await freePorts(3) });
  });

  afterAll(async () => {
    if (ensemble) await stopEnsemble(ensemble);
    rmSync(dir, { recursive: true, force: true });
  });

  it("elects exactly one leader and answers srvr on every server", async () => {
    const status = await ensembleStatus(ensemble);
    expect(status.map((s) => s.running)).toEqual([true, true, true]);
    expect(status.filter((s) => s.mode === "leader")).toHaveLength(1);
    expect(status.filter((s) => s.mode === "follower")).toHaveLength(2);
    const first = ensemble.servers[0];
    if (!first) throw new Error("no servers");
    expect(parseSrvr(await fourLetterWord(ensemble.host, first.clientPort, "srvr")).version).toMatch(/^3\.8\./);
  });

  it("stores and returns a znode, and keeps answering with its leader stopped", async () => {
    const client = await connect(connectString(ensemble));
    try {
      await create(client, "/it-before", Buffer.from("written with 3 servers"));
      expect((await getData(client, "/it-before")).data?.toString()).toBe("written with 3 servers");

      const leader = (await ensembleStatus(ensemble)).find((s) => s.mode === "leader");
      if (!leader?.pid) throw new Error("no leader");
      await stopServer(ensemble, leader.id);
      expect(isRunning(leader.pid)).toBe(false);

      await eventually(() => create(client, "/it-after", Buffer.from("written with 2 servers")));
      expect((await getData(client, "/it-after")).data?.toString()).toBe("written with 2 servers");
      expect((await getData(client, "/it-before")).data?.toString()).toBe("written with 3 servers");

      const remaining = (await ensembleStatus(ensemble)).filter((s) => s.running);
      expect(remaining).toHaveLength(2);
      expect(remaining.filter((s) => s.mode === "leader")).toHaveLength(1);

      await startServer(ensemble, leader.id);
      const back = (await ensembleStatus(ensemble)).find((s) => s.id === leader.id);
      expect(back?.mode).toBe("follower");
    } finally {
      client.close();
    }
  });

  it("keeps an ephemeral znode only as long as its session", async () => {
    const owner = await connect(connectString(ensemble), { sessionTimeout: 2000 });
    const reader = await connect(connectString(ensemble));
    try {
      await create(owner, "/it-ephemeral", null, zookeeper.CreateMode.EPHEMERAL);
      expect((await getData(reader, "/it-ephemeral")).stat.ephemeralOwner.length).toBe(8);
      owner.close();
      await eventually(async () => {
        const exists = await getData(reader, "/it-ephemeral").then(
          () => true,
          () => false,
        );
        if (exists) throw new Error("still there");
      }, 10_000);
    } finally {
      reader.close();
    }
  });

  it("stops every server it started, by process id", async () => {
    const pids = ensemble.servers.map((s) => s.pid).filter((pid): pid is number => pid !== null);
    expect(pids).toHaveLength(3);
    await stopEnsemble(ensemble);
    expect(pids.map(isRunning)).toEqual([false, false, false]);
    for (const server of ensemble.servers) expect(await isPortFree(server.clientPort)).toBe(true);
  });
});
