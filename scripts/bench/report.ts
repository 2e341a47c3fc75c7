// The benchmark's figures and their page, docs/benchmarks.md (pure).
import { reconcileBudget, reconcileInterval } from "./reconcile-budget";

export interface Latency {
  p50: number | null;
  p95: number | null;
  samples: number;
}

export interface ModeResult {
  mode: "stream" | "poll";
  /** From the leader telling its subscribers to the collector's view showing it. */
  agentVisibleMs: Latency;
  taskVisibleMs: Latency;
  /** Bytes the collector read from the masters (every request: state, stream, probes), per hour. */
  bytesPerHour: number;
  requestsPerMinute: number;
  cpuSecondsPerMinute: number;
  /** CPU from the process's start until the window: its first reads, and the garbage collections that follow them. */
  startupCpuSeconds: number;
  rssMiB: number;
}

/**
 * How long after the stream collector read its first state the window begins: V8 gives that read's heap back first, in
 * a collection of 1-3 s some 40-60 s after the read (docs/measurements.md). At 45 s two runs of the same commit put it
 * in the window or out of it (stream CPU 0.73 and 1.92 s/min at 10,000 agents).
 */
export const SETTLE_AFTER_READING_MS = 75_000;

/** The stock web UI's model: every open tab fetches `/master/state` at `updateInterval` (docs/mesos/web-ui.md#polling). */
export interface StockUiModel {
  intervalSeconds: number;
  requestsPerMinutePerTab: number;
  bytesPerHourPerTab: number;
}

/** The dashboard itself (production server, stream mode) with two tabs on the cluster page. */
export interface DashboardResult {
  /** P6 in a tab: from the leader's event until both tabs show it. */
  agentToTabsMs: Latency;
  taskToTabsMs: Latency;
  /** P1: from ZooKeeper's notification of a master znode change until both tabs list the masters as ZooKeeper does. */
  znodeToTabsMs: Latency;
  /** P2: from SIGKILL of the leader until the state API, and both tabs, flag it. */
  leaderKilled: { apiMs: number | null; tabsMs: number | null; zkSessionTimeoutMs: number };
  /** P3: the server's requests to the masters per minute with this many viewers following the cluster. */
  viewers: { viewers: number; opened: number; requestsPerMinute: number; viewerBytesPerMinute: number }[];
  /** P8: bytes on the wire (compressed where the server compressed) a browser downloads. */
  browserBytes: { agentsPageOpen: number; clusterPageOpen: number; clusterPagePerMinute: number };
  /** The server process (Next.js, the collector, two tabs served) during the probes. */
  cpuSecondsPerMinute: number;
  rssMiB: number;
  bytesPerHour: number;
}

export interface BenchResult {
  agents: number;
  tasks: number;
  churnPerSecond: number;
  minutes: number;
  /** One `/master/state` of this cluster, as the poller reads it (whole), and gzipped as a browser's stock UI reads it. */
  stateBytes: number;
  stateGzipBytes: number;
  stateMs: number;
  modes: ModeResult[];
  dashboard: DashboardResult;
  /** One GET_STATE as the stream reader's reconcile reads it, and how often it does by default. */
  fullRead: { bytes: number; inflatedBytes: number; cpuSeconds: number; wallMs: number };
  reconcileIntervalMs: number;
  stockUi: StockUiModel;
}

export interface BenchReport {
  date: string;
  commit: string;
  machine: string;
  results: BenchResult[];
}

/** `updateInterval(agents)` of apache/mesos src/webui/app/controllers.js, in seconds. */
export function stockUiInterval(agents: number): number {
  const steps: [number, number][] = [
    [500, 10],
    [1_000, 20],
    [5_000, 60],
    [10_000, 120],
    [15_000, 240],
    [20_000, 480],
  ];
  return steps.find(([limit]) => agents < limit)?.[1] ?? 960;
}

