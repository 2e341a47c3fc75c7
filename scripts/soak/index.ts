// npm run soak -- --minutes N: a randomized fault soak of the dashboard on the test bed (see docs/soak.md). Every
// process it starts is stopped by id at the end, on failure and on Ctrl-C.
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { type Ensemble, type RunningDashboard, type RunningSim, connectString, stopEnsemble } from "../testbed";
import { type TestBed, execute, restoreAll, situation } from "./actions";
import { ApiClient, freezeServer, killServer, serverRssKiB } from "./dashboard";
import { chooseFault, pauseAfter } from "./faults";
import { HostileZnodes } from "./hostile";
import { checkInvariants } from "./invariants-process";
import type { ActionRecord, PauseRecord, RestartRecord, SoakLog } from "./log";
import { SOAK_USAGE, parseSoakOptions } from "./options";
import { Probes, type RecordingListener, startListener } from "./probes";
import { seededRng } from "./random";
import { renderReport } from "./report";
import * as bedSetup from "./setup";
import { TruthRecorder } from "./truth";

const ROOT = path.resolve(import.meta.dirname, "../..");
process.chdir(ROOT);
process.env.NEXT_TELEMETRY_DISABLED = "1";

const say = (message: string) => console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${message}`);

let ensemble: Ensemble | null = null;
const sims: RunningSim[] = [];
let server: RunningDashboard | null = null;
let listener: RecordingListener | null = null;
let truth: TruthRecorder | null = null;
let hostile: HostileZnodes | null = null;
let probes: Probes | null = null;

let stopping: Promise<void> | null = null;
function stopEverything(): Promise<void> {
  stopping ??= (async () => {
    probes?.stop();
    truth?.stop();
    hostile?.close();
    if (server) freezeServer(server, false);
    await server?.stop().catch(() => undefined);
    for (const sim of sims) await sim.stop().catch(() => undefined);
    if (ensemble) await stopEnsemble(ensemble).catch(() => undefined);
    await listener?.close();
  })();
  return stopping;
}

function commit(): string {
  if (process.env.SOAK_COMMIT) return process.env.SOAK_COMMIT;
  const result = spawnSync("git", ["rev-parse", "HEAD"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : "unknown";
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Linux ${os.release()}, Node ${process.version}`;
}

