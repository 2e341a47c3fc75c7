// Hostile member znodes: created by the driver's own ZooKeeper session with ZooKeeper's sequential create and the
// `json.info_` prefix, so their sequence is above every master's present at the time and they do not lead; removed
// after their lifetime (or with the session).
import { randomBytes } from "node:crypto";
import type { Client } from "node-zookeeper-client";
import { packIp } from "../../lib/mesos/master-info";
import { ZkError, connect, create, remove, zookeeper } from "../../lib/zk/promises";
import type { HostileKind } from "./faults";

/** The JSON a 1.x master writes, naming `hostname` and `ip` at `port`; `padding` makes it big. */
function masterInfoJson(hostname: string, ip: string, port: number, padding = 0): Buffer {
  const info: Record<string, unknown> = {
    address: { hostname, ip, port },
    hostname,
    id: `soak-hostile-${randomBytes(4).toString("hex")}`,
    ip: packIp(ip),
    pid: `master@${ip}:${port}`,
    port,
    version: "1.11.0",
  };
  if (padding > 0) info.padding = "x".repeat(padding);
  return Buffer.from(JSON.stringify(info));
}

/** The znode's data, and whether it names the recording listener. */
export function hostileData(
  kind: HostileKind,
  listener: { host: string; port: number },
): { data: Buffer; namesListener: boolean } {
  switch (kind) {
    case "garbage-bytes":
      return { data: randomBytes(512), namesListener: false };
    case "oversized":
      // Under ZooKeeper's 1 MiB jute.maxbuffer, which refuses anything bigger; a valid MasterInfo otherwise.
      return { data: masterInfoJson(listener.host, listener.host, listener.port, 1_000_000), namesListener: true };
    case "path-in-hostname":
      return {
        data: masterInfoJson(`${listener.host}/secret-path#`, listener.host, listener.port),
        namesListener: true,
      };
    case "link-local":
      return { data: masterInfoJson("169.254.169.254", "169.254.169.254", 80), namesListener: false };
    case "foreign-host":
      return { data: masterInfoJson(listener.host, listener.host, listener.port), namesListener: true };
  }
}

export interface LiveHostile {
  path: string;
  kind: HostileKind;
  removeAt: number;
}

export class HostileZnodes {
  readonly live: LiveHostile[] = [];
  private client: Client | null = null;
  namingListener = 0;

  constructor(
    private readonly connectString: string,
    private readonly listener: { host: string; port: number },
  ) {}

  private async session(): Promise<Client> {
    const state = this.client?.getState();
    if (this.client && state !== zookeeper.State.EXPIRED && state !== zookeeper.State.DISCONNECTED) return this.client;
    this.client?.close();
    this.client = await connect(this.connectString, { sessionTimeout: 30_000, timeoutMs: 20_000 });
    return this.client;
  }

  async create(parent: string, kind: HostileKind, lifetimeMs: number): Promise<string> {
    const { data, namesListener } = hostileData(kind, this.listener);
    const path = await create(
      await this.session(),
      `${parent}/json.info_`,
      data,
      zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL,
    );
    if (namesListener) this.namingListener++;
    this.live.push({ path, kind, removeAt: Date.now() + lifetimeMs });
    return path;
  }

  /** Removes those whose time has come (all with `everything`); a znode already gone is no error. */
  async removeDue(everything = false): Promise<string[]> {
    const due = this.live.filter((h) => everything || h.removeAt <= Date.now());
    const removed: string[] = [];
    for (const hostile of due) {
      try {
        await remove(await this.session(), hostile.path);
        removed.push(hostile.path);
      } catch (error) {
        // Gone with an expired session: done. ZooKeeper without quorum: tried again next time.
        const gone = error instanceof ZkError && error.code === zookeeper.Exception.NO_NODE;
        if (!gone && !everything) continue;
      }
      this.live.splice(this.live.indexOf(hostile), 1);
    }
    return removed;
  }

  close(): void {
    this.client?.close();
    this.client = null;
  }
}
