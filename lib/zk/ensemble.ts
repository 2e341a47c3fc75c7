// One ZooKeeper client per ensemble, shared by every cluster on it, that watches the master znodes under each
// cluster's path. Watches are one-shot, so each is re-armed on every notification; on session expiry the client
// is rebuilt and every watch set again (docs/design/zookeeper-and-sse.md#zookeeper-session-expiry).
import { EventEmitter } from "node:events";
import type { Client } from "node-zookeeper-client";
import { zookeeper } from "./promises";
import { type ZkMember, memberNames, toMember } from "./masters";

export type ZkConnection = "connecting" | "connected" | "disconnected" | "expired";

export interface MembersSnapshot {
  path: string;
  /** False while the path itself does not exist (no master ever registered there). */
  pathExists: boolean;
  members: ZkMember[];
}

interface Watch {
  path: string;
  listener: (snapshot: MembersSnapshot) => void;
  cache: Map<string, ZkMember>;
  generation: number;
}

const NO_NODE = -101;

export interface ZkEnsembleOptions {
  sessionTimeoutMs?: number;
  /** Digest credentials from `zk://user:pass@...`, sent on every (re)connection. */
  credentials?: { username: string; password: string } | null;
  log?: (line: string) => void;
}

/**
 * Emits `connection` (ZkConnection) on every change and `expired` when a session expired and a new one was
 * started. Members are only reported from a live session: while disconnected, listeners keep the last snapshot.
 */
export class ZkEnsemble extends EventEmitter {
  private client: Client | null = null;
  private readonly watches = new Set<Watch>();
  private closed = false;
  connection: ZkConnection = "connecting";

  constructor(
    readonly connectString: string,
    private readonly options: ZkEnsembleOptions = {},
  ) {
    super();
  }

  start(): void {
    if (this.client || this.closed) return;
    const client = zookeeper.createClient(this.connectString, {
      sessionTimeout: this.options.sessionTimeoutMs ?? 10_000,
      spinDelay: 500,
      retries: 0,
    });
    this.client = client;
    const credentials = this.options.credentials;
    if (credentials) client.addAuthInfo("digest", Buffer.from(`${credentials.username}:${credentials.password}`));
    client.on("state", (state) => {
      if (this.client !== client) return;
      if (state === zookeeper.State.SYNC_CONNECTED) {
        this.setConnection("connected");
        for (const watch of this.watches) this.refresh(watch);
      } else if (state === zookeeper.State.DISCONNECTED) {
        this.setConnection("disconnected");
      } else if (state === zookeeper.State.EXPIRED) {
        this.setConnection("expired");
        this.options.log?.(`session on ${this.connectString} expired; starting a new one`);
        client.close();
        this.client = null;
        this.emit("expired");
        this.start();
      }
    });
    client.connect();
  }

  /** The live session's client while connected, else null: for one-off reads that must not open a session of their own. */
  session(): Client | null {
    return this.connection === "connected" ? this.client : null;
  }

  close(): void {
    this.closed = true;
    this.client?.close();
    this.client = null;
    this.watches.clear();
  }

  /** Watches the members under `path`; returns the function that stops watching. */
  watchMembers(path: string, listener: (snapshot: MembersSnapshot) => void): () => void {
    const watch: Watch = { path, listener, cache: new Map(), generation: 0 };
    this.watches.add(watch);
    if (this.connection === "connected") this.refresh(watch);
    return () => {
      this.watches.delete(watch);
    };
  }

  private setConnection(connection: ZkConnection): void {
    if (connection === this.connection) return;
    this.connection = connection;
    this.emit("connection", connection);
  }

  private refresh(watch: Watch): void {
    const client = this.client;
    if (!client || !this.watches.has(watch)) return;
    const generation = ++watch.generation;
    // Any notification (children changed, path deleted) means: list again, which also re-arms the watch.
    client.getChildren(
      watch.path,
      () => this.refresh(watch),
      (error, children) => {
        if (this.client !== client || generation !== watch.generation) return;
        if (error) {
          const code = "getCode" in error ? error.getCode() : null;
          if (code === NO_NODE) {
            // Wait for the path to be created by the first master.
            client.exists(
              watch.path,
              () => this.refresh(watch),
              (existsError, stat) => {
                if (!existsError && stat) this.refresh(watch);
                else if (!existsError) watch.listener({ path: watch.path, pathExists: false, members: [] });
              },
            );
          }
          return;
        }
        void this.read(client, watch, generation, children);
      },
    );
  }

  private async read(client: Client, watch: Watch, generation: number, children: string[]): Promise<void> {
    const names = memberNames(children);
    const present = new Set(names.map((n) => n.znode));
    for (const cached of watch.cache.keys()) if (!present.has(cached)) watch.cache.delete(cached);
    // A member znode's data never changes (ephemeral, written once), so only new ones are read.
    await Promise.all(
      names
        .filter((n) => !watch.cache.has(n.znode))
        .map(
          (n) =>
            new Promise<void>((resolve) =>
              client.getData(`${watch.path}/${n.znode}`, (error, data) => {
                const member = error ? null : toMember(n.znode, data ?? null);
                if (member) watch.cache.set(n.znode, member);
                resolve(); // a member that vanished meanwhile is simply not listed
              }),
            ),
        ),
    );
    if (this.client !== client || generation !== watch.generation) return;
    const members = names.flatMap((n) => {
      const member = watch.cache.get(n.znode);
      return member ? [member] : [];
    });
    watch.listener({ path: watch.path, pathExists: true, members });
  }
}
