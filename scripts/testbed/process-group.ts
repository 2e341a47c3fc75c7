// Long-running services of the demo (the simulator, the dashboard's server) run as leaders of a process group of
// their own, like `setsid`: a Ctrl-C in the terminal reaches only the demo, which then stops them in order; and
// stopping the group by its id also stops what they started themselves (npm -> sh -> next-server).
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync, readdirSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { isRunning, signal } from "./processes";

export interface OwnGroupSpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Receives the process's stdout and stderr; emptied first. */
  logFile: string;
}

/** Starts `command` as the leader of a new session and process group (its pgid is its pid). */
export function spawnInOwnGroup(command: string, args: string[], options: OwnGroupSpawnOptions): ChildProcess {
  const log = openSync(options.logFile, "w");
  try {
    return spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ["ignore", log, log] });
  } finally {
    closeSync(log); // the child has its own copy of the descriptor
  }
}

/** The process group of `pid` as /proc tells it, or null when the process is gone. */
function processGroupOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // After the command name in parentheses: state, ppid, pgrp.
    const pgrp = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
    return Number.isInteger(pgrp) ? pgrp : null;
  } catch {
    return null;
  }
}

/** The processes of group `pgid` that still run (by isRunning: until every thread is gone). */
export function groupMembers(pgid: number): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => processGroupOf(pid) === pgid && isRunning(pid));
}

function signalGroup(pgid: number, sig: NodeJS.Signals): void {
  signal(-pgid, sig);
}

/**
 * SIGTERM to every process of group `pgid`, SIGKILL to those left after `graceMs`; resolves once none runs.
 * Waiting for the whole group, not only its leader, is what frees the ports: npm exits before next-server does.
 */
export async function stopProcessGroup(pgid: number, graceMs = 5000): Promise<void> {
  if (groupMembers(pgid).length === 0) return;
  signalGroup(pgid, "SIGCONT"); // a paused process cannot act on SIGTERM
  signalGroup(pgid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (groupMembers(pgid).length > 0 && Date.now() < deadline) await sleep(50);
  if (groupMembers(pgid).length === 0) return;
  signalGroup(pgid, "SIGKILL");
  while (groupMembers(pgid).length > 0) await sleep(20);
}
