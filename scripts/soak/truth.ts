// The ground truth: the driver's own ZooKeeper client reads each cluster's path every 200 ms and on every watch
// notification, and keeps a sample whenever the members or the leader (lowest sequence, as Mesos and the dashboard
// choose it) changed. Hostile znodes are members too: the dashboard lists them, and one could lead.
import type { Client } from "node-zookeeper-client";
import { leaderOf, parseMemberName } from "../../lib/mesos/master-info";
import { connect, getChildren, zookeeper } from "../../lib/zk/promises";
import type { TruthSample } from "./log";

const INTERVAL_MS = 200;

/** The member znodes of a path's children, sorted by sequence, and the leader among them. */
export function membersOf(children: readonly string[]): { members: string[]; leader: string | null } {
  const parsed = children.flatMap((name) => {
    const member = parseMemberName(name);
    return member ? [{ name, sequence: member.sequence }] : [];
  });
  parsed.sort((a, b) => a.sequence - b.sequence);
  return { members: parsed.map((m) => m.name), leader: leaderOf(parsed)?.name ?? null };
}

export class TruthRecorder {
  readonly samples = new Map<string, TruthSample[]>();
  private client: Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private watching = new Set<string>();
  private busy = false;
  private stopped = false;
  readOk = 0;
  readFailed = 0;

  constructor(
    private readonly connectString: string,
    private readonly paths: readonly string[],
  ) {
    for (const path of paths) this.samples.set(path, []);
  }

  async start(): Promise<void> {
    await this.reconnect();
    await this.sampleAll();
    this.timer = setInterval(() => void this.sampleAll(), INTERVAL_MS);
  }

  private async reconnect(): Promise<void> {
    this.client?.close();
    this.watching.clear();
    const client = await connect(this.connectString, { sessionTimeout: 30_000, timeoutMs: 60_000 });
    client.on("state", (state) => {
      if (state !== zookeeper.State.EXPIRED || this.stopped) return;
      this.client = null;
      void this.reconnect().catch(() => undefined);
    });
    this.client = client;
  }

  latest(path: string): TruthSample | null {
    const list = this.samples.get(path);
    return list?.[list.length - 1] ?? null;
  }

  /** When the last change of any path was seen. */
  lastChangeAt(): number {
    return Math.max(0, ...this.paths.map((p) => this.latest(p)?.at ?? 0));
  }

  private async sampleAll(): Promise<void> {
    if (this.busy || this.stopped || !this.client) return;
    this.busy = true;
    try {
      for (const path of this.paths) await this.sample(this.client, path);
    } finally {
      this.busy = false;
    }
  }

  private async sample(client: Client, path: string): Promise<void> {
    const at = Date.now();
    let children: string[];
    try {
      children = this.watching.has(path)
        ? await getChildren(client, path)
        : await new Promise<string[]>((resolve, reject) => {
            this.watching.add(path);
            client.getChildren(
              path,
              () => {
                this.watching.delete(path);
                void this.sampleAll();
              },
              (error, list) => (error ? reject(error) : resolve(list)),
            );
          });
      this.readOk++;
    } catch {
      this.watching.delete(path);
      this.readFailed++;
      return;
    }
    const { members, leader } = membersOf(children);
    const last = this.latest(path);
    if (last && last.leader === leader && last.members.join(",") === members.join(",")) return;
    this.samples.get(path)?.push({ at, members, leader });
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.client?.close();
    this.client = null;
  }
}
