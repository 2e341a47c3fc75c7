// npm run bench: the event stream against polling, side by side in one run (docs/benchmarks.md). For each cluster size
// a real ZooKeeper ensemble, a simulated 1.11 cluster with task churn, and two collectors in processes of their own on
// the same cluster, one following the event stream and one polling; probes add an agent and fail a task, and a
// subscriber of our own on the leader says when the leader told its subscribers. Bounded: about 8 minutes. Every
// process it starts is stopped by id at the end, on failure and on Ctrl-C.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { RecordIoDecoder } from "@/lib/mesos/recordio";
import { v1Subscribe } from "@/lib/server/monitor/v1-http";
import { type RunningSim, type ScratchEnsemble, connectString, startScratchEnsemble, startSim } from "../testbed";
import { type BenchResult, type ModeResult, percentile, renderBenchmarks, stockUiModel } from "./report";

const ROOT = path.resolve(import.meta.dirname, "../..");
process.chdir(ROOT);
const say = (message: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

const SIZES = (process.env.BENCH_SIZES ?? "2000,10000").split(",").map(Number);
const CHURN_PER_S = 5;
const PROBES = 4;
const PROBE_TIMEOUT_MS = 45_000;

interface Line {
  at: number;
  kind: string;
  [key: string]: unknown;
}

class Collector {
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

const running: { sims: RunningSim[]; ensemble: ScratchEnsemble | null; children: ChildProcess[] } = {
  sims: [],
  ensemble: null,
  children: [],
};

async function stopEverything(): Promise<void> {
  for (const child of running.children) child.kill("SIGKILL");
  for (const sim of running.sims) await sim.stop().catch(() => undefined);
  await running.ensemble?.stop().catch(() => undefined);
}

process.on("SIGINT", () => void stopEverything().finally(() => process.exit(130)));

function startCollector(mode: "stream" | "poll", zk: string, dir: string, agents: number): Collector {
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
  running.children.push(child);
  return new Collector(mode, child);
}

/** Our own subscriber on the leader: when each event type last arrived. */
async function referenceSubscriber(leaderUrl: string) {
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

async function measureSize(agents: number, ensemble: ScratchEnsemble, dir: string): Promise<BenchResult> {
  const zk = `zk://${connectString(ensemble.ensemble)}/bench-${agents}`;
  say(`${agents} agents, ${agents * 10} tasks, churn ${CHURN_PER_S}/s: starting the simulator`);
  const sim = await startSim({
    zk,
    masters: 3,
    agents,
    mesosVersion: "1.11.0",
    timeoutMs: 180_000,
    args: ["--tasks", String(agents * 10), "--task-churn", String(CHURN_PER_S), "--seed", "7"],
  });
  running.sims.push(sim);
  const leaderUrl = sim.ready.masters.find((m) => m.id === sim.ready.leader)?.url;
  if (!leaderUrl) throw new Error("the simulator reported no leader");
  const stateStarted = Date.now();
  const stateBytes = (await (await fetch(`${leaderUrl}/master/state`)).arrayBuffer()).byteLength;
  const stateMs = Date.now() - stateStarted;
  const collectors = [startCollector("stream", zk, dir, agents), startCollector("poll", zk, dir, agents)];
  for (const c of collectors) {
    const ok = await c.first((l) => l.kind === "view" && l.status === "ok", 0, 120_000);
    if (!ok) {
      const seen = JSON.stringify(c.latest("view") ?? null);
      throw new Error(`the ${c.mode} collector did not read the cluster within 120 s; its last view: ${seen}`);
    }
  }
  const reference = await referenceSubscriber(leaderUrl);
  await sleep(5_000); // both settled: the poller past its first reads, the stream past SUBSCRIBED
  const begin = await Promise.all(collectors.map((c) => c.stats()));
  const started = Date.now();
  const latencies: Record<"stream" | "poll", { agent: number[]; task: number[] }> = {
    stream: { agent: [], task: [] },
    poll: { agent: [], task: [] },
  };
  for (let probe = 0; probe < PROBES; probe++) {
    // An agent added: the collectors' active count goes up by one.
    const before = collectors.map((c) => Number(c.latest("view")?.agents ?? 0));
    const asked = Date.now();
    await sim.control("POST", "/agents", { count: 1 });
    const agentSeen = await Promise.all(
      collectors.map((c, i) =>
        c.first((l) => l.kind === "view" && Number(l.agents) > (before[i] ?? 0), asked, PROBE_TIMEOUT_MS),
      ),
    );
    const agentAt = reference.seen.get("AGENT_ADDED") ?? asked;
    collectors.forEach((c, i) => {
      const line = agentSeen[i];
      if (line) latencies[c.mode].agent.push(line.at - agentAt);
    });
    // A task failed, with the churn paused so that the failed count moves only by this one.
    await sim.control("POST", "/churn", { rate: 0 });
    await sleep(1_000);
    const failedBefore = collectors.map((c) => Number(c.latest("view")?.failed ?? 0));
    const [task] = (await sim.control<{ id: string }[]>("GET", "/tasks?state=TASK_RUNNING&limit=1")).body;
    if (!task) throw new Error("no running task to fail");
    const failAsked = Date.now();
    await sim.control("POST", `/tasks/${encodeURIComponent(task.id)}/fail`);
    const taskSeen = await Promise.all(
      collectors.map((c, i) =>
        c.first((l) => l.kind === "view" && Number(l.failed) > (failedBefore[i] ?? 0), failAsked, PROBE_TIMEOUT_MS),
      ),
    );
    const taskAt = reference.seen.get("TASK_UPDATED") ?? failAsked;
    collectors.forEach((c, i) => {
      const line = taskSeen[i];
      if (line) latencies[c.mode].task.push(line.at - taskAt);
    });
    await sim.control("POST", "/churn", { rate: CHURN_PER_S });
    say(
      `probe ${probe + 1}/${PROBES}: agent ${agentSeen.map((l) => (l ? l.at - agentAt : "timeout")).join(" / ")} ms, task ${taskSeen.map((l) => (l ? l.at - taskAt : "timeout")).join(" / ")} ms (stream / poll)`,
    );
    await sleep(2_000);
  }
  const end = await Promise.all(collectors.map((c) => c.stats()));
  const minutes = (Date.now() - started) / 60_000;
  reference.close();
  const modes = collectors.map((c, i): ModeResult => {
    const a = begin[i] as Line;
    const b = end[i] as Line;
    const lat = latencies[c.mode];
    return {
      mode: c.mode,
      agentVisibleMs: { p50: percentile(lat.agent, 50), p95: percentile(lat.agent, 95), samples: lat.agent.length },
      taskVisibleMs: { p50: percentile(lat.task, 50), p95: percentile(lat.task, 95), samples: lat.task.length },
      bytesPerHour: ((Number(b.bytesRead) - Number(a.bytesRead)) / minutes) * 60,
      requestsPerMinute: (Number(b.requests) - Number(a.requests)) / minutes,
      cpuSecondsPerMinute: (Number(b.cpuUs) - Number(a.cpuUs)) / 1e6 / minutes,
      rssMiB: Number(b.rss) / 1024 / 1024,
    };
  });
  for (const c of collectors) {
    c.child.stdin?.write("stop\n");
    c.child.kill("SIGTERM");
  }
  running.children = running.children.filter((child) => !collectors.some((c) => c.child === child));
  await sim.stop();
  running.sims = running.sims.filter((s) => s !== sim);
  return {
    agents,
    tasks: agents * 10,
    churnPerSecond: CHURN_PER_S,
    minutes,
    stateBytes,
    stateMs,
    modes,
    stockUi: stockUiModel(agents, stateBytes),
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-"));
  const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"]).toString().trim();
  const startedAt = new Date();
  try {
    running.ensemble = await startScratchEnsemble("bench");
    const results: BenchResult[] = [];
    for (const agents of SIZES) results.push(await measureSize(agents, running.ensemble, dir));
    const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
    const report = { date: startedAt.toISOString(), commit, machine, results };
    writeFileSync("docs/benchmarks.json", `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync("docs/benchmarks.md", renderBenchmarks(report));
    // Formatted as every file of the repository is, so that a committed report passes `npm run lint`.
    execFileSync("npx", ["prettier", "--write", "docs/benchmarks.md", "docs/benchmarks.json"], { stdio: "ignore" });
    say(`done in ${Math.round((Date.now() - startedAt.getTime()) / 1000)} s: docs/benchmarks.md, docs/benchmarks.json`);
  } finally {
    await stopEverything();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