async function main(): Promise<number> {
  const options = parseSoakOptions(process.argv.slice(2), () => randomInt(2 ** 31 - 1));
  say(`seed ${options.seed} (repeat with --seed ${options.seed}), ${options.minutes} minutes of faults`);
  if (options.build && !existsSync(".next/BUILD_ID")) {
    say("building the dashboard (npx next build)");
    execFileSync("npx", ["next", "build"], { stdio: "inherit" });
  }
  const runDir = path.resolve(".tmp/soak", `run-${new Date().toISOString().replace(/[:.]/g, "-")}`);
  mkdirSync(runDir, { recursive: true });
  const startedAt = Date.now();

  say("starting a 3-server ZooKeeper ensemble");
  ensemble = await bedSetup.startZk(runDir);
  for (const [index, spec] of bedSetup.CLUSTERS.entries()) {
    say(`starting the simulated Mesos ${spec.version} cluster at ${spec.path}`);
    sims.push(await bedSetup.startCluster(ensemble, spec, runDir, index + 1));
  }
  listener = await startListener("127.0.0.2");
  truth = new TruthRecorder(
    connectString(ensemble),
    bedSetup.CLUSTERS.map((c) => c.path),
  );
  await truth.start();
  hostile = new HostileZnodes(connectString(ensemble), listener);

  const password = randomBytes(12).toString("base64url");
  const config = bedSetup.dashboardConfig(runDir, await bedSetup.dashboardPort(options.port), password);
  say(`starting the dashboard on 127.0.0.1:${config.port} (log ${config.logFile})`);
  server = await bedSetup.startDashboard(config);
  let incarnation = 1;
  const api = new ApiClient(server.url, password);
  await api.login();
  const registered: { id: number; at: number }[] = [];
  let allowlist = options.allowlist === "on";
  for (const [index, spec] of bedSetup.CLUSTERS.entries()) {
    const sim = sims[index] as RunningSim;
    const result = await bedSetup.register(server.url, password, spec, ensemble, sim, options.allowlist);
    allowlist = result.allowlist;
    registered.push({ id: result.id, at: Date.now() });
  }
  say(`clusters registered (allowedMasters ${allowlist ? bedSetup.ALLOWED_MASTERS.join(",") : "not registered"})`);
  for (const { id } of registered) {
    for (let i = 0; i < 120; i++) {
      const response = await api.get(`/api/clusters/${id}/state`).catch(() => null);
      const state = response?.ok ? ((await response.json()) as { leader: unknown }) : null;
      if (state?.leader) break;
      await sleep(500);
    }
  }

  const restarts: RestartRecord[] = [];
  const pauses: PauseRecord[] = [];
  const firstId = registered[0]?.id ?? 1;
  probes = new Probes({
    rssKiB: () => (server ? serverRssKiB(server) : null),
    incarnation: () => incarnation,
    health: () => fetch(`http://127.0.0.1:${config.port}/api/health`, { signal: AbortSignal.timeout(5_000) }),
    state: () => api.get(`/api/clusters/${firstId}/state`),
  });
  const faultsFrom = Date.now();
  probes.start();
  const bed: TestBed = {
    clusters: bedSetup.CLUSTERS.map((spec, i) => ({ name: spec.name, path: spec.path, sim: sims[i] as RunningSim })),
    ensemble,
    hostile,
    truth,
    dashboard: {
      sessionTimeoutMs: bedSetup.DASHBOARD_SESSION_TIMEOUT_MS,
      async restart(whileDown) {
        const killedAt = Date.now();
        if (server) await killServer(server);
        server = null;
        await whileDown();
        const spawnedAt = Date.now();
        server = await bedSetup.startDashboard(config);
        incarnation++;
        restarts.push({ killedAt, spawnedAt, healthyAt: Date.now() });
        await sleep(5_000);
      },
      async freeze(ms) {
        const pausedAt = Date.now();
        if (server) freezeServer(server, true);
        await sleep(ms);
        if (server) freezeServer(server, false);
        pauses.push({ pausedAt, resumedAt: Date.now() });
        await sleep(5_000);
      },
    },
  };

  const rng = seededRng(options.seed);
  const actions: ActionRecord[] = [];
  const deadline = faultsFrom + options.minutes * 60_000;
  for (let step = 0; Date.now() < deadline && step < options.minutes * 60; step++) {
    const removed = await hostile.removeDue();
    if (removed.length > 0)
      actions.push({ at: Date.now(), end: Date.now(), kind: "hostile.remove", detail: { removed } });
    const plan = chooseFault(rng, await situation(bed));
    if (!plan) {
      await sleep(1_000);
      continue;
    }
    const record = await execute(bed, plan);
    actions.push(record);
    say(`${record.kind} ${JSON.stringify(record.detail)}${record.error ? ` FAILED: ${record.error}` : ""}`);
    await sleep(Math.max(0, Math.min(pauseAfter(rng), deadline - Date.now())));
  }
  const faultsUntil = Date.now();
  say("faults done; restoring the cluster and letting it settle for 20 s");
  await restoreAll(bed);
  await sleep(20_000);
  probes.stop();
  const endedAt = Date.now();
  const clusters = [];
  for (const [index, spec] of bedSetup.CLUSTERS.entries()) {
    const { id, at } = registered[index] ?? { id: 0, at: 0 };
    clusters.push({
      name: spec.name,
      id,
      path: spec.path,
      registeredAt: at,
      truth: truth.samples.get(spec.path) ?? [],
      events: await api.events(id),
    });
  }
  truth.stop();
  const log: SoakLog = {
    seed: options.seed,
    startedAt,
    faultsFrom,
    faultsUntil,
    endedAt,
    actions,
    clusters,
    restarts,
    pauses,
    rss: probes.rss,
    api: probes.api,
    listener: { address: listener.address, hostileZnodes: hostile.namingListener, hits: listener.hits },
    httpAuth: true,
    allowlist,
  };
  const reportPath = path.resolve(options.report);
  mkdirSync(path.dirname(reportPath), { recursive: true });
  const jsonPath = reportPath.replace(/\.md$/, "") + ".json";
  writeFileSync(jsonPath, JSON.stringify(log));
  const results = checkInvariants(log);
  const command = `npm run soak -- --minutes ${options.minutes} --seed ${options.seed}`;
  writeFileSync(
    reportPath,
    renderReport(log, results, {
      date: new Date(startedAt).toISOString(),
      commit: commit(),
      machine: machine(),
      command,
      notes: [`Run directory (logs, ZooKeeper data, database): ${runDir}; JSON log: ${jsonPath}.`],
    }),
  );
  const violations = results.reduce((n, r) => n + r.violations.length, 0);
  for (const r of results)
    say(
      `${r.violations.length === 0 ? "ok  " : "FAIL"} ${r.name}: ${r.checks} checks, ${r.violations.length} violations`,
    );
  say(`report ${reportPath}; ${violations} violations`);
  return violations === 0 ? 0 : 1;
}

for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(sig, () => {
    if (stopping) return;
    say(`${sig}: stopping everything`);
    void stopEverything().finally(() => process.exit(130));
  });
}

main()
  .then(async (code) => {
    await stopEverything();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    if (error instanceof Error && /--minutes|--seed|--report|--port|--allowlist|Unknown option/.test(error.message))
      console.error(SOAK_USAGE);
    await stopEverything();
    process.exit(2);
  });
