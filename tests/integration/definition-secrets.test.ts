// A cluster's stored secrets go only to the hosts they were given for: editing where the masters are (ZooKeeper's
// servers, the static URLs, or a wider allowlist) needs the secrets again, and a refused edit changes nothing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClusterInput } from "@/lib/shared/cluster-input";

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "definition-secrets-"));
  process.env.DATABASE_URL = `file:${path.join(dir, "dashboard.db")}`;
});

afterAll(async () => {
  const { getDb } = await import("@/lib/server/db");
  await getDb().$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const repository = () => import("@/lib/server/clusters/repository");

async function stored(id: number) {
  const { getClusterRow, storedHttpAuth, zkUrlOf } = await repository();
  const row = await getClusterRow(id);
  if (!row) throw new Error("no row");
  return { zk: zkUrlOf(row), auth: storedHttpAuth(row), updatedAt: row.updatedAt.getTime() };
}

describe("editing a ZooKeeper cluster with stored secrets", () => {
  let id: number;
  const base: ClusterInput = {
    name: "zk-secrets",
    zk: "zk://mesos:ZkPass@10.0.0.1:2181,10.0.0.2:2181/mesos",
    httpAuth: { username: "ops", password: "HttpPass" },
    allowedMasters: ["10.0.0.0/24"],
  };

  beforeAll(async () => {
    id = (await (await repository()).createCluster(base)).id;
  });

  it("keeps them when only the description changes", async () => {
    const { updateCluster } = await repository();
    const shown = "zk://***:***@10.0.0.1:2181,10.0.0.2:2181/mesos";
    await updateCluster(id, { ...base, zk: shown, httpAuth: { username: "ops" }, description: "x" });
    expect(await stored(id)).toMatchObject({ zk: base.zk, auth: { password: "HttpPass" } });
  });

  it.each<[string, Partial<ClusterInput>, RegExp]>([
    [
      "other ZooKeeper servers",
      { zk: "zk://***:***@evil.example.com:2181/mesos", httpAuth: { username: "ops", password: "HttpPass" } },
      /ZooKeeper servers changed: give the digest credentials again/,
    ],
    [
      "another path (other masters) with the HTTP password left out",
      { zk: "zk://***:***@10.0.0.1:2181,10.0.0.2:2181/other", httpAuth: { username: "ops" } },
      /masters' addresses changed: give httpAuth.password again/,
    ],
    [
      "a wider allowlist with the HTTP password left out",
      {
        zk: "zk://***:***@10.0.0.1:2181,10.0.0.2:2181/mesos",
        httpAuth: { username: "ops" },
        allowedMasters: ["10.0.0.0/24", "192.0.2.0/24"],
      },
      /allowedMasters has new entries: give httpAuth.password again/,
    ],
    [
      "no allowlist at all",
      {
        zk: "zk://***:***@10.0.0.1:2181,10.0.0.2:2181/mesos",
        httpAuth: { username: "ops", password: "HttpPass" },
        allowedMasters: null,
      },
      /allowedMasters is required with httpAuth/,
    ],
  ])("refuses %s and changes nothing", async (_what, change, message) => {
    const { updateCluster } = await repository();
    const before = await stored(id);
    await expect(updateCluster(id, { ...base, ...change })).rejects.toMatchObject({
      code: "invalid_input",
      message,
    });
    expect(await stored(id)).toEqual(before);
  });

  it("takes the new hosts with the secrets given again", async () => {
    const { updateCluster } = await repository();
    await updateCluster(id, {
      ...base,
      zk: "zk://mesos:NewZkPass@10.0.1.1:2181/mesos",
      httpAuth: { username: "ops", password: "NewHttpPass" },
      allowedMasters: ["10.0.1.0/24"],
    });
    expect(await stored(id)).toMatchObject({
      zk: "zk://mesos:NewZkPass@10.0.1.1:2181/mesos",
      auth: { password: "NewHttpPass" },
    });
  });

  it("keeps the password when the allowlist only narrows", async () => {
    const { updateCluster } = await repository();
    await updateCluster(id, {
      ...base,
      zk: "zk://***:***@10.0.1.1:2181/mesos",
      httpAuth: { username: "ops" },
      allowedMasters: ["10.0.1.7"],
    });
    expect((await stored(id)).auth?.password).toBe("NewHttpPass");
  });
});

describe("editing a static cluster with a stored password", () => {
  it("needs it again for other master URLs", async () => {
    const { createCluster, updateCluster } = await repository();
    const base: ClusterInput = {
      name: "static-secrets",
      masters: ["http://10.0.0.1:5050"],
      httpAuth: { username: "ops", password: "HttpPass" },
    };
    const { id } = await createCluster(base);
    await expect(
      updateCluster(id, { ...base, masters: ["http://evil.example.com:5050"], httpAuth: { username: "ops" } }),
    ).rejects.toMatchObject({ message: /masters' addresses changed/ });
    const withoutAuth = { ...base, masters: ["http://evil.example.com:5050"], httpAuth: undefined };
    await expect(updateCluster(id, withoutAuth)).rejects.toMatchObject({
      message: /give httpAuth again, or null to remove it/,
    });
    await updateCluster(id, {
      ...base,
      masters: ["http://10.0.0.2:5050"],
      httpAuth: { username: "ops", password: "P2" },
    });
    expect((await stored(id)).auth?.password).toBe("P2");
  });
});
