// The dashboard as the demo runs it: its production server (`npm start`) in a process group of its own, and a
// cluster registered through its API, as an admin would (the browser tests register theirs the same way).
import { type ChildProcess } from "node:child_process";
import path from "node:path";
import { spawnInOwnGroup, stopProcessGroup } from "./process-group";
import { isRunning } from "./processes";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface DashboardServerOptions {
  port: number;
  host: string;
  /** Receives the server's output; emptied first. */
  logFile: string;
  /** More environment (DATABASE_URL, DASHBOARD_ADMIN_PASSWORD …) over this process's own. */
  env?: Record<string, string>;
}

export interface RunningDashboard {
  url: string;
  process: ChildProcess;
  isAlive(): boolean;
  /** Resolves when the server's process exits, whoever stopped it. */
  exited: Promise<void>;
  stop(): Promise<void>;
}

export function startDashboardServer(options: DashboardServerOptions): RunningDashboard {
  const child = spawnInOwnGroup("npm", ["start"], {
    cwd: ROOT,
    env: { ...process.env, ...options.env, PORT: String(options.port), HOSTNAME: options.host },
    logFile: options.logFile,
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const pid = child.pid;
  return {
    url: `http://${options.host}:${options.port}`,
    process: child,
    isAlive: () => pid !== undefined && child.exitCode === null && child.signalCode === null && isRunning(pid),
    exited,
    // The whole group: npm, the shell it runs the start script in, and next-server, which holds the port.
    stop: async () => {
      if (pid !== undefined) await stopProcessGroup(pid, 5_000);
    },
  };
}

/** Who registers the cluster: a user who logs in (session cookie and CSRF token), or an API token. */
export type DashboardCredentials = { username: string; password: string } | { token: string };

export interface ClusterDefinition {
  name: string;
  [field: string]: unknown;
}

export interface RegisterClusterOptions {
  baseUrl: string;
  credentials: DashboardCredentials;
  definition: ClusterDefinition;
  /** When a cluster of that name exists (409), make it match `definition` (a demo run again) instead of failing. */
  updateExisting?: boolean;
}

async function authenticationHeaders(baseUrl: string, credentials: DashboardCredentials): Promise<HeadersInit> {
  if ("token" in credentials) return { Authorization: `Bearer ${credentials.token}` };
  const { username, password } = credentials;
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  if (!login.ok) {
    throw new Error(
      `logging in as ${username} answered ${login.status}: was the database created with another ${username} password?`,
    );
  }
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers.getSetCookie()[0]?.split(";")[0] ?? "";
  // A session's writes need its CSRF token and a same-origin Origin header, as the browser sends them.
  return { Cookie: cookie, Origin: baseUrl, "X-CSRF-Token": csrfToken };
}

async function failure(what: string, response: Response): Promise<Error> {
  return new Error(`${what} answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
}

/** Registers the cluster through POST /api/clusters and returns its id. */
export async function registerCluster(options: RegisterClusterOptions): Promise<number> {
  const { baseUrl, definition } = options;
  const headers = {
    "Content-Type": "application/json",
    ...(await authenticationHeaders(baseUrl, options.credentials)),
  };
  const body = JSON.stringify(definition);
  const created = await fetch(`${baseUrl}/api/clusters`, { method: "POST", headers, body });
  if (created.status === 201) return ((await created.json()) as { id: number }).id;
  if (created.status !== 409 || !options.updateExisting) throw await failure("POST /api/clusters", created);

  const clusters = (await (await fetch(`${baseUrl}/api/clusters`, { headers })).json()) as ClusterDefinition[];
  const existing = clusters.find((cluster) => cluster.name === definition.name);
  if (typeof existing?.id !== "number") throw new Error(`no cluster named ${definition.name} in GET /api/clusters`);
  const updated = await fetch(`${baseUrl}/api/clusters/${existing.id}`, { method: "PUT", headers, body });
  if (updated.status !== 200) throw await failure(`PUT /api/clusters/${existing.id}`, updated);
  return existing.id;
}
