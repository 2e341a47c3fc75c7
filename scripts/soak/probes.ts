// Watching the dashboard from outside while faults run: VmRSS every 3 s, /api/health and a cluster's state every
// second (5 s deadline each), and a TCP listener on another loopback address that hostile znodes name as a master.
import net from "node:net";
import type { ApiProbe, ListenerHit, RssSample } from "./log";

const MAX_RECORDS = 50_000;

export interface ProbeTargets {
  /** VmRSS of the server now, or null while none runs. */
  rssKiB(): number | null;
  incarnation(): number;
  health(): Promise<Response>;
  state(): Promise<Response>;
}

export class Probes {
  readonly rss: RssSample[] = [];
  readonly api: ApiProbe[] = [];
  private timers: NodeJS.Timeout[] = [];
  private inFlight = new Set<string>();

  constructor(private readonly targets: ProbeTargets) {}

  start(): void {
    this.timers.push(
      setInterval(() => {
        void this.probe("health", () => this.targets.health());
        void this.probe("state", () => this.targets.state());
      }, 1_000),
      setInterval(() => {
        const rssKiB = this.targets.rssKiB();
        if (rssKiB !== null && this.rss.length < MAX_RECORDS)
          this.rss.push({ at: Date.now(), incarnation: this.targets.incarnation(), rssKiB });
      }, 3_000),
    );
  }

  private async probe(what: ApiProbe["what"], request: () => Promise<Response>): Promise<void> {
    if (this.inFlight.has(what) || this.api.length >= MAX_RECORDS) return;
    this.inFlight.add(what);
    const at = Date.now();
    try {
      const response = await request();
      await response.arrayBuffer();
      this.api.push({ at, what, ok: response.ok, status: response.status, ms: Date.now() - at });
    } catch (error) {
      this.api.push({ at, what, ok: false, status: null, ms: Date.now() - at, error: String(error) });
    } finally {
      this.inFlight.delete(what);
    }
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }
}

export interface RecordingListener {
  address: string;
  host: string;
  port: number;
  hits: ListenerHit[];
  close(): Promise<void>;
}

/** Answers every request with 404 and records its request line and whether it carried an Authorization header. */
export function startListener(host: string): Promise<RecordingListener> {
  const hits: ListenerHit[] = [];
  const server = net.createServer((socket) => {
    let head = "";
    socket.setTimeout(5_000, () => socket.destroy());
    socket.on("error", () => undefined);
    socket.on("data", (chunk) => {
      if (head.includes("\r\n\r\n") || head.length > 16_384) return;
      head += chunk.toString("latin1");
      if (!head.includes("\r\n\r\n") && head.length <= 16_384) return;
      if (hits.length < MAX_RECORDS)
        hits.push({
          at: Date.now(),
          requestLine: head.split("\r\n")[0]?.slice(0, 200) ?? "",
          authorization: /^authorization:/im.test(head),
        });
      socket.end("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({
        address: `${host}:${port}`,
        host,
        port,
        hits,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
