// npm run demo: a real 3-server ZooKeeper ensemble, a simulated Mesos cluster and the dashboard's production server,
// until Ctrl-C; then everything it started is stopped, by process id. scripts/setup.sh has installed what it needs.
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build, buildIsCurrent, sourceFingerprint } from "./demo-build";
import {
  type RunningDashboard,
  type RunningSim,
  SimStartError,
  isPortFree,
  readEnsemble,
  registerCluster,
  startDashboardServer,
  startEnsemble,
  startSim,
  stopEnsemble,
  waitUntilHealthy,
} from "./testbed";

process.chdir(path.resolve(import.meta.dirname, ".."));
process.env.NEXT_TELEMETRY_DISABLED = "1";
process.env.CHECKPOINT_DISABLE = "1";

const port = Number(process.env.PORT || 3000);
// Only an exported HOSTNAME counts (bash sets one of its own without exporting it).
const host = process.env.HOSTNAME || "127.0.0.1";
const zkPorts = (process.env.DEMO_ZK_PORTS || "2181,2182,2183").split(",").map(Number);
const zkDir = ".tmp/demo/zk";
const zkServers = zkPorts.map((zkPort) => `127.0.0.1:${zkPort}`).join(",");
const zkUrl = `zk://${zkServers}/mesos`;
const SIM_CONTROL_PORT = 5049;
const SIM_MASTER_PORTS = [5050, 5051, 5052];
const SIM_LOG = ".tmp/demo/sim.log";
const SERVER_LOG = ".tmp/demo/server.log";
const PASSWORD_FILE = "data/demo-admin-password";

/** A failure already explained on the terminal: exit 1 without printing more. */
class DemoFailure extends Error {}

function fail(message: string): never {
  console.error(`[demo] ${message}`);
  throw new DemoFailure(message);
}

const interrupt = new AbortController();
let server: RunningDashboard | null = null;
let simStarting: Promise<RunningSim> | null = null;
let startedAnything = false;

/** Stops, in order, what this run started: the dashboard, the simulator, the ensemble. */
let stopping: Promise<void> | null = null;
function stopEverything(): Promise<void> {
  stopping ??= (async () => {
    interrupt.abort(); // a simulator still starting stops itself, a build in progress is ended
    if (!startedAnything) return;
    console.log("\n[demo] stopping");
    await server?.stop();
    await (await simStarting?.catch(() => null))?.stop();
    // From its state file, as `npm run zk -- stop` does: also finds an ensemble interrupted before its quorum.
    const ensemble = readEnsemble(path.resolve(zkDir));
    if (ensemble) {
      await stopEnsemble(ensemble);
      console.log("ZooKeeper ensemble stopped");
    }
  })();
  return stopping;
}

// Fail early and clearly when something already listens there: its health check would pass for ours.
async function checkPorts(): Promise<void> {
  if (!(await isPortFree(port, host)))
    fail(`${host}:${port} is already in use; stop what listens there or choose another port: PORT=3001 npm run demo`);
  for (const simPort of [SIM_CONTROL_PORT, ...SIM_MASTER_PORTS]) {
    if (!(await isPortFree(simPort)))
      fail(
        `127.0.0.1:${simPort} is in use; the simulated Mesos masters (5050-5052) and their control API (5049) need it`,
      );
  }
}

async function startMesos(): Promise<void> {
  console.log("[demo] starting a simulated Mesos 1.11.0 cluster: 3 masters, 5 agents, Marathon, Chronos and Spark");
  simStarting = startSim({
    zk: zkUrl,
    masters: 3,
    agents: 5,
    mesosVersion: "1.11.0",
    basePort: SIM_MASTER_PORTS[0],
    controlPort: SIM_CONTROL_PORT,
    logFile: SIM_LOG,
    timeoutMs: 120_000,
    signal: interrupt.signal,
  });
  try {
    await simStarting;
  } catch (error) {
    if (!(error instanceof SimStartError) || error.reason === "aborted") throw error;
    console.log(readFileSync(SIM_LOG, "utf8"));
    fail(error.reason === "exited" ? "the simulator failed to start" : "the simulator was not ready within 2 minutes");
  }
}

/**
 * The first admin's password: yours (DASHBOARD_ADMIN_PASSWORD), or one generated on the first demo and kept beside
 * the database, since the admin is created only once, when the database has no user.
 */
