// Bringing the soak's test bed up: a 3-server ensemble, a 1.x cluster (with HTTP auth) and a 0.23 cluster on it under
// different paths, the dashboard's production server on a fresh database, and both clusters registered through the API.
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import {
  type RunningDashboard,
  type RunningSim,
  connectString,
  freePorts,
  isPortFree,
  registerCluster,
  startEnsemble,
  startSim,
} from "../testbed";
import type { Ensemble } from "../testbed";
import { type DashboardConfig, startServer } from "./dashboard";

export const HTTP_AUTH = { username: "soak", password: randomBytes(9).toString("base64url") };
/**
 * The simulated masters listen on 127.0.0.1 only. Not 127.0.0.0/8: the hostile listener is on 127.0.0.2, which must be
 * outside the allowlist for "no request at all" to mean anything.
 */
export const ALLOWED_MASTERS = ["127.0.0.1/32"];
export const DASHBOARD_SESSION_TIMEOUT_MS = 6_000;

export interface ClusterSpec {
  name: string;
  path: string;
  version: string;
  httpAuth: boolean;
}

export const CLUSTERS: ClusterSpec[] = [
  { name: "soak-1x", path: "/soak-1x", version: "1.11.0", httpAuth: true },
  { name: "soak-023", path: "/soak-023", version: "0.23.0", httpAuth: false },
];

export async function dashboardPort(wanted: number | null): Promise<number> {
  if (wanted !== null) return wanted;
  const start = 3300 + Math.floor(Math.random() * 100);
  for (let i = 0; i < 100; i++) {
    const port = 3300 + ((start - 3300 + i) % 100);
    if (await isPortFree(port)) return port;
  }
  throw new Error("no free port in 3300-3399 for the dashboard");
}

export async function startZk(dir: string): Promise<Ensemble> {
  return startEnsemble({ dir: path.join(dir, "zk"), clientPorts: await freePorts(3), timeoutMs: 90_000 });
}

export async function startCluster(
  ensemble: Ensemble,
  spec: ClusterSpec,
  dir: string,
  seed: number,
): Promise<RunningSim> {
  return startSim({
    zk: `zk://${connectString(ensemble)}${spec.path}`,
    masters: 3,
    agents: 3,
    mesosVersion: spec.version,
    logFile: path.join(dir, `sim-${spec.name}.log`),
    timeoutMs: 120_000,
    args: [
      "--session-timeout",
      "4000",
      "--restart-delay",
      "8000",
      "--seed",
      String(seed),
      ...(spec.httpAuth ? ["--http-auth", `${HTTP_AUTH.username}:${HTTP_AUTH.password}`] : []),
    ],
  });
}

export function dashboardConfig(dir: string, port: number, password: string): DashboardConfig {
  mkdirSync(path.join(dir, "db"), { recursive: true });
  return {
    port,
    logFile: path.join(dir, "server.log"),
    env: {
      DATABASE_URL: `file:${path.resolve(dir, "db", "dashboard.db")}`,
      DASHBOARD_ADMIN_PASSWORD: password,
      NEXT_TELEMETRY_DISABLED: "1",
      ZK_SESSION_TIMEOUT_MS: String(DASHBOARD_SESSION_TIMEOUT_MS),
    },
  };
}

export async function startDashboard(config: DashboardConfig): Promise<RunningDashboard> {
  return startServer(config);
}

/**
 * Registers a cluster; with `allowlist` "auto", with allowedMasters when the dashboard accepts the field (the
 * allowlist change has landed) and without it when the dashboard refuses it as unknown. Returns the id and whether
 * the allowlist was registered.
 */
export async function register(
  baseUrl: string,
  password: string,
  spec: ClusterSpec,
  ensemble: Ensemble,
  sim: RunningSim,
  allowlist: "auto" | "on" | "off",
): Promise<{ id: number; allowlist: boolean }> {
  const definition = {
    name: spec.name,
    zk: `zk://${connectString(ensemble)}${spec.path}`,
    quorum: 2,
    description: `Simulated Mesos ${spec.version} (npm run soak)`,
    controller: { type: "sim", url: sim.ready.control },
    ...(spec.httpAuth ? { httpAuth: HTTP_AUTH } : {}),
  };
  const attempt = (withAllowlist: boolean) =>
    registerCluster({
      baseUrl,
      credentials: { username: "admin", password },
      definition: withAllowlist ? { ...definition, allowedMasters: ALLOWED_MASTERS } : definition,
    });
  if (allowlist === "off") return { id: await attempt(false), allowlist: false };
  try {
    return { id: await attempt(true), allowlist: true };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (allowlist === "on" || !/answered 400/.test(message) || !/allowedMasters|nrecognized/.test(message)) throw error;
    return { id: await attempt(false), allowlist: false };
  }
}
