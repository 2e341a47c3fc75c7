// A real ZooKeeper ensemble on loopback, from Debian's `zookeeper` package: one JVM per server, each
// with its own data directory and config, stopped by process id. Tests, the demo and `npm run zk` use it.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fourLetterWord, parseSrvr, type ZkServerMode } from "../../lib/zk/four-letter-words";
import { freePorts, isPortFree } from "./net";
import { commandLine, isRunning, terminate } from "./processes";

const ZOOKEEPER_JAR = "/usr/share/java/zookeeper.jar";
const HOST = "127.0.0.1";
export const DEFAULT_CLIENT_PORTS = [2181, 2182, 2183];

export interface ServerConfig {
  id: number;
  clientPort: number;
  peerPort: number;
  electionPort: number;
  dir: string;
  pid: number | null;
}

export interface Ensemble {
  dir: string;
  host: string;
  servers: ServerConfig[];
}

export interface ServerStatus {
  id: number;
  clientPort: number;
  pid: number | null;
  running: boolean;
  mode: ZkServerMode | null;
  error: string | null;
}

/** `127.0.0.1:2181,127.0.0.1:2182,...`, the connect string of the whole ensemble. */
export function connectString(ensemble: Ensemble): string {
  return ensemble.servers.map((s) => `${ensemble.host}:${s.clientPort}`).join(",");
}

