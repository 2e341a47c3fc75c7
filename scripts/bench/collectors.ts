// The benchmark's collectors: the dashboard's control plane in processes of their own (monitor-process.ts), one
// following the event stream and one polling, read through the lines they print; and a subscriber of the benchmark's
// own on the leader, which says when the leader sent each kind of event.
import { type ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { RecordIoDecoder } from "@/lib/mesos/recordio";
import { masterIo } from "@/lib/server/monitor/monitor-io";
import { modelOfGetState } from "@/lib/server/monitor/state-read";
import { checkCall } from "@/lib/server/monitor/stream-checks";
import { v1Subscribe } from "@/lib/server/monitor/v1-http";

export interface Line {
  at: number;
  kind: string;
  [key: string]: unknown;
}

export class Collector {
  readonly lines: Line[] = [];
  private waiters: (() => void)[] = [];
  constructor(
    readonly mode: "stream" | "poll",
    readonly child: ChildProcess,
  ) {
    if (!child.stdout) throw new Error("the collector was started without a stdout pipe");
    createInterface({ input: child.stdout }).on("line", (text) => {
      try {
        this.lines.push(JSON.parse(text) as Line);
      } catch {
        return; // a log line of the collector, not ours
      }
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  latest(kind: string): Line | undefined {
    for (let i = this.lines.length - 1; i >= 0; i--) if (this.lines[i]?.kind === kind) return this.lines[i];
    return undefined;
  }

  /** The first line after `since` for which `test` holds, or null after the timeout. */
  async first(test: (line: Line) => boolean, since: number, timeoutMs: number): Promise<Line | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines.find((l) => l.at >= since && test(l));
      if (found) return found;
      if (Date.now() > deadline) return null;
      await Promise.race([new Promise<void>((wake) => this.waiters.push(wake)), sleep(200)]);
    }
  }

  async stats(): Promise<Line> {
    const asked = Date.now();
    this.child.stdin?.write("stats\n");
    const line = await this.first((l) => l.kind === "stats", asked, 10_000);
    if (!line) throw new Error(`the ${this.mode} collector did not report its stats`);
    return line;
  }
}

export function startCollector(mode: "stream" | "poll", zk: string, dir: string, agents: number): Collector {
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/bench/monitor-process.ts"],
    {
      env: {
        ...process.env,
        BENCH_ZK: zk,
        BENCH_NAME: `bench-${mode}-${agents}`,
        DATABASE_URL: `file:${path.join(dir, `${mode}-${agents}.db`)}`,
        MONITOR_STREAM: mode === "stream" ? "on" : "off",
        NODE_ENV: "production",
      },
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  return new Collector(mode, child);
}

/** Our own subscriber on the leader: when each event type last arrived. */
export async function referenceSubscriber(leaderUrl: string) {
  const seen = new Map<string, number>();
  const decoder = new RecordIoDecoder();
  const answer = await v1Subscribe(
    leaderUrl,
    { auth: null, timeoutMs: 60_000, encoding: "json" },
    {
      onChunk: (chunk) => {
        for (const record of decoder.push(chunk).records) {
          // Only the type is needed: read it from the record's head rather than parsing a 40 MB SUBSCRIBED.
          const head = Buffer.from(record.subarray(0, 64)).toString();
          const type = /"type":"([A-Z_]+)"/.exec(head)?.[1];
          if (type) seen.set(type, Date.now());
        }
      },
      onEnd: () => undefined,
    },
  );
  if (answer.kind !== "open") throw new Error(`SUBSCRIBE on ${leaderUrl} answered ${answer.kind}`);
  return { seen, close: answer.close };
}

export interface FullRead {
  /** As sent: gzipped, since the reconcile asks for it and a master gzips a whole body when asked. */
  bytes: number;
  inflatedBytes: number;
  cpuSeconds: number;
  wallMs: number;
}

/**
 * One GET_STATE read the way the stream reader's reconcile reads it (protobuf, in parts: lib/server/monitor/state-read.ts),
 * in this process while nothing else runs in it: what each reconcile costs the dashboard.
 */
export async function measureFullRead(leaderUrl: string): Promise<FullRead> {
  const cpu = process.cpuUsage();
  const started = Date.now();
  const answer = await masterIo.call(leaderUrl, checkCall("GET_STATE"), {
    auth: null,
    encoding: "protobuf",
    timeoutMs: 120_000,
    maxBytes: 256 * 1024 * 1024,
  });
  if (answer.kind !== "ok") throw new Error(`GET_STATE on ${leaderUrl} answered ${answer.kind}`);
  const model = await modelOfGetState(answer.body, answer.encoding, {}, masterIo.decodeResponse);
  if (!model.ok) throw new Error(`GET_STATE did not decode: ${model.error}`);
  const used = process.cpuUsage(cpu);
  return {
    bytes: answer.bytesOnWire,
    inflatedBytes: answer.body.byteLength,
    cpuSeconds: (used.user + used.system) / 1e6,
    wallMs: Date.now() - started,
  };
}

/** The bytes of one answer as the master sends it (node:http leaves a gzipped body as it is). */
function bytesSent(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers }, (response) => {
      let bytes = 0;
      response.on("data", (chunk: Buffer) => (bytes += chunk.byteLength));
      response.on("end", () => resolve(bytes));
      response.on("error", reject);
    });
    request.on("error", reject);
  });
}

/**
 * One `/master/state` as the poller reads it (no Accept-Encoding: the whole JSON) and as a browser running the stock
 * UI reads it (browsers ask for gzip, and a master gzips a whole body when asked).
 */
export async function masterStateSizes(leaderUrl: string): Promise<{ bytes: number; gzipBytes: number; ms: number }> {
  const started = Date.now();
  const bytes = await bytesSent(`${leaderUrl}/master/state`, {});
  const ms = Date.now() - started;
  const gzipBytes = await bytesSent(`${leaderUrl}/master/state`, { "Accept-Encoding": "gzip, deflate" });
  return { bytes, gzipBytes, ms };
}
