// The ssh controller against a real OpenSSH server on loopback with key authentication: its commands stop, start
// and restart a simulated master on "this host", a wrong or unpinned host key is refused, and so are a key file
// outside SSH_KEY_DIR (also through a link) and a host that starts with "-".
import { chmodSync, copyFileSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ControlTarget, ControllerError, createController } from "@/lib/server/control/controller";
import { controllerSchema } from "@/lib/shared/controller-config";
import { connectString, type RunningSim, startSim, waitFor } from "@/scripts/testbed";
import { type RunningSshd, startSshd } from "../helpers/sshd";
import { zookeeperForThisFile } from "../helpers/zk";

const zookeeperEnsemble = zookeeperForThisFile("ssh-test");
let dir: string;
let sshd: RunningSshd;
let sim: RunningSim;
let service = "";

interface SimMaster {
  id: string;
  url: string;
  state: string;
  znode: string | null;
  sequence: number | null;
  leader: boolean;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "ssh-test-"));
  sshd = await startSshd(path.join(dir, "sshd"));
  process.env.SSH_KEY_DIR = sshd.keyDir; // read when the controller connects
  sim = await startSim({
    zk: `zk://${connectString(zookeeperEnsemble())}/mesos`,
    masters: 3,
    agents: 3,
    args: ["--session-timeout", "3000", "--restart-delay", "off"],
  });
  // The "service manager" of this host for its simulated masters: like `systemctl <action> mesos-master` for
  // the master on <port>, it asks the simulator's control API.
  service = path.join(dir, "mesos-master-service.mjs");
  writeFileSync(
    service,
    `#!${process.execPath}
const [action, port] = process.argv.slice(2);
const control = ${JSON.stringify(sim.ready.control)};
const masters = await (await fetch(control + "/masters")).json();
const master = masters.find((m) => new URL(m.url).port === port);
if (!master) { console.error("no mesos-master on port " + port); process.exit(5); }
const response = await fetch(control + "/masters/" + master.id + "/" + action, { method: "POST" });
console.log(action + " mesos-master on port " + port + ": HTTP " + response.status);
process.exit(response.ok ? 0 : 1);
`,
  );
  chmodSync(service, 0o755);
}, 120_000);