/** Installs Debian's zookeeper package when missing (as root), or says exactly what to run. */
export function ensureZookeeperInstalled(): void {
  if (existsSync(ZOOKEEPER_JAR) && spawnSync("java", ["-version"]).status === 0) return;
  const command = "apt-get update && apt-get install -y zookeeper";
  if (process.getuid?.() !== 0) {
    throw new Error(`ZooKeeper is not installed. Install Debian's package as root: sudo sh -c '${command}'`);
  }
  console.log(`[zk] installing Debian's zookeeper package: ${command}`);
  const result = spawnSync("sh", ["-c", command], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (result.status !== 0 || !existsSync(ZOOKEEPER_JAR))
    throw new Error(`"${command}" failed; install ZooKeeper 3.8 from Debian and retry`);
}

const stateFile = (dir: string) => path.join(dir, "ensemble.json");

export function readEnsemble(dir: string): Ensemble | null {
  try {
    return JSON.parse(readFileSync(stateFile(dir), "utf8")) as Ensemble;
  } catch {
    return null;
  }
}

function saveEnsemble(ensemble: Ensemble): void {
  writeFileSync(stateFile(ensemble.dir), JSON.stringify(ensemble, null, 2));
}

const configPath = (server: ServerConfig) => path.join(server.dir, "zoo.cfg");

/** The pid recorded for a server, if that process still runs this server's config. */
function livePid(server: ServerConfig): number | null {
  return server.pid !== null && isRunning(server.pid) && commandLine(server.pid).includes(configPath(server))
    ? server.pid
    : null;
}

function writeConfig(ensemble: Ensemble, server: ServerConfig, tickTime: number): void {
  mkdirSync(path.join(server.dir, "data"), { recursive: true });
  writeFileSync(path.join(server.dir, "data", "myid"), `${server.id}\n`);
  const lines = [
    `tickTime=${tickTime}`,
    "initLimit=10",
    "syncLimit=5",
    // Simulated masters use short sessions in tests; the default floor (2 x tickTime) would override them.
    "minSessionTimeout=1000",
    "maxSessionTimeout=60000",
    `dataDir=${path.join(server.dir, "data")}`,
    `clientPort=${server.clientPort}`,
    `clientPortAddress=${ensemble.host}`,
    "4lw.commands.whitelist=*",
    "admin.enableServer=false",
    "autopurge.purgeInterval=1",
    ...ensemble.servers.map((s) => `server.${s.id}=${ensemble.host}:${s.peerPort}:${s.electionPort}`),
  ];
  writeFileSync(configPath(server), `${lines.join("\n")}\n`);
}

function launch(server: ServerConfig): number {
  const log = openSync(path.join(server.dir, "zookeeper.log"), "a");
  const child = spawn(
    "java",
    [
      "-Xms32m",
      "-Xmx256m",
      "-XX:+UseSerialGC",
      "-XX:TieredStopAtLevel=1",
      "-Xshare:auto",
      `-Dzookeeper.log.dir=${server.dir}`,
      "-Dzookeeper.jmx.log4j.disable=true",
      "-cp",
      `/etc/zookeeper/conf:${ZOOKEEPER_JAR}`,
      "org.apache.zookeeper.server.quorum.QuorumPeerMain",
      configPath(server),
    ],
    { detached: true, stdio: ["ignore", log, log] },
  );
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start ZooKeeper server ${server.id}`);
  return child.pid;
}

async function srvrMode(host: string, port: number): Promise<ZkServerMode> {
  return parseSrvr(await fourLetterWord(host, port, "srvr", 1000)).mode;
}

export async function ensembleStatus(ensemble: Ensemble): Promise<ServerStatus[]> {
  return Promise.all(
    ensemble.servers.map(async (server) => {
      const pid = livePid(server);
      const mode =
        pid === null ? null : await srvrMode(ensemble.host, server.clientPort).catch((error: unknown) => String(error));
      const known = typeof mode === "string" && !mode.includes(" ") ? (mode as ZkServerMode) : null;
      return {
        id: server.id,
        clientPort: server.clientPort,
        pid,
        running: pid !== null,
        mode: known,
        error: known || mode === null ? null : String(mode),
      };
    }),
  );
}

/** Waits until one server reports `Mode: leader` and every running server is serving. */
export async function waitForQuorum(ensemble: Ensemble, timeoutMs = 60_000): Promise<ServerStatus[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await ensembleStatus(ensemble);
    const running = status.filter((s) => s.running);
    if (running.some((s) => s.mode === "leader") && running.every((s) => s.mode !== null)) return status;
    if (Date.now() > deadline) {
      throw new Error(
        `ZooKeeper ensemble in ${ensemble.dir} has no leader after ${timeoutMs} ms: ${JSON.stringify(status)}`,
      );
    }
    await sleep(200);
  }
}

export interface StartOptions {
  dir: string;
  clientPorts?: number[];
  tickTime?: number;
  timeoutMs?: number;
}

/** Starts a fresh ensemble (stopping one left running in `dir` first) and waits until it has a leader. */
export async function startEnsemble(options: StartOptions): Promise<Ensemble> {
  ensureZookeeperInstalled();
  const dir = path.resolve(options.dir);
  const previous = readEnsemble(dir);
  if (previous) await stopEnsemble(previous);
  const clientPorts = options.clientPorts ?? DEFAULT_CLIENT_PORTS;
  for (const port of clientPorts) {
    if (!(await isPortFree(port)))
      throw new Error(`port ${HOST}:${port} is in use: another ZooKeeper or service listens there`);
  }
  rmSync(dir, { recursive: true, force: true });
  const quorumPorts = await freePorts(clientPorts.length * 2);
  const ensemble: Ensemble = {
    dir,
    host: HOST,
    servers: clientPorts.map((clientPort, i) => ({
      id: i + 1,
      clientPort,
      peerPort: quorumPorts[2 * i] ?? 0,
      electionPort: quorumPorts[2 * i + 1] ?? 0,
      dir: path.join(dir, `server${i + 1}`),
      pid: null,
    })),
  };
  for (const server of ensemble.servers) writeConfig(ensemble, server, options.tickTime ?? 2000);
  for (const server of ensemble.servers) server.pid = launch(server);
  saveEnsemble(ensemble);
  await waitForQuorum(ensemble, options.timeoutMs);
  return ensemble;
}

export async function stopEnsemble(ensemble: Ensemble): Promise<void> {
  await Promise.all(ensemble.servers.map((server) => stopServer(ensemble, server.id)));
}

function server(ensemble: Ensemble, id: number): ServerConfig {
  const found = ensemble.servers.find((s) => s.id === id);
  if (!found)
    throw new Error(`the ensemble has no server ${id} (servers: ${ensemble.servers.map((s) => s.id).join(", ")})`);
  return found;
}

/** Stops one server (SIGTERM, then SIGKILL); the others keep running. */
export async function stopServer(ensemble: Ensemble, id: number): Promise<void> {
  const target = server(ensemble, id);
  const pid = livePid(target);
  if (pid !== null) await terminate(pid);
  target.pid = null;
  if (existsSync(ensemble.dir)) saveEnsemble(ensemble);
}

/** Starts one stopped server again with its old config and data; waits until it serves. */
export async function startServer(ensemble: Ensemble, id: number, timeoutMs = 60_000): Promise<void> {
  const target = server(ensemble, id);
  if (livePid(target) !== null) return;
  target.pid = launch(target);
  saveEnsemble(ensemble);
  const deadline = Date.now() + timeoutMs;
  while ((await srvrMode(ensemble.host, target.clientPort).catch(() => null)) === null) {
    if (Date.now() > deadline) throw new Error(`ZooKeeper server ${id} did not serve within ${timeoutMs} ms`);
    if (!isRunning(target.pid))
      throw new Error(`ZooKeeper server ${id} exited; see ${path.join(target.dir, "zookeeper.log")}`);
    await sleep(200);
  }
}