function adminPassword(): string {
  mkdirSync("data", { recursive: true });
  if (process.env.DASHBOARD_ADMIN_PASSWORD) return process.env.DASHBOARD_ADMIN_PASSWORD;
  let password = "";
  try {
    password = readFileSync(PASSWORD_FILE, "utf8").replace(/\n+$/, "");
  } catch {
    // none yet
  }
  if (!password) {
    password = randomBytes(12).toString("base64url");
    writeFileSync(PASSWORD_FILE, password);
  }
  chmodSync(PASSWORD_FILE, 0o600);
  return password;
}

async function startDashboard(password: string): Promise<RunningDashboard> {
  console.log("[demo] starting the dashboard");
  server = startDashboardServer({ port, host, logFile: SERVER_LOG, env: { DASHBOARD_ADMIN_PASSWORD: password } });
  const healthy = await waitUntilHealthy(`${server.url}/api/health`, { timeoutMs: 60_000, isAlive: server.isAlive });
  interrupt.signal.throwIfAborted();
  if (!healthy) {
    console.log(readFileSync(SERVER_LOG, "utf8"));
    fail(`the dashboard did not come up on ${server.url} within 60 s; its log is above`);
  }
  return server;
}

/** Registers the demo cluster; when an earlier demo did, makes its definition match this run's ensemble. */
async function registerDemoCluster(baseUrl: string, password: string): Promise<number | null> {
  try {
    return await registerCluster({
      baseUrl,
      credentials: { username: "admin", password },
      definition: {
        name: "demo",
        zk: zkUrl,
        quorum: 2,
        description: "Simulated Mesos 1.11.0 (npm run demo)",
        controller: { type: "sim", url: `http://127.0.0.1:${SIM_CONTROL_PORT}` },
      },
      updateExisting: true,
    });
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    console.error(`[demo] could not register the demo cluster; see ${SERVER_LOG}`);
    return null;
  }
}

function printWelcome(url: string, password: string, clusterId: number | null): void {
  console.log(`
  Masterwatch is running.
    Open:       ${url}
    Login:      admin / ${password}
    ZooKeeper:  ${zkServers}
    Mesos:      masters http://127.0.0.1:5050, :5051, :5052 (simulated 1.11.0, --zk ${zkUrl})
    Simulator:  control API http://127.0.0.1:${SIM_CONTROL_PORT} (e.g. curl -X POST 127.0.0.1:${SIM_CONTROL_PORT}/masters/m1/kill), log ${SIM_LOG}
    Database:   ${process.env.DATABASE_URL || "file:./data/dashboard.db"}
    Server log: ${SERVER_LOG}
    API:        create a token on ${url}/tokens, then
                curl -H "Authorization: Bearer <token>" ${url}/api/clusters/${clusterId ?? 1}/state

  Press Ctrl-C to stop everything.
`);
}

async function main(): Promise<void> {
  await checkPorts();
  const fingerprint = sourceFingerprint();
  if (!buildIsCurrent(fingerprint)) {
    console.log("[demo] building the dashboard");
    const exitCode = await build(fingerprint, interrupt.signal);
    if (exitCode !== 0) fail(`the build failed: next build exited with ${exitCode}`);
  }
  interrupt.signal.throwIfAborted();

  console.log(`[demo] starting a ${zkPorts.length}-server ZooKeeper ensemble on ${zkServers}`);
  startedAnything = true;
  const zkStarted = Date.now();
  const ensemble = await startEnsemble({ dir: zkDir, clientPorts: zkPorts });
  console.log(`ZooKeeper ensemble up in ${Date.now() - zkStarted} ms: ${zkServers} (state in ${ensemble.dir})`);
  interrupt.signal.throwIfAborted();

  mkdirSync(".tmp/demo", { recursive: true });
  await startMesos();
  interrupt.signal.throwIfAborted();

  const password = adminPassword();
  const dashboard = await startDashboard(password);
  const clusterId = await registerDemoCluster(dashboard.url, password);
  interrupt.signal.throwIfAborted();
  printWelcome(dashboard.url, password, clusterId);

  await dashboard.exited;
  interrupt.signal.throwIfAborted();
  fail(`the dashboard exited; see ${SERVER_LOG}`);
}

// Ctrl-C and SIGTERM (and a closed terminal) stop everything, then exit 130. A second Ctrl-C while stopping is
// ignored: leaving now would leave the servers running.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    void stopEverything().finally(() => process.exit(130));
  });
}

// main() only ever ends in a failure: when all is up it waits for the dashboard, which runs until stopped.
main().catch(async (error: unknown) => {
  if (interrupt.signal.aborted) return; // a signal's handler stops everything and exits
  if (!(error instanceof DemoFailure)) console.error(error instanceof Error ? error.message : String(error));
  await stopEverything();
  process.exit(1);
});
