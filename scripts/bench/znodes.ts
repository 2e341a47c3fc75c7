// The benchmark's own eye on ZooKeeper: the children of the masters' path, with when each change was notified, so
// that P1 runs from the znode change itself rather than from the request that caused it.
import type { Client } from "node-zookeeper-client";
import { connect } from "@/lib/zk/promises";

export interface ChildrenSeen {
  at: number;
  children: string[];
}

export class ZnodeWatch {
  readonly seen: ChildrenSeen[] = [];
  private stopped = false;

  private constructor(
    private readonly client: Client,
    private readonly path: string,
  ) {}

  /** `zk` is the cluster's zk:// URL: hosts and path. */
  static async start(zk: string): Promise<ZnodeWatch> {
    const match = /^zk:\/\/([^/]+)(\/.*)$/.exec(zk);
    if (!match?.[1] || !match[2]) throw new Error(`not a zk:// URL: ${zk}`);
    const client = await connect(match[1], { sessionTimeout: 30_000, timeoutMs: 30_000 });
    const watch = new ZnodeWatch(client, match[2]);
    await watch.read();
    return watch;
  }

  private read(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.client.getChildren(
        this.path,
        () => {
          if (!this.stopped) void this.read().catch(() => undefined);
        },
        (error, children) => {
          if (error) return reject(error);
          this.seen.push({ at: Date.now(), children: [...children].sort() });
          resolve();
        },
      );
    });
  }

  /** When the children first satisfied `test` after `since`; null after the timeout. */
  async first(test: (children: string[]) => boolean, since: number, timeoutMs: number): Promise<number | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.seen.find((s) => s.at >= since && test(s.children));
      if (found) return found.at;
      if (Date.now() > deadline) return null;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  stop(): void {
    this.stopped = true;
    this.client.close();
  }
}
