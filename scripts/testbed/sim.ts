// The simulated Mesos cluster (`sim/cli.ts`) as a real process, for the demo and the tests alike: started on the
// given or on free ports, ready once it prints `SIM READY {json}`, and stopped by process id.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { freeConsecutivePorts, freePorts } from "./net";
import { spawnInOwnGroup, stopProcessGroup } from "./process-group";
import { terminate } from "./processes";

const ROOT = path.resolve(import.meta.dirname, "../..");
const READY_PREFIX = "SIM READY ";
/** sim/cli.ts's own default for --masters, needed here to choose enough free ports. */
const SIM_DEFAULT_MASTERS = 3;

export interface SimReady {
  version: string;
  zk: string;
  control: string;
  leader: string | null;
  masters: { id: string; url: string; pid: number }[];
  agents: number;
}

export interface StartSimOptions {
  /** zk://host:port,…/path of the masters. */
  zk: string;
  masters?: number;
  agents?: number;
  mesosVersion?: string;
  /** Master i listens on 127.0.0.1:basePort+i; free ports when not given. */
  basePort?: number;
  /** The control API's port; a free one when not given. */
  controlPort?: number;
  /** Further sim/cli.ts options (`--session-timeout 3000`, `--seed 3` …). */
  args?: string[];
  /**
   * Run it as a service, as the demo does: output to this file (emptied first) and a process group of its own, so a
   * Ctrl-C in the terminal reaches only the caller, which stops the whole group. Without it the output is kept in
   * memory and a Ctrl-C of the test run reaches the simulator too.
   */
  logFile?: string;
  timeoutMs?: number;
  /** Aborting it while the simulator is not ready yet stops the simulator (the demo's Ctrl-C). */
  signal?: AbortSignal;
}

export interface RunningSim {
  ready: SimReady;
  process: ChildProcess;
  /** Every line the simulator printed so far, stdout and stderr. */
  readonly output: string[];
  control<T = unknown>(method: string, route: string, body?: unknown): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

/** The simulator exited, or was not ready in time or no longer wanted (then it has been stopped). */
export class SimStartError extends Error {
  constructor(
    readonly reason: "exited" | "timed out" | "aborted",
    message: string,
  ) {
    super(message);
  }
}

function simArguments(options: StartSimOptions, basePort: number, controlPort: number): string[] {
  const optional = (flag: string, value: string | number | undefined) =>
    value === undefined ? [] : [flag, String(value)];
  return [
    "--zk",
    options.zk,
    ...optional("--masters", options.masters),
    ...optional("--agents", options.agents),
    ...optional("--mesos-version", options.mesosVersion),
    "--base-port",
    String(basePort),
    "--control-port",
    String(controlPort),
    ...(options.args ?? []),
  ];
}

function readLines(file: string): string[] {
  try {
    return readFileSync(file, "utf8").split("\n").filter(Boolean);
  } catch {
    return [];
  }
}

async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  if (port === undefined) throw new Error("no free port for the simulator's control API");
  return port;
}

export async function startSim(options: StartSimOptions): Promise<RunningSim> {
  const basePort = options.basePort ?? (await freeConsecutivePorts(options.masters ?? SIM_DEFAULT_MASTERS));
  const controlPort = options.controlPort ?? (await freePort());
  const args = ["--import", "tsx", "sim/cli.ts", ...simArguments(options, basePort, controlPort)];
  const { logFile } = options;
  const child = logFile
    ? spawnInOwnGroup(process.execPath, args, { cwd: ROOT, logFile })
    : spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on("line", (line) => lines.push(line));
  }
  const output = () => (logFile ? readLines(logFile) : lines);
  // "close" rather than "exit": by then every line it printed has been read.
  let exitCode: number | null | undefined;
  child.once("close", (code) => (exitCode = code));
  const exited = new Promise((resolve) => child.once("close", resolve));

  const stop = async () => {
    if (child.pid === undefined) return;
    // Its own group may outlive it: masters it could not stop when it died.
    if (logFile) await stopProcessGroup(child.pid, 10_000);
    else if (exitCode === undefined) await terminate(child.pid, 10_000);
    await exited;
  };
  const timeoutMs = options.timeoutMs ?? 90_000;
  const lastLines = () => output().slice(-40).join("\n");
  const deadline = Date.now() + timeoutMs;
  let readyLine: string | undefined;
  while (!(readyLine = output().find((line) => line.startsWith(READY_PREFIX)))) {
    if (exitCode !== undefined)
      throw new SimStartError("exited", `simulator exited with ${exitCode} before it was ready:\n${lastLines()}`);
    if (options.signal?.aborted) {
      await stop();
      throw new SimStartError("aborted", "the simulator was stopped before it was ready");
    }
    if (Date.now() > deadline) {
      await stop();
      throw new SimStartError("timed out", `simulator not ready after ${timeoutMs} ms:\n${lastLines()}`);
    }
    await sleep(100);
  }
  const ready = JSON.parse(readyLine.slice(READY_PREFIX.length)) as SimReady;
  return {
    ready,
    process: child,
    get output() {
      return output();
    },
    async control<T>(method: string, route: string, body?: unknown) {
      const response = await fetch(`${ready.control}${route}`, {
        method,
        headers: body === undefined ? {} : { "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as T };
    },
    stop,
  };
}
