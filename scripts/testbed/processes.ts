// Small helpers to stop what we started, by process id, and nothing else.
import { readFileSync, readdirSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

function taskState(statPath: string): string | null {
  try {
    const stat = readFileSync(statPath, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
  } catch {
    return null;
  }
}

const exited = (state: string | null) => state === null || state === "Z" || state === "X";

/**
 * True while `pid` runs; a zombie that only waits to be reaped counts as gone. The main thread of a multi-threaded
 * process (a JVM) turns zombie before its other threads have exited, and the process's sockets close only with the
 * last of them: until then a ZooKeeper server still holds its ports, so every thread must be gone.
 */
export function isRunning(pid: number): boolean {
  if (!exited(taskState(`/proc/${pid}/stat`))) return true;
  let threads: string[];
  try {
    threads = readdirSync(`/proc/${pid}/task`);
  } catch {
    return false;
  }
  return threads.some((tid) => !exited(taskState(`/proc/${pid}/task/${tid}/stat`)));
}

/** The command line of `pid`, or "" when it is gone; used so a recycled pid is never signalled. */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
}

export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function terminate(pid: number, graceMs = 5000): Promise<void> {
  if (!isRunning(pid)) return;
  signal(pid, "SIGCONT"); // a paused process cannot act on SIGTERM
  signal(pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (isRunning(pid) && Date.now() < deadline) await sleep(50);
  if (!isRunning(pid)) return;
  signal(pid, "SIGKILL");
  while (isRunning(pid)) await sleep(20);
}
