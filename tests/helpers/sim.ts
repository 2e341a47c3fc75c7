// Starts the simulator (`sim/cli.ts`) as a real process for a test, and stops it by process id.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { terminate } from "@/scripts/testbed";

export interface SimReady {
  version: string;
  zk: string;
  control: string;
  leader: string | null;
  masters: { id: string; url: string; pid: number }[];
  agents: number;
}

export interface RunningSim {
  ready: SimReady;
  process: ChildProcess;
  output: string[];
  control<T = unknown>(method: string, route: string, body?: unknown): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, "../..");

export async function startSim(args: string[], timeoutMs = 90_000): Promise<RunningSim> {
  const child = spawn(process.execPath, ["--import", "tsx", "sim/cli.ts", ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const ready = await new Promise<SimReady>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`simulator not ready after ${timeoutMs} ms:\n${output.slice(-40).join("\n")}`)),
      timeoutMs,
    );
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on("line", (line) => {
        output.push(line);
        if (line.startsWith("SIM READY ")) {
          clearTimeout(timer);
          resolve(JSON.parse(line.slice("SIM READY ".length)) as SimReady);
        }
      });
    }
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`simulator exited with ${code} before it was ready:\n${output.slice(-40).join("\n")}`));
    });
  });
  return {
    ready,
    process: child,
    output,
    async control<T>(method: string, route: string, body?: unknown) {
      const response = await fetch(`${ready.control}${route}`, {
        method,
        headers: body === undefined ? {} : { "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as T };
    },
    async stop() {
      if (child.pid !== undefined && child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        await terminate(child.pid, 10_000);
        await exited;
      }
    },
  };
}

/** Polls `check` until it returns a value other than undefined; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
      lastError = null; // only the last attempt's error explains a time-out
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ""}`,
      );
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
