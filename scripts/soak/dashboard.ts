// The dashboard under test: its production server started, SIGKILLed, frozen and thawed by process group, and an
// API client that logs in as the admin (again after a restart when it must).
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import {
  type RunningDashboard,
  commandLine,
  groupMembers,
  signal,
  startDashboardServer,
  waitUntilHealthy,
} from "../testbed";
import type { SoakEvent } from "./log";

export interface DashboardConfig {
  port: number;
  logFile: string;
  env: Record<string, string>;
}

export async function startServer(config: DashboardConfig): Promise<RunningDashboard> {
  const server = startDashboardServer({
    port: config.port,
    host: "127.0.0.1",
    logFile: config.logFile,
    env: config.env,
  });
  const healthy = await waitUntilHealthy(`${server.url}/api/health`, { timeoutMs: 90_000, isAlive: server.isAlive });
  if (!healthy) {
    await server.stop();
    throw new Error(`the dashboard did not answer on ${server.url} within 90 s; see ${config.logFile}`);
  }
  return server;
}

/** SIGKILL to every process of the server's group; resolves once none runs (bounded: 20 s). */
export async function killServer(server: RunningDashboard): Promise<void> {
  const pgid = server.process.pid;
  if (pgid === undefined) return;
  signal(-pgid, "SIGKILL");
  const deadline = Date.now() + 20_000;
  while (groupMembers(pgid).length > 0 && Date.now() < deadline) await sleep(50);
}

export function freezeServer(server: RunningDashboard, frozen: boolean): void {
  const pgid = server.process.pid;
  if (pgid !== undefined) signal(-pgid, frozen ? "SIGSTOP" : "SIGCONT");
}

function vmRssKiB(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** VmRSS of next-server (the biggest process of the group: npm and sh are small), or null when none runs. */
export function serverRssKiB(server: RunningDashboard): number | null {
  const pgid = server.process.pid;
  if (pgid === undefined) return null;
  const sizes = groupMembers(pgid)
    .filter((pid) => commandLine(pid) !== "")
    .map((pid) => vmRssKiB(pid));
  return sizes.length === 0 ? null : Math.max(...sizes);
}

export class ApiClient {
  private headers: Record<string, string> = {};
  constructor(
    private readonly baseUrl: string,
    private readonly password: string,
  ) {}

  async login(): Promise<void> {
    const response = await fetch(`${this.baseUrl}/api/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: "admin", password: this.password }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`login answered ${response.status}`);
    const { csrfToken } = (await response.json()) as { csrfToken: string };
    const cookie = response.headers.getSetCookie()[0]?.split(";")[0] ?? "";
    this.headers = { Cookie: cookie, Origin: this.baseUrl, "X-CSRF-Token": csrfToken };
  }

  /** A GET with the session; logs in again once on 401. */
  async get(path: string, timeoutMs = 5_000): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(`${this.baseUrl}${path}`, {
        headers: this.headers,
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (response.status !== 401 || attempt > 0) return response;
      await response.body?.cancel();
      await this.login();
    }
  }

  /** The whole history of a cluster, oldest first (pages of 500, at most 400 pages). */
  async events(clusterId: number): Promise<SoakEvent[]> {
    const out: SoakEvent[] = [];
    let before: number | null = null;
    for (let page = 0; page < 400; page++) {
      const query: string = `limit=500${before === null ? "" : `&before=${before}`}`;
      const response = await this.get(`/api/clusters/${clusterId}/events?${query}`, 30_000);
      if (!response.ok) throw new Error(`GET events answered ${response.status}: ${await response.text()}`);
      const { events } = (await response.json()) as {
        events: { id: number; type: string; at: string; data: Record<string, unknown> }[];
      };
      if (events.length === 0) break;
      for (const e of events) out.push({ id: e.id, type: e.type, at: Date.parse(e.at), data: e.data ?? {} });
      before = events[events.length - 1]?.id ?? null;
    }
    return out.sort((a, b) => a.id - b.id);
  }
}
