// npm run bench: the event stream against polling, side by side in one run (docs/benchmarks.md). For each cluster size
// a real ZooKeeper ensemble, a simulated 1.11 cluster with task churn, two collectors in processes of their own on the
// same cluster (one following the event stream, one polling), and the dashboard itself (its production server,
// following the stream) with two Chromium tabs on the cluster page. Probes add an agent and fail a task; a subscriber
// of our own on the leader says when the leader told its subscribers. Then a standby goes and comes back (P1), 1, 50
// and 200 viewers watch (P3), and the leader is SIGKILLed (P2). Bounded: about 10 minutes. Every process it starts is
// stopped by id at the end, on failure and on Ctrl-C.
import { type ChildProcess, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Browser } from "@playwright/test";
import { buildIsCurrent, build, sourceFingerprint } from "../demo-build";
import { type RunningSim, type ScratchEnsemble, connectString, startScratchEnsemble, startSim } from "../testbed";
import { type Line, masterStateSizes, measureFullRead, referenceSubscriber, startCollector } from "./collectors";
import { BenchDashboard, Tab, launchBrowser, loggedInContext } from "./dashboard";
import { leaderKill, membershipLatencies, viewerLoad } from "./dashboard-figures";
import { probeOnce } from "./probes";
import {
  type BenchResult,
  type DashboardResult,
  type ModeResult,
  SETTLE_AFTER_READING_MS,
  latency,
  mb,
  renderBenchmarks,
  stockUiModel,
} from "./report";
import { ZnodeWatch } from "./znodes";
import { settingsFromEnv } from "@/lib/server/monitor/settings";

