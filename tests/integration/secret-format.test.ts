// Secrets at rest: AES-256-GCM with a full 16-byte tag and the cluster and field as associated data, so a ciphertext
// moved to another cluster or field does not decrypt; plain text and the first format are migrated at start and
// refused afterwards.
import { createCipheriv, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const KEY = randomBytes(32);
let dir: string;
let dbFile: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "secret-format-"));
  dbFile = path.join(dir, "dashboard.db");
  process.env.DATABASE_URL = `file:${dbFile}`;
  process.env.DASHBOARD_SECRET_KEY = KEY.toString("hex");
});

afterAll(async () => {
  const { getDb } = await import("@/lib/server/db");
  await getDb().$disconnect();
  rmSync(dir, { recursive: true, force: true });
  delete process.env.DASHBOARD_SECRET_KEY;
});

/** Runs SQL on the database file directly, as someone with write access to it would. */
function sql<T>(statement: string, ...params: unknown[]): T[] {
  const db = new Database(dbFile);
  try {
    const prepared = db.prepare(statement);
    return prepared.reader ? (prepared.all(...params) as T[]) : (prepared.run(...params), []);
  } finally {
    db.close();
  }
}

/** The first format, as the previous release wrote it: GCM without associated data. */
function firstFormat(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", KEY, iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `enc:v1:${iv.toString("base64")}:${cipher.getAuthTag().toString("base64")}:${data.toString("base64")}`;
}

const repository = () => import("@/lib/server/clusters/repository");

async function rowOf(id: number) {
  const row = await (await repository()).getClusterRow(id);
  if (!row) throw new Error(`no cluster ${id}`);
  return row;
}

async function twoClusters() {
  const { createCluster } = await repository();
  const stamp = Date.now();
  const a = await createCluster({
    name: `a-${stamp}`,
    zk: "zk://mesos:ZkA@127.0.0.1:2181/a",
    httpAuth: { username: "ops", password: "PasswordA" },
    allowedMasters: ["127.0.0.1"],
  });
  const b = await createCluster({
    name: `b-${stamp}`,
    zk: "zk://mesos:ZkB@127.0.0.1:2181/b",
    httpAuth: { username: "ops", password: "PasswordB" },
    allowedMasters: ["127.0.0.1"],
  });
  return { a: a.id, b: b.id };
}

describe("the current format", () => {
  it("is written for every secret, and reads back", async () => {
    const { a } = await twoClusters();
    const raw = sql<{ zkUrl: string; httpAuth: string }>("SELECT zkUrl, httpAuth FROM Cluster WHERE id = ?", a)[0];
    expect(raw?.zkUrl).toMatch(/^enc:v2:/);
    expect(JSON.parse(raw?.httpAuth ?? "{}").password).toMatch(/^enc:v2:[^:]+:[A-Za-z0-9+/]{22}==:/);
    const { storedHttpAuth, zkUrlOf } = await repository();
    expect(storedHttpAuth(await rowOf(a))?.password).toBe("PasswordA");
    expect(zkUrlOf(await rowOf(a))).toBe("zk://mesos:ZkA@127.0.0.1:2181/a");
  });

  it("does not decrypt in another cluster's row or another field", async () => {
    const { a, b } = await twoClusters();
    const { storedHttpAuth, zkUrlOf } = await repository();
    sql("UPDATE Cluster SET httpAuth = (SELECT httpAuth FROM Cluster WHERE id = ?) WHERE id = ?", a, b);
    const rowB = await rowOf(b);
    expect(() => storedHttpAuth(rowB)).toThrow(/stored for another cluster or field/);
    const password = JSON.parse(
      sql<{ httpAuth: string }>("SELECT httpAuth FROM Cluster WHERE id = ?", a)[0]?.httpAuth ?? "{}",
    ).password as string;
    sql("UPDATE Cluster SET zkUrl = ? WHERE id = ?", password, a);
    const rowA = await rowOf(a);
    expect(() => zkUrlOf(rowA)).toThrow(/stored for another cluster or field/);
  });

  it("refuses a shortened tag", async () => {
    const { a } = await twoClusters();
    const { storedHttpAuth } = await repository();
    const auth = JSON.parse(
      sql<{ httpAuth: string }>("SELECT httpAuth FROM Cluster WHERE id = ?", a)[0]?.httpAuth ?? "{}",
    );
    const [iv, tag, data] = (auth.password as string).slice("enc:v2:".length).split(":");
    const short = Buffer.from(tag ?? "", "base64")
      .subarray(0, 12)
      .toString("base64");
    sql(
      "UPDATE Cluster SET httpAuth = ? WHERE id = ?",
      JSON.stringify({ ...auth, password: `enc:v2:${iv}:${short}:${data}` }),
      a,
    );
    const row = await rowOf(a);
    expect(() => storedHttpAuth(row)).toThrow(/malformed/);
  });
});

describe("older values", () => {
  it("are refused until migrated, then read in the current format", async () => {
    const { a } = await twoClusters();
    const { storedHttpAuth, zkUrlOf, storedController } = await repository();
    const updatedAt = sql<{ updatedAt: number }>("SELECT updatedAt FROM Cluster WHERE id = ?", a)[0]?.updatedAt;
    const controller = {
      type: "ssh",
      user: "mesos",
      port: 22,
      privateKey: firstFormat("KEY-MATERIAL"),
      commands: { preset: "systemd" },
      hostKeys: {},
      hosts: {},
      timeoutMs: 60_000,
    };
    sql(
      "UPDATE Cluster SET httpAuth = ?, zkUrl = ?, controller = ? WHERE id = ?",
      JSON.stringify({ username: "ops", password: "PlainPassword" }),
      firstFormat("zk://mesos:ZkOld@127.0.0.1:2181/a"),
      JSON.stringify(controller),
      a,
    );
    const old = await rowOf(a);
    expect(() => storedHttpAuth(old)).toThrow(/not in the current encrypted format/);
    expect(() => zkUrlOf(old)).toThrow(/not in the current encrypted format/);
    expect(() => storedController(old)).toThrow(/not in the current encrypted format/);

    const { migrateStoredSecrets } = await import("@/lib/server/clusters/secret-migration");
    expect(await migrateStoredSecrets()).toBeGreaterThanOrEqual(1);
    const row = await rowOf(a);
    expect(storedHttpAuth(row)?.password).toBe("PlainPassword");
    expect(zkUrlOf(row)).toBe("zk://mesos:ZkOld@127.0.0.1:2181/a");
    expect(storedController(row)).toMatchObject({ privateKey: "KEY-MATERIAL" });
    expect(JSON.stringify(sql("SELECT * FROM Cluster WHERE id = ?", a))).not.toMatch(/PlainPassword|enc:v1:/);
    expect(sql<{ updatedAt: number }>("SELECT updatedAt FROM Cluster WHERE id = ?", a)[0]?.updatedAt).toBe(updatedAt);
    expect(await migrateStoredSecrets()).toBe(0);
  });
});
