import "server-only";
// The one interface behind which masters are stopped and started: the simulator's control API, or SSH to the
// master's host running the cluster's service commands. Every run returns what was done and what it printed.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { Client } from "ssh2";
import { type MasterAction, commandLine } from "@/lib/shared/service-commands";
import { type ControllerConfig, type SshControllerConfig, commandsOf } from "@/lib/shared/controller-config";
import type { ActionCommand } from "@/lib/shared/actions";
import { checkKeyPath, sshKeyDir } from "./key-path";

export interface ControlTarget {
  /** The master's znode name (or URL for static clusters), for the record. */
  id: string;
  host: string;
  port: number;
  /** `http://host:port`, the master's own address. */
  url: string;
}

/** What one command did, as the action's steps show it. */
export type CommandRecord = ActionCommand;

export class ControllerError extends Error {
  constructor(
    message: string,
    readonly record: CommandRecord | null = null,
    /** An SSH host key seen but not pinned: what an admin may pin. */
    readonly unpinnedHostKey: { address: string; fingerprint: string } | null = null,
  ) {
    super(message);
    this.name = "ControllerError";
  }
}

export interface MasterController {
  run(action: MasterAction, target: ControlTarget): Promise<CommandRecord>;
}

const MAX_OUTPUT = 64 * 1024;

function capped(text: string): string {
  return text.length > MAX_OUTPUT ? `${text.slice(0, MAX_OUTPUT)}\n[output cut at ${MAX_OUTPUT} characters]` : text;
}

/** OpenSSH's fingerprint of a host key: `SHA256:` and the unpadded base64 of its SHA-256. */
export function sshFingerprint(key: Buffer): string {
  return `SHA256:${createHash("sha256").update(key).digest("base64").replace(/=+$/, "")}`;
}

class SimController implements MasterController {
  constructor(private readonly url: string) {}

  async run(action: MasterAction, target: ControlTarget): Promise<CommandRecord> {
    const started = Date.now();
    const list = await fetch(`${this.url}/masters`, { signal: AbortSignal.timeout(5_000) }).catch((error: unknown) => {
      throw new ControllerError(
        `the simulator's control API at ${this.url} does not answer: ${(error as Error).message}`,
      );
    });
    const masters = (await list.json()) as { id: string; url: string }[];
    const master = masters.find((m) => m.url === target.url);
    if (!master) throw new ControllerError(`the simulator at ${this.url} runs no master at ${target.url}`);
    const command = `POST /masters/${master.id}/${action}`;
    const response = await fetch(`${this.url}/masters/${encodeURIComponent(master.id)}/${action}`, {
      method: "POST",
      signal: AbortSignal.timeout(15_000),
    });
    const record: CommandRecord = {
      controller: "sim",
      via: this.url,
      command,
      exitCode: response.ok ? 0 : response.status,
      output: capped(await response.text()),
      durationMs: Date.now() - started,
    };
    if (!response.ok)
      throw new ControllerError(`${command} answered HTTP ${response.status}: ${record.output.slice(0, 200)}`, record);
    return record;
  }
}

class SshController implements MasterController {
  constructor(private readonly config: SshControllerConfig) {}

  private async privateKey(): Promise<string | Buffer> {
    if (this.config.privateKey) return this.config.privateKey;
    const path = this.config.privateKeyPath ?? "";
    // Checked again here, not only when the cluster was saved: the file may have become a link since, or the
    // operator may have moved SSH_KEY_DIR. What is read is the checked real path, not the link.
    const check = await checkKeyPath(path, sshKeyDir());
    if (!check.ok) throw new ControllerError(`refusing the private key: ${check.reason}`);
    try {
      return await readFile(/* turbopackIgnore: true */ check.file); // an admin-chosen key file, not part of the app
    } catch (error) {
      throw new ControllerError(`cannot read the private key ${path}: ${(error as Error).message}`);
    }
  }

  async run(action: MasterAction, target: ControlTarget): Promise<CommandRecord> {
    const override = this.config.hosts[`${target.host}:${target.port}`];
    const host = override?.host ?? target.host;
    const port = override?.port ?? this.config.port;
    const address = `${host}:${port}`;
    const via = `${this.config.user}@${address}`;
    // A host from ZooKeeper (or an override) that starts with "-" would read as an option to ssh-like commands that
    // take `{host}`, e.g. `-oProxyCommand=...`: never run anything for it.
    for (const name of [target.host, host])
      if (name.startsWith("-"))
        throw new ControllerError(
          `refusing the host ${JSON.stringify(name.slice(0, 64))}: a host name cannot start with "-"`,
        );
    const command = commandLine(commandsOf(this.config)[action], { host: target.host, port: target.port });
    const privateKey = await this.privateKey();
    const pinned = this.config.hostKeys[address];
    const started = Date.now();
    let presented: string | null = null;

    return new Promise<CommandRecord>((resolve, reject) => {
      const client = new Client();
      let settled = false;
      const finish = (error: ControllerError | null, record?: CommandRecord) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        client.end();
        if (error) reject(error);
        else if (record) resolve(record);
      };
      const timer = setTimeout(
        () => finish(new ControllerError(`${via}: "${command}" did not finish within ${this.config.timeoutMs} ms`)),
        this.config.timeoutMs,
      );
      client.on("error", (error) => {
        if (presented && !pinned) {
          finish(
            new ControllerError(
              `the SSH host key of ${address} is not pinned: it presents ${presented}. An admin must check and pin it before commands run there.`,
              null,
              { address, fingerprint: presented },
            ),
          );
        } else if (presented && pinned && presented !== pinned) {
          finish(
            new ControllerError(
              `host key mismatch for ${address}: pinned ${pinned}, presented ${presented}. Refusing to connect (a reinstalled host, or someone in between).`,
            ),
          );
        } else {
          finish(new ControllerError(`${via}: ${error.message}`));
        }
      });
      client.on("ready", () => {
        client.exec(command, (error, stream) => {
          if (error) return finish(new ControllerError(`${via}: could not run "${command}": ${error.message}`));
          let output = "";
          const append = (chunk: Buffer) => {
            if (output.length < MAX_OUTPUT * 2) output += chunk.toString("utf8");
          };
          stream.on("data", append);
          stream.stderr.on("data", append);
          stream.on("close", (code: number | null) => {
            const record: CommandRecord = {
              controller: "ssh",
              via,
              command,
              exitCode: code ?? null,
              output: capped(output),
              durationMs: Date.now() - started,
            };
            if (code === 0) finish(null, record);
            else
              finish(
                new ControllerError(
                  `${via}: "${command}" exited with ${code ?? "a signal"}${output ? `: ${output.trim().slice(0, 200)}` : ""}`,
                  record,
                ),
              );
          });
        });
      });
      client.connect({
        host,
        port,
        username: this.config.user,
        privateKey,
        readyTimeout: Math.min(this.config.timeoutMs, 20_000),
        hostVerifier: (key: Buffer) => {
          presented = sshFingerprint(key);
          return pinned !== undefined && presented === pinned;
        },
      });
    });
  }
}

export function createController(config: ControllerConfig): MasterController {
  return config.type === "sim" ? new SimController(config.url) : new SshController(config);
}