/** `bytesPerRead`: one `/master/state` as a browser receives it (gzipped: browsers ask for it, masters comply). */
export function stockUiModel(agents: number, bytesPerRead: number): StockUiModel {
  const intervalSeconds = stockUiInterval(agents);
  return {
    intervalSeconds,
    requestsPerMinutePerTab: 60 / intervalSeconds,
    bytesPerHourPerTab: (3_600 / intervalSeconds) * bytesPerRead,
  };
}

/** The nearest-rank percentile, or null without samples. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? null;
}

export function latency(samples: readonly number[]): Latency {
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), samples: samples.length };
}

const kb = (bytes: number) => `${(bytes / 1e3).toFixed(1)} kB`;
export const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const ms = (value: number | null) => (value === null ? "not seen" : `${Math.round(value)} ms`);
const ratio = (a: number, b: number) => (b === 0 ? "—" : `${(a / b).toFixed(a / b >= 10 ? 0 : 1)}×`);

const p50p95 = (l: Latency) => `${ms(l.p50)} / ${ms(l.p95)} (${l.samples} samples)`;

function dashboardSection(result: BenchResult): string[] {
  const d = result.dashboard;
  const one = d.viewers.find((v) => v.viewers === 1);
  const most = d.viewers.at(-1);
  return [
    "The dashboard itself (`server.mjs`, following the stream) with two Chromium tabs open on the cluster page, in the same run:",
    "",
    "| figure | measured |",
    "| --- | --- |",
    `| P1 master znode change (standby stopped, started) → both tabs, p50 / p95 | ${p50p95(d.znodeToTabsMs)} |`,
    `| P2 leader SIGKILLed → flagged in the state API / in both tabs | ${ms(d.leaderKilled.apiMs)} / ${ms(d.leaderKilled.tabsMs)} (ZooKeeper drops its znode only after the ${d.leaderKilled.zkSessionTimeoutMs / 1000} s session timeout) |`,
    ...d.viewers.map(
      (v) =>
        `| P3 requests to the masters per minute with ${v.viewers} viewer${v.viewers === 1 ? "" : "s"} (${v.opened} streams open) | ${v.requestsPerMinute.toFixed(0)}${one && v !== one ? ` (${(v.requestsPerMinute / one.requestsPerMinute).toFixed(2)} × one viewer's)` : ""}; each viewer received ${kb(v.viewerBytesPerMinute)} per minute (decompressed) |`,
    ),
    `| P6 agent added → both tabs, p50 / p95 | ${p50p95(d.agentToTabsMs)} |`,
    `| P6 task failed → both tabs, p50 / p95 | ${p50p95(d.taskToTabsMs)} |`,
    `| P8 bytes to open the agents page / the cluster page | ${kb(d.browserBytes.agentsPageOpen)} / ${kb(d.browserBytes.clusterPageOpen)} |`,
    `| P8 bytes per minute a tab downloads while the cluster page is open | ${kb(d.browserBytes.clusterPagePerMinute)} |`,
    `| server CPU seconds per minute, RSS (two tabs open, during the probes) | ${d.cpuSecondsPerMinute.toFixed(2)} s, ${d.rssMiB.toFixed(0)} MiB |`,
    `| server bytes read from the masters per hour | ${mb(d.bytesPerHour)} |`,
    "",
    most && one
      ? `With the stock UI every tab is a poller of its own: ${most.viewers} tabs would ask the leader for its whole state ${(result.stockUi.requestsPerMinutePerTab * most.viewers).toFixed(0)} times a minute (${mb(result.stockUi.bytesPerHourPerTab * most.viewers)} per hour). The dashboard's requests stay those of its one collector.`
      : "",
    "",
  ];
}

function sizeSection(result: BenchResult): string {
  const stream = result.modes.find((m) => m.mode === "stream");
  const poll = result.modes.find((m) => m.mode === "poll");
  if (!stream || !poll) return "";
  const row = (label: string, s: string, p: string, r: string) => `| ${label} | ${s} | ${p} | ${r} |`;
  const budget = reconcileBudget(stream, poll, result);
  const every = `one GET_STATE every ${result.reconcileIntervalMs / 60_000} min`;
  return [
    `## ${result.agents.toLocaleString("en-US")} agents, ${result.tasks.toLocaleString("en-US")} tasks, churn ${result.churnPerSecond}/s`,
    "",
    `Measured over ${result.minutes.toFixed(1)} minutes; one \`/master/state\` is ${mb(result.stateBytes)} (read in ${result.stateMs} ms), ` +
      `${mb(result.stateGzipBytes)} gzipped as a master sends it to a browser.`,
    "",
    "| figure | event stream | polling | polling ÷ stream |",
    "| --- | --- | --- | --- |",
    row(
      "P6 agent added → API, p50 / p95",
      `${ms(stream.agentVisibleMs.p50)} / ${ms(stream.agentVisibleMs.p95)}`,
      `${ms(poll.agentVisibleMs.p50)} / ${ms(poll.agentVisibleMs.p95)}`,
      stream.agentVisibleMs.p50 && poll.agentVisibleMs.p50
        ? ratio(poll.agentVisibleMs.p50, stream.agentVisibleMs.p50)
        : "—",
    ),
    row(
      "P6 task failed → API, p50 / p95",
      `${ms(stream.taskVisibleMs.p50)} / ${ms(stream.taskVisibleMs.p95)}`,
      `${ms(poll.taskVisibleMs.p50)} / ${ms(poll.taskVisibleMs.p95)}`,
      stream.taskVisibleMs.p50 && poll.taskVisibleMs.p50
        ? ratio(poll.taskVisibleMs.p50, stream.taskVisibleMs.p50)
        : "—",
    ),
    row(
      "P7 bytes read from the masters per hour",
      mb(stream.bytesPerHour),
      mb(poll.bytesPerHour),
      ratio(poll.bytesPerHour, stream.bytesPerHour),
    ),
    row(
      `P7 bytes read from the masters per hour with the stream's reconcile amortized (${every}: ${mb(result.fullRead.bytes)} gzipped, ${mb(result.fullRead.inflatedBytes)} inflated)`,
      mb(budget.bytesPerHour),
      mb(poll.bytesPerHour),
      ratio(poll.bytesPerHour, budget.bytesPerHour),
    ),
    row(
      "requests to the masters per minute (health probes included)",
      stream.requestsPerMinute.toFixed(0),
      poll.requestsPerMinute.toFixed(0),
      ratio(poll.requestsPerMinute, stream.requestsPerMinute),
    ),
    row(
      "P7 collector CPU seconds per minute",
      stream.cpuSecondsPerMinute.toFixed(2),
      poll.cpuSecondsPerMinute.toFixed(2),
      ratio(poll.cpuSecondsPerMinute, stream.cpuSecondsPerMinute),
    ),
    row(
      `P7 collector CPU seconds per minute with the stream's reconcile amortized (${every}: ${result.fullRead.cpuSeconds.toFixed(1)} s of CPU)`,
      budget.cpuSecondsPerMinute.toFixed(2),
      poll.cpuSecondsPerMinute.toFixed(2),
      ratio(poll.cpuSecondsPerMinute, budget.cpuSecondsPerMinute),
    ),
    row(
      "collector CPU seconds from its start until the window (its first state read, the garbage collections after it)",
      stream.startupCpuSeconds.toFixed(1),
      poll.startupCpuSeconds.toFixed(1),
      "",
    ),
    row(
      "P7 collector RSS at the end",
      `${stream.rssMiB.toFixed(0)} MiB`,
      `${poll.rssMiB.toFixed(0)} MiB`,
      ratio(poll.rssMiB, stream.rssMiB),
    ),
    "",
    `Reconciles the issue's bars allow at this size (100× fewer bytes, 10× less CPU than polling): ` +
      `${reconcileInterval(budget.minutesFor100xBytes)} for the bytes, ${reconcileInterval(budget.minutesFor10xCpu)} for the CPU ` +
      "(`MONITOR_STREAM_RECONCILE_MS`).",
    "",
    ...dashboardSection(result),
    `The stock UI's model: every open tab fetches \`/master/state\` every ${result.stockUi.intervalSeconds} s, ` +
      `${mb(result.stockUi.bytesPerHourPerTab)} per hour per tab, gzipped (${result.stockUi.requestsPerMinutePerTab.toFixed(2)} requests per minute per tab); ` +
      `with 1, 50 and 200 tabs: ${[1, 50, 200].map((tabs) => mb(result.stockUi.bytesPerHourPerTab * tabs)).join(", ")} per hour. ` +
      "The dashboard's requests to the leader do not depend on the number of viewers: they come from one collector, whose events reach every viewer over SSE.",
    "",
  ].join("\n");
}

export function renderBenchmarks(report: BenchReport): string {
  return [
    "# Benchmarks",
    "",
    `Written by \`npm run bench\` on ${report.date.slice(0, 10)} at commit ${report.commit}, on ${report.machine}. ` +
      "Every figure of one size comes from one run, the two collectors side by side on the same simulated 1.11 cluster. " +
      "The raw figures are in [benchmarks.json](benchmarks.json).",
    "",
    "How it is measured: each collector is the dashboard's control plane in a process of its own (its CPU time and RSS " +
      "are its own), counting every request it makes to the masters and every byte it reads from them. A probe adds an " +
      "agent, then, with the churn paused for a second, fails one task; a subscriber of the benchmark's own on the " +
      "leader notes when the leader sent `AGENT_ADDED` and `TASK_UPDATED`, and the latency is from then until the " +
      "collector tells its viewers (what the SSE streams send). Polling shows a change only at its next read: 12 s " +
      "apart at 2,000 agents, 30 s at 10,000. Beside them runs the dashboard itself, its production server " +
      "(`server.mjs`) following the stream, with two Chromium tabs on the cluster page; a MutationObserver in each tab " +
      "stamps every change of what it shows, so a tab's latency is from the leader's event (or ZooKeeper's " +
      "notification, or the SIGKILL) until both tabs showed it. The collectors' bytes and CPU are measured between " +
      `reconciles, from ${SETTLE_AFTER_READING_MS / 1000} s after the stream collector read its first state (what its start-up cost is a row of its ` +
      "own); the amortized rows add what one reconcile read measured, spread over its default interval (the garbage " +
      "collections that follow a reconcile, like those after the first state, are not in it).",
    "",
    ...report.results.map(sizeSection),
    "## Reading the CPU figures",
    "",
    "Both collectors probe the leader's `/health` every 500 ms, each standby's every 5 s (a connection held open to " +
      "each master tells at once when its process dies) and every master's `/metrics/snapshot` every 5 s: the " +
      "requests per minute above, about 200 for 3 masters; that costs the same in both modes. Between reconciles " +
      "most of what the stream collector spends is the cost of watching a cluster at all, whatever its size: the " +
      "probes, which polling pays too, and under churn each event's decoding, folding and the view it publishes. " +
      "Each reconcile reads the whole state again, in parts (a task at a time, so that the garbage collector does " +
      "not walk every stage of every task): at 10,000 agents one `GET_STATE` still costs as much CPU as a few " +
      "polls, so at the default interval of 10 minutes reconciling is a large part of what the stream costs on a big " +
      "cluster (`MONITOR_STREAM_RECONCILE_MS` trades it against how long a lost event could go unseen; the " +
      "minute-by-minute gauge check catches lost task updates anyway). The same holds for bytes: polling reads the " +
      "whole state every 30 s at 10,000 agents, 120 times an hour, uncompressed, and a reconcile every 10 minutes " +
      "reads it 6 times an hour, gzipped (a fifth of the size), so reconciling alone caps the stream's saving in " +
      "bytes at about 110×, whatever it does in between.",
    "",
  ].join("\n");
}
