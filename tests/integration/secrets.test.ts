// Secrets are stored encrypted and never come back through the API's views.
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, expect, it } from "vitest";

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "secrets-test-"));
  process.env.DATABASE_URL = `file:${path.join(dir, "dashboard.db")}`;
  delete process.env.DASHBOARD_SECRET_KEY;
});

afterAll(async () => {
  const { getDb } = await import("@/lib/server/db");
  await getDb().$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const SECRETS = ["ZkS3cretPassword", "HttpS3cretPassword", "SECRET-KEY-MATERIAL-1234"];

it("encrypts ZooKeeper, HTTP and SSH secrets at rest with a key file created on first use, and keeps them out of views", async () => {
  const { createCluster, getClusterRow, storedController, storedHttpAuth, toClusterView, updateCluster, zkUrlOf } =
    await import("@/lib/server/clusters/repository");
  const created = await createCluster({
    name: "secret",
    zk: "zk://mesos:ZkS3cretPassword@127.0.0.1:2181/mesos",
    httpAuth: { username: "ops", password: "HttpS3cretPassword" },
    allowedMasters: ["127.0.0.1"],
    controller: {
      type: "ssh",
      user: "mesos",
      port: 22,
      privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nSECRET-KEY-MATERIAL-1234\n-----END OPENSSH PRIVATE KEY-----",
      commands: { preset: "systemd" },
      hostKeys: {},
      hosts: {},
      timeoutMs: 60_000,
    },
  });
  const shown = JSON.stringify(created);
  for (const secret of SECRETS) expect(shown).not.toContain(secret);
  expect(created.zk).toBe("zk://***:***@127.0.0.1:2181/mesos");
  expect(created.httpAuth).toEqual({ username: "ops" });
  expect(created.controller).toMatchObject({ type: "ssh", hasStoredKey: true });

  const raw = new Database(path.join(dir, "dashboard.db"), { readonly: true });
  const dump = JSON.stringify(raw.prepare("SELECT * FROM Cluster").all());
  raw.close();
  for (const secret of SECRETS) expect(dump).not.toContain(secret);
  expect(dump).toContain("enc:v2:");
  const keyFile = path.join(dir, "secret.key");
  expect(readFileSync(keyFile, "utf8")).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  expect(statSync(keyFile).mode & 0o777).toBe(0o600);

  const row = await getClusterRow(created.id);
  if (!row) throw new Error("no row");
  expect(zkUrlOf(row)).toBe("zk://mesos:ZkS3cretPassword@127.0.0.1:2181/mesos");
  expect(storedHttpAuth(row)).toEqual({ username: "ops", password: "HttpS3cretPassword" });
  expect(storedController(row)).toMatchObject({ privateKey: expect.stringContaining("SECRET-KEY-MATERIAL-1234") });

  // Sent back as shown, the definition keeps every stored secret.
  const updated = await updateCluster(created.id, {
    name: "secret",
    zk: created.zk ?? "",
    httpAuth: { username: "ops" },
    description: "edited",
  });
  for (const secret of SECRETS) expect(JSON.stringify(updated)).not.toContain(secret);
  const after = await getClusterRow(created.id);
  if (!after) throw new Error("no row");
  expect(zkUrlOf(after)).toBe("zk://mesos:ZkS3cretPassword@127.0.0.1:2181/mesos");
  expect(storedHttpAuth(after)?.password).toBe("HttpS3cretPassword");
  expect(JSON.stringify(toClusterView(after))).not.toContain("S3cret");
});
