// A real OpenSSH server (Debian's openssh-server) on a loopback port for one test file, with a fresh host key
// and a client key authorised for the current user, kept in a key directory of its own (what SSH_KEY_DIR names
// for the dashboard); stopped by process id.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import path from "node:path";
import { freePorts, isPortFree, terminate } from "@/scripts/testbed";

export interface RunningSshd {
  port: number;
  user: string;
  clientKeyPath: string;
  /** The directory that holds the client key and nothing else: the dashboard's SSH_KEY_DIR in the tests. */
  keyDir: string;
  /** The host key's fingerprint as `ssh-keygen -lf` prints it (SHA256:...). */
  hostKeyFingerprint: string;
  stop(): Promise<void>;
}

export async function startSshd(dir: string): Promise<RunningSshd> {
  mkdirSync(dir, { recursive: true });
  mkdirSync("/run/sshd", { recursive: true }); // privilege separation directory sshd insists on
  const hostKey = path.join(dir, "host_key");
  const keyDir = path.join(dir, "keys");
  mkdirSync(keyDir, { mode: 0o700 });
  const clientKey = path.join(keyDir, "client_key");
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", hostKey]);
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", clientKey]);
  writeFileSync(path.join(dir, "authorized_keys"), readFileSync(`${clientKey}.pub`), { mode: 0o600 });
  const fingerprint = execFileSync("ssh-keygen", ["-lf", `${hostKey}.pub`], { encoding: "utf8" }).split(" ")[1] ?? "";
  const [port] = await freePorts(1);
  if (port === undefined) throw new Error("no free port");
  const config = path.join(dir, "sshd_config");
  writeFileSync(
    config,
    [
      `Port ${port}`,
      "ListenAddress 127.0.0.1",
      `HostKey ${hostKey}`,
      `PidFile ${path.join(dir, "sshd.pid")}`,
      `AuthorizedKeysFile ${path.join(dir, "authorized_keys")}`,
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "PubkeyAuthentication yes",
      "PermitRootLogin prohibit-password",
      "UsePAM no",
      "StrictModes no",
      "",
    ].join("\n"),
  );
  const child: ChildProcess = spawn("/usr/sbin/sshd", ["-D", "-e", "-f", config], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    log += chunk.toString();
  });
  for (let i = 0; i < 100 && (await isPortFree(port)); i++) {
    if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode}: ${log}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    user: userInfo().username,
    clientKeyPath: clientKey,
    keyDir,
    hostKeyFingerprint: fingerprint,
    async stop() {
      if (child.pid !== undefined && child.exitCode === null) await terminate(child.pid, 5_000);
    },
  };
}
