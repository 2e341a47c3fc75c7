import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffMigrationsToSchema } from "@/scripts/lib/prisma-wasm-engine";

const root = path.resolve(import.meta.dirname, "../..");
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "store-test-"));
  process.env.DATABASE_URL = `file:${path.join(dir, "fresh.db")}`;
});

afterAll(async () => {
  const { getDb } = await import("@/lib/server/db");
  await getDb().$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe("the SQLite store", () => {
  it("migrates a fresh database on first use and round-trips a Cluster through Prisma", async () => {
    const { getDb, databaseFile } = await import("@/lib/server/db");
    const { createCluster, listClusters } = await import("@/lib/server/clusters/repository");
    expect(databaseFile()).toBe(path.join(dir, "fresh.db"));

    const created = await createCluster({
      name: "prod",
      zk: "zk://10.0.0.1:2181,10.0.0.2:2181/mesos",
      quorum: 2,
      description: "EU",
    });
    const row = await getDb().cluster.findUniqueOrThrow({ where: { name: "prod" } });
    expect(row).toMatchObject({
      id: created.id,
      zkUrl: "zk://10.0.0.1:2181,10.0.0.2:2181/mesos",
      quorum: 2,
      description: "EU",
      masterUrls: null,
    });
    await createCluster({ name: "lab", masters: ["http://10.0.0.9:5050"] });
    expect((await listClusters()).map((c) => [c.name, c.masters, c.quorum])).toEqual([
      ["lab", ["http://10.0.0.9:5050"], null],
      ["prod", null, 2],
    ]);
    await expect(createCluster({ name: "prod", zk: "zk://x:2181/mesos" })).rejects.toThrow(/already exists/);

    const history = new Database(path.join(dir, "fresh.db"), { readonly: true });
    const applied = history
      .prepare('SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL')
      .all();
    history.close();
    expect(applied.length).toBeGreaterThan(0);
  });

  it("keeps events append-only with monotonic ids, newest first by index", async () => {
    const { getDb } = await import("@/lib/server/db");
    const db = getDb();
    const cluster = await db.cluster.findUniqueOrThrow({ where: { name: "prod" } });
    for (const type of ["zk.connected", "master.joined", "leader.elected"]) {
      await db.clusterEvent.create({ data: { clusterId: cluster.id, type, payload: { type } } });
    }
    const events = await db.clusterEvent.findMany({ where: { clusterId: cluster.id }, orderBy: { id: "desc" } });
    expect(events.map((e) => e.type)).toEqual(["leader.elected", "master.joined", "zk.connected"]);
    expect(events[0]?.payload).toEqual({ type: "leader.elected" });
    const ids = events.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const plan = await db.$queryRawUnsafe<{ detail: string }[]>(
      `EXPLAIN QUERY PLAN SELECT * FROM ClusterEvent WHERE clusterId = ? AND type = ? AND at BETWEEN ? AND ?`,
      cluster.id,
      "x",
      0,
      1,
    );
    expect(plan.map((p) => p.detail).join(" ")).toMatch(/ClusterEvent_clusterId_type_at_idx/);
  });

  it("has migrations that produce exactly prisma/schema.prisma (checked by Prisma's own engine)", async () => {
    const drift = await diffMigrationsToSchema(
      path.join(root, "prisma/migrations"),
      path.join(root, "prisma/schema.prisma"),
    );
    expect(drift).toBe("");
  });
});