afterAll(async () => {
  delete process.env.SSH_KEY_DIR;
  await sim?.stop();
  await sshd?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function controller(hostKeys: Record<string, string>, privateKeyPath = sshd.clientKeyPath) {
  return createController(
    controllerSchema.parse({
      type: "ssh",
      user: sshd.user,
      port: sshd.port,
      privateKeyPath,
      hostKeys,
      commands: {
        stop: [service, "stop", "{port}"],
        start: [service, "start", "{port}"],
        restart: [service, "restart", "{port}"],
      },
    }),
  );
}

async function masters(): Promise<SimMaster[]> {
  return (await sim.control<SimMaster[]>("GET", "/masters")).body;
}

function targetOf(master: SimMaster): ControlTarget {
  const url = new URL(master.url);
  return { id: master.znode ?? master.id, host: url.hostname, port: Number(url.port), url: master.url };
}

describe("the ssh controller", () => {
  it("stops, starts and restarts a master through its host's service command, keeping output and exit status", async () => {
    const pinned = { [`127.0.0.1:${sshd.port}`]: sshd.hostKeyFingerprint };
    const standby = (await masters()).find((m) => !m.leader && m.state === "running");
    if (!standby) throw new Error("no standby");
    const stop = await controller(pinned).run("stop", targetOf(standby));
    expect(stop).toMatchObject({ controller: "ssh", via: `${sshd.user}@127.0.0.1:${sshd.port}`, exitCode: 0 });
    expect(stop.command).toBe(`'${service}' 'stop' '${new URL(standby.url).port}'`);
    expect(stop.output).toContain("HTTP 200");
    await waitFor("the master stopped", async () =>
      (await masters()).find((m) => m.id === standby.id)?.state === "stopped" ? true : undefined,
    );

    const start = await controller(pinned).run("start", targetOf(standby));
    expect(start.exitCode).toBe(0);
    const back = await waitFor(
      "the master back in ZooKeeper",
      async () => {
        const m = (await masters()).find((x) => x.id === standby.id);
        return m?.state === "running" && m.sequence !== null && m.sequence > (standby.sequence ?? 0) ? m : undefined;
      },
      30_000,
    );

    const restart = await controller(pinned).run("restart", targetOf(back));
    expect(restart.exitCode).toBe(0);
    await waitFor(
      "a new sequence after the restart",
      async () => {
        const m = (await masters()).find((x) => x.id === standby.id);
        return m?.state === "running" && (m.sequence ?? 0) > (back.sequence ?? 0) ? true : undefined;
      },
      30_000,
    );
  });

  it("keeps a failing command's output and exit status", async () => {
    const pinned = { [`127.0.0.1:${sshd.port}`]: sshd.hostKeyFingerprint };
    const error = await controller(pinned)
      .run("stop", { id: "nowhere", host: "127.0.0.1", port: 1, url: "http://127.0.0.1:1" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ControllerError);
    expect((error as ControllerError).record).toMatchObject({
      exitCode: 5,
      output: expect.stringContaining("no mesos-master on port 1"),
    });
  });

  it("refuses a host whose key does not match the pinned fingerprint, and runs nothing", async () => {
    const before = await masters();
    const leader = before.find((m) => m.leader);
    if (!leader) throw new Error("no leader");
    const wrong = { [`127.0.0.1:${sshd.port}`]: `SHA256:${"A".repeat(43)}` };
    await expect(controller(wrong).run("stop", targetOf(leader))).rejects.toThrow(
      /host key mismatch for 127\.0\.0\.1:\d+: pinned SHA256:A{43}, presented SHA256:/,
    );
    expect((await masters()).find((m) => m.id === leader.id)?.state).toBe("running");
  });

  it("refuses an unpinned host and reports the fingerprint an admin may pin", async () => {
    const leader = (await masters()).find((m) => m.leader);
    if (!leader) throw new Error("no leader");
    const error = await controller({})
      .run("stop", targetOf(leader))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ControllerError);
    expect((error as ControllerError).unpinnedHostKey).toEqual({
      address: `127.0.0.1:${sshd.port}`,
      fingerprint: sshd.hostKeyFingerprint,
    });
    expect((await masters()).find((m) => m.id === leader.id)?.state).toBe("running");
  });

  it("refuses a key file outside SSH_KEY_DIR, also through a link inside it, and every key file without it", async () => {
    const pinned = { [`127.0.0.1:${sshd.port}`]: sshd.hostKeyFingerprint };
    const leader = (await masters()).find((m) => m.leader);
    if (!leader) throw new Error("no leader");
    // The same, working key, copied outside the directory: a file the server can read, but not one it may use.
    const outside = path.join(dir, "server_identity");
    copyFileSync(sshd.clientKeyPath, outside);
    const link = path.join(sshd.keyDir, "looks-inside");
    symlinkSync(outside, link);
    await expect(controller(pinned, outside).run("stop", targetOf(leader))).rejects.toThrow(
      `refusing the private key: the key file ${outside} is not inside SSH_KEY_DIR (${sshd.keyDir})`,
    );
    await expect(controller(pinned, link).run("stop", targetOf(leader))).rejects.toThrow(
      `refusing the private key: the key file ${link} is not inside SSH_KEY_DIR (${sshd.keyDir}): it resolves to ${outside}`,
    );
    delete process.env.SSH_KEY_DIR;
    try {
      await expect(controller(pinned).run("stop", targetOf(leader))).rejects.toThrow(
        /refusing the private key: SSH key files are turned off on this server: its operator must set SSH_KEY_DIR/,
      );
    } finally {
      process.env.SSH_KEY_DIR = sshd.keyDir;
    }
    expect((await masters()).find((m) => m.id === leader.id)?.state).toBe("running");
  });

  it("refuses a master host that starts with '-' and runs nothing", async () => {
    const pinned = { [`127.0.0.1:${sshd.port}`]: sshd.hostKeyFingerprint };
    const marker = path.join(dir, "host-as-option");
    // `{host}` is what ZooKeeper named; a master whose host reads as an option must not reach any command line.
    const touch = createController(
      controllerSchema.parse({
        type: "ssh",
        user: sshd.user,
        port: sshd.port,
        privateKeyPath: sshd.clientKeyPath,
        hostKeys: pinned,
        commands: { stop: ["touch", marker, "{host}"], start: ["true"], restart: ["true"] },
      }),
    );
    // A name the host pattern allows; as an argument of touch it is an option ("do not create the file").
    const target = { id: "hostile", host: "--no-create", port: 5050, url: "http://x:5050" };
    await expect(touch.run("stop", target)).rejects.toThrow(
      'refusing the host "--no-create": a host name cannot start with "-"',
    );
    expect(existsSync(marker)).toBe(false);
    // The same controller runs for a host that does not start with "-" (here the SSH server itself).
    await touch.run("stop", { ...target, host: "127.0.0.1" });
    expect(existsSync(marker)).toBe(true);
  });
});
