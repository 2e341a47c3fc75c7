// Mesos' ZooKeeper group, as masters and agents use it: a detector that watches the members under the --zk path
// (one-shot watches, re-armed on every notification) and reads the leader's data
// (docs/mesos/zookeeper.md#how-the-leader-is-chosen), and a contender that joins with an ephemeral sequential znode.
// Sessions are never closed on exit, as Mesos never closes them (docs/mesos/failover.md#sigterm-and-sigkill).
import { createRequire } from "node:module";
import type { Client } from "node-zookeeper-client";
import { decodeMasterZnode } from "../lib/mesos/master-info";
import { memberNames } from "../lib/zk/masters";
import { connect, getData, zookeeper } from "../lib/zk/promises";
import { type ZkUrl, zkConnectString } from "../lib/zk/url";

const require = createRequire(import.meta.url);

export interface DetectedLeader {
  znode: string;
  sequence: number;
  id: string;
  pid: string;
  hostname: string;
  ip: string;
  port: number;
}

export interface GroupHandlers {
  /** The lowest-sequence member changed (null: no member at all). */
  leader(leader: DetectedLeader | null): void;
  /** The session expired, or stayed disconnected for a whole session timeout (Mesos' GroupProcess::timedout). */
  lost(reason: string): void;
  log(line: string): void;
}

export async function openSession(zk: ZkUrl, sessionTimeoutMs: number): Promise<Client> {
  const client = await connect(zkConnectString(zk), { sessionTimeout: sessionTimeoutMs, timeoutMs: 15_000 });
  if (zk.credentials)
    client.addAuthInfo("digest", Buffer.from(`${zk.credentials.username}:${zk.credentials.password}`));
  return client;
}

export class LeaderDetector {
  private lastLeader: string | null | undefined = undefined;
  private disconnectTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    readonly client: Client,
    private readonly path: string,
    private readonly sessionTimeoutMs: number,
    private readonly handlers: GroupHandlers,
  ) {
    client.on("state", (state) => {
      if (this.stopped) return;
      if (state === zookeeper.State.EXPIRED) this.lose("ZooKeeper session expired");
      else if (state === zookeeper.State.DISCONNECTED) {
        this.disconnectTimer ??= setTimeout(
          () => this.lose("Timed out waiting to connect to ZooKeeper"),
          this.sessionTimeoutMs,
        );
      } else if (state === zookeeper.State.SYNC_CONNECTED && this.disconnectTimer) {
        clearTimeout(this.disconnectTimer);
        this.disconnectTimer = null;
      }
    });
  }

  start(): void {
    void this.watch();
  }

  /** Stops reacting; the session itself is left to expire, unless `close` is true. */
  stop(close: boolean): void {
    this.stopped = true;
    if (this.disconnectTimer) clearTimeout(this.disconnectTimer);
    if (close) this.client.close();
  }

  /** Like Mesos' "Forcing ZooKeeper session expiration": the old session is abandoned, so it cannot come back
   * with its ephemeral znodes once ZooKeeper is reachable again. */
  private lose(reason: string): void {
    if (this.stopped) return;
    this.stop(true);
    this.handlers.lost(reason);
  }

  private async watch(): Promise<void> {
    if (this.stopped) return;
    let children: string[];
    try {
      children = await new Promise<string[]>((resolve, reject) =>
        this.client.getChildren(
          this.path,
          () => void this.watch(),
          (error, names) => (error ? reject(error) : resolve(names)),
        ),
      );
    } catch (error) {
      if (!this.stopped) setTimeout(() => void this.watch(), 500).unref();
      this.handlers.log(`listing ${this.path} failed: ${String(error)}`);
      return;
    }
    const lowest = memberNames(children)[0];
    if ((lowest?.znode ?? null) === this.lastLeader) return;
    if (!lowest) {
      this.lastLeader = null;
      this.handlers.leader(null);
      return;
    }
    try {
      const { data } = await getData(this.client, `${this.path}/${lowest.znode}`);
      const decoded = decodeMasterZnode(lowest.znode, data);
      if (!decoded.ok) throw new Error(`Failed to parse data of ${lowest.znode}: ${decoded.error}`);
      if (this.stopped) return;
      this.lastLeader = lowest.znode;
      const m = decoded.master;
      this.handlers.leader({
        znode: m.znode,
        sequence: m.sequence,
        id: m.id ?? "",
        pid: m.pid ?? `master@${m.ip}:${m.port}`,
        hostname: m.hostname,
        ip: m.ip,
        port: m.port,
      });
    } catch (error) {
      // The leader's znode vanished between the listing and the read (a race Mesos retries too), or it is unreadable.
      this.handlers.log(`reading leader ${lowest.znode}: ${String(error)}`);
      if (!this.stopped) setTimeout(() => void this.watch(), 200).unref();
    }
  }
}

interface JuteModule {
  OP_CODES: { CREATE: number };
  protocol: {
    RequestHeader: new () => { type: number };
    CreateRequest: new () => { path: string; acl: unknown[]; flags: number; data?: Buffer };
  };
  Request: new (header: unknown, payload: unknown) => unknown;
}
type QueueingClient = Client & {
  connectionManager: {
    queue(request: unknown, cb: (error: Error | null, response: { payload: { path: string } }) => void): void;
  };
};

/**
 * Creates an ephemeral sequential znode named `<prefix><10 digits>`. Masters up to 0.16 and log replicas join with
 * no label, so the prefix ends in "/": the server accepts that, node-zookeeper-client's path check does not, so this
 * one request is built the way the client builds it, without the check.
 */
export function createEphemeralSequential(
  client: Client,
  prefix: string,
  data: Buffer,
  acls: InstanceType<typeof zookeeper.ACL>[],
): Promise<string> {
  if (!prefix.endsWith("/")) {
    return new Promise((resolve, reject) =>
      client.create(prefix, data, acls, zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL, (error, path) =>
        error ? reject(new Error(String(error))) : resolve(path),
      ),
    );
  }
  const jute = require("node-zookeeper-client/lib/jute") as JuteModule;
  const header = new jute.protocol.RequestHeader();
  header.type = jute.OP_CODES.CREATE;
  const payload = new jute.protocol.CreateRequest();
  payload.path = prefix;
  payload.acl = acls.map((acl) => (acl as unknown as { toRecord(): unknown }).toRecord());
  payload.flags = zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL;
  payload.data = Buffer.from(data);
  return new Promise((resolve, reject) =>
    (client as QueueingClient).connectionManager.queue(new jute.Request(header, payload), (error, response) =>
      error ? reject(new Error(String(error))) : resolve(response.payload.path),
    ),
  );
}

/**
 * Mesos' ACL: open when the URL carries no credentials, else EVERYONE_READ_CREATOR_ALL
 * (docs/mesos/zookeeper.md#znodes-under-the-zk-path).
 */
export function masterAcls(zk: ZkUrl): InstanceType<typeof zookeeper.ACL>[] {
  const anyone = new zookeeper.Id("world", "anyone");
  if (!zk.credentials) return [new zookeeper.ACL(zookeeper.Permission.ALL, anyone)];
  return [
    new zookeeper.ACL(zookeeper.Permission.READ, anyone),
    new zookeeper.ACL(zookeeper.Permission.ALL, new zookeeper.Id("auth", "")),
  ];
}