const ROOT = path.resolve(import.meta.dirname, "../..");
process.chdir(ROOT);
const say = (message: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

const SIZES = (process.env.BENCH_SIZES ?? "2000,10000").split(",").map(Number);
const CHURN_PER_S = 5;
const VIEWERS = [1, 50, 200];
const VIEWER_WINDOW_MS = 10_000;
const MIN_WINDOW_MS = 90_000;
/**
 * The simulated masters' ZooKeeper session timeout. A real master keeps its session from a thread of its own while its
 * actor serializes a big SUBSCRIBED; a simulated master is one JavaScript thread, which at 10,000 agents is busy long
 * enough to lose a 10 s session, so it gets 30 s.
 */
const sessionTimeoutMs = (agents: number) => (agents >= 5_000 ? 30_000 : 10_000);

const running: {
  sims: RunningSim[];
  ensemble: ScratchEnsemble | null;
  children: ChildProcess[];
  dashboards: BenchDashboard[];
  browser: Browser | null;
  znodes: ZnodeWatch | null;
} = { sims: [], ensemble: null, children: [], dashboards: [], browser: null, znodes: null };

async function stopEverything(): Promise<void> {
  await running.browser?.close().catch(() => undefined);
  running.znodes?.stop();
  for (const dashboard of running.dashboards) dashboard.kill();
  for (const child of running.children) child.kill("SIGKILL");
  for (const sim of running.sims) await sim.stop().catch(() => undefined);
  await running.ensemble?.stop().catch(() => undefined);
}

process.on("SIGINT", () => void stopEverything().finally(() => process.exit(130)));

async function measureSize(agents: number, ensemble: ScratchEnsemble, dir: string): Promise<BenchResult> {
  const zk = `zk://${connectString(ensemble.ensemble)}/bench-${agents}`;
  const probes = 3;
  say(`${agents} agents, ${agents * 10} tasks, churn ${CHURN_PER_S}/s: starting the simulator`);
  const sim = await startSim({
    zk,
    masters: 3,
    agents,
    mesosVersion: "1.11.0",
    timeoutMs: 180_000,
    args: [
      ...["--tasks", String(agents * 10), "--task-churn", String(CHURN_PER_S), "--seed", "7"],
      ...["--session-timeout", String(sessionTimeoutMs(agents))],
    ],
  });
  running.sims.push(sim);
  const leaderId = sim.ready.leader;
  const leaderUrl = sim.ready.masters.find((m) => m.id === leaderId)?.url;
  const standbyId = sim.ready.masters.find((m) => m.id !== leaderId)?.id;
  if (!leaderId || !leaderUrl || !standbyId) throw new Error("the simulator reported no leader and standby");
  const { bytes: stateBytes, gzipBytes: stateGzipBytes, ms: stateMs } = await masterStateSizes(leaderUrl);
  say("simulator up; starting the collectors and the dashboard");
  const collectors = [startCollector("stream", zk, dir, agents), startCollector("poll", zk, dir, agents)];
  running.children.push(...collectors.map((c) => c.child));
  const dashboard = await BenchDashboard.start({ dir, zk, name: `bench-dashboard-${agents}`, log: () => undefined });
  running.dashboards.push(dashboard);
  // Measured while the collectors read their first state: it takes this process's CPU only, and the time overlaps.
  say("one GET_STATE read as the reconcile reads it");
  const fullRead = await measureFullRead(leaderUrl);
  say(
    `GET_STATE: ${mb(fullRead.bytes)} (${mb(fullRead.inflatedBytes)} inflated), ${fullRead.cpuSeconds.toFixed(1)} s CPU`,
  );
  let streamReadingAt = Date.now();
  for (const c of collectors) {
    const ok = await c.first((l) => l.kind === "view" && l.status === "ok", 0, 120_000);
    if (!ok) {
      const seen = JSON.stringify(c.latest("view") ?? null);
      throw new Error(`the ${c.mode} collector did not read the cluster within 120 s; its last view: ${seen}`);
    }
    if (c.mode === "stream") streamReadingAt = ok.at;
  }
  say("collectors reading; opening the tabs");
  // P8: what a browser downloads to open the agents page, then the cluster page in two tabs that stay open.
  const browser = (running.browser ??= await launchBrowser());
  const context = await loggedInContext(browser, dashboard);
  const agentsPage = await Tab.open(context, `/clusters/${dashboard.clusterId}/agents`, "[data-testid=agent-row]");
  await agentsPage.tab.page.close();
  const opened = [
    await Tab.open(context, `/clusters/${dashboard.clusterId}`, "[data-testid=agent-counts]"),
    await Tab.open(context, `/clusters/${dashboard.clusterId}`, "[data-testid=agent-counts]"),
  ];
  const tabs = opened.map((o) => o.tab);
  for (const tab of tabs) await tab.watch();
  const reference = await referenceSubscriber(leaderUrl);
  // Settled: the poller past its first reads, and the stream past SUBSCRIBED and the garbage collections that follow
  // it (V8 gives back the heap reading it took some 40 s later); what that costs is reported on its own.
  await sleep(Math.max(5_000, streamReadingAt + SETTLE_AFTER_READING_MS - Date.now()));
  const begin = await Promise.all(collectors.map((c) => c.stats()));
  const dashboardBegin = await dashboard.stats();
  const tabBytesBegin = tabs.map((t) => t.downloaded);
  const started = Date.now();
  const latencies: Record<"stream" | "poll" | "tabs", { agent: number[]; task: number[] }> = {
    stream: { agent: [], task: [] },
    poll: { agent: [], task: [] },
    tabs: { agent: [], task: [] },
  };
  for (let probe = 0; probe < probes; probe++) {
    const times = await probeOnce(sim, collectors, tabs, reference.seen, CHURN_PER_S);
    const record = (kind: "agent" | "task") =>
      times[kind].forEach((ms, i) => {
        const who = collectors[i]?.mode ?? "tabs";
        if (ms !== null) latencies[who][kind].push(ms);
      });
    record("agent");
    record("task");
    const shown = (values: (number | null)[]) => values.map((v) => v ?? "timeout").join(" / ");
    say(
      `probe ${probe + 1}/${probes}: agent ${shown(times.agent)} ms, task ${shown(times.task)} ms (stream / poll / tabs)`,
    );
    await sleep(2_000);
  }
  // CPU and bytes need a window of some length: at 2,000 agents the probes take half a minute.
  await sleep(Math.max(0, started + MIN_WINDOW_MS - Date.now()));
  const end = await Promise.all(collectors.map((c) => c.stats()));
  const dashboardEnd = await dashboard.stats();
  const minutes = (Date.now() - started) / 60_000;
  const tabBytesPerMinute = tabs.map((t, i) => (t.downloaded - (tabBytesBegin[i] ?? 0)) / minutes);
  reference.close();
  const modes = collectors.map((c, i): ModeResult => {
    const a = begin[i] as Line;
    const b = end[i] as Line;
    const lat = latencies[c.mode];
    return {
      mode: c.mode,
      agentVisibleMs: latency(lat.agent),
      taskVisibleMs: latency(lat.task),
      bytesPerHour: ((Number(b.bytesRead) - Number(a.bytesRead)) / minutes) * 60,
      requestsPerMinute: (Number(b.requests) - Number(a.requests)) / minutes,
      cpuSecondsPerMinute: (Number(b.cpuUs) - Number(a.cpuUs)) / 1e6 / minutes,
      startupCpuSeconds: Number(a.cpuUs) / 1e6,
      rssMiB: Number(b.rss) / 1024 / 1024,
    };
  });
  for (const c of collectors) {
    c.child.stdin?.write("stop\n");
    c.child.kill("SIGTERM");
  }
  running.children = running.children.filter((child) => !collectors.some((c) => c.child === child));

  say("P1: a standby stopped and started, seen in ZooKeeper and in both tabs");
  running.znodes = await ZnodeWatch.start(zk);
  const membership = await membershipLatencies(sim, standbyId, running.znodes, tabs, sessionTimeoutMs(agents));
  running.znodes.stop();
  running.znodes = null;
  say(`P3: ${VIEWERS.join(", ")} viewers`);
  const cookie = await dashboard.sessionCookie();
  const viewers = await viewerLoad(dashboard, cookie, VIEWERS, VIEWER_WINDOW_MS);
  say("P2: the leader SIGKILLed");
  const killed = await leaderKill(sim, leaderId, dashboard, cookie, tabs);
  await context.close();
  await dashboard.stop();
  running.dashboards = running.dashboards.filter((d) => d !== dashboard);
  await sim.stop();
  running.sims = running.sims.filter((s) => s !== sim);
  const dashboardFigures: DashboardResult = {
    agentToTabsMs: latency(latencies.tabs.agent),
    taskToTabsMs: latency(latencies.tabs.task),
    znodeToTabsMs: latency(membership),
    leaderKilled: { ...killed, zkSessionTimeoutMs: sessionTimeoutMs(agents) },
    viewers,
    browserBytes: {
      agentsPageOpen: agentsPage.openBytes,
      clusterPageOpen: opened[0]?.openBytes ?? 0,
      clusterPagePerMinute: Math.max(...tabBytesPerMinute),
    },
    cpuSecondsPerMinute: (dashboardEnd.cpuUs - dashboardBegin.cpuUs) / 1e6 / minutes,
    rssMiB: dashboardEnd.rss / 1024 / 1024,
    bytesPerHour: ((dashboardEnd.bytesRead - dashboardBegin.bytesRead) / minutes) * 60,
  };
  return {
    agents,
    tasks: agents * 10,
    churnPerSecond: CHURN_PER_S,
    minutes,
    stateBytes,
    stateGzipBytes,
    stateMs,
    modes,
    dashboard: dashboardFigures,
    fullRead,
    reconcileIntervalMs: settingsFromEnv({}).monitor.stream.reconcileIntervalMs,
    stockUi: stockUiModel(agents, stateGzipBytes),
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-"));
  const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"]).toString().trim();
  const startedAt = new Date();
  try {
    const fingerprint = sourceFingerprint();
    if (!buildIsCurrent(fingerprint)) {
      say("building the dashboard (next build), once per change of the sources");
      if ((await build(fingerprint, new AbortController().signal)) !== 0) throw new Error("next build failed");
    }
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
