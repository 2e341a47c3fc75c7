// `npm run sim -- <options>`: parsed and validated before anything starts.
import { parseArgs } from "node:util";
import { parseMesosVersion } from "../lib/mesos/versions";
import { parseZkUrl } from "../lib/zk/url";
import { effectiveQuorum } from "../lib/shared/quorum";

export interface SimOptions {
  zk: string;
  masters: number;
  quorum: number;
  agents: number;
  tasks: number;
  mesosVersion: string;
  basePort: number;
  hosts: string[] | null;
  sessionTimeoutMs: number;
  registryFetchTimeoutMs: number;
  /**
   * Like systemd's Restart=always/RestartSec (docs/mesos/failover.md#mesosphere-packages): a master that dies without
   * `stop` comes back; null = never.
   */
  restartDelayMs: number | null;
  controlPort: number;
  seed: number;
  httpAuth: { principal: string; secret: string } | null;
  cluster: string;
  /** The SUBSCRIBE stream's heartbeat interval; a simulator option: real masters send one every 15 s, fixed. */
  heartbeatSeconds: number;
  /** Task changes per second the churn keeps up (0 = off). */
  taskChurn: number;
}

export const USAGE = `usage: npm run sim -- [options]
  --zk URL                   zk://host:port[,host:port...]/path (default zk://127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183/mesos)
  --masters N                master processes (default 3)
  --quorum N                 replicated-log quorum (default: majority of --masters)
  --agents N                 agents (default 5)
  --tasks N                  running tasks spread over the agents (default 4 per agent)
  --mesos-version X.Y.Z      simulated Mesos version, 0.15.0 to 1.11.0 (default 1.11.0)
  --base-port P              master i listens on 127.0.0.1:P+i (default 5050)
  --hosts A,B,C              one loopback address per master instead, all on --base-port
  --session-timeout MS       ZooKeeper session timeout of each master (default 10000, like --zk_session_timeout)
  --registry-fetch-timeout MS  an elected master without a quorum of replicas aborts after this (default 60000)
  --restart-delay MS|off     restart a master that died without "stop" after MS (default 20000, like RestartSec=20)
  --control-port P           the control API on 127.0.0.1:P (default 5049)
  --seed N                   the same seed builds the same cluster (default 1)
  --http-auth user:secret    require HTTP basic auth on read-only endpoints (Mesos >= 1.0)
  --cluster NAME             the --cluster flag of the masters (default sim)
  --heartbeat-interval S     seconds between HEARTBEAT events on /api/v1 streams, Mesos >= 1.5 (default 15, as real
                             masters, where it is fixed; 0.05 to 3600)
  --task-churn N             task changes per second, at a steady rate: launches, STAGING -> RUNNING, finishes and
                             failures, keeping the running total stable (default 0, at most 1000)`;

function integer(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`--${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

function seconds(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < min || n > max)
    throw new Error(`--${name} must be a number of seconds from ${min} to ${max}, got "${value}"`);
  return n;
}

const LOOPBACK = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function parseSimOptions(argv: string[]): SimOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: Object.fromEntries(
      [
        "zk",
        "masters",
        "quorum",
        "agents",
        "tasks",
        "mesos-version",
        "base-port",
        "hosts",
        "session-timeout",
        "registry-fetch-timeout",
        "restart-delay",
        "control-port",
        "seed",
        "http-auth",
        "cluster",
        "heartbeat-interval",
        "task-churn",
      ].map((name) => [name, { type: "string" as const }]),
    ),
  });
  const zk = values.zk ?? "zk://127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183/mesos";
  parseZkUrl(zk);
  const masters = integer("masters", values.masters, 3, 1, 9);
  const quorum = integer("quorum", values.quorum, effectiveQuorum(null, masters), 1, masters);
  const agents = integer("agents", values.agents, 5, 0, 50_000);
  const mesosVersion = values["mesos-version"] ?? "1.11.0";
  parseMesosVersion(mesosVersion);
  const hosts = values.hosts ? values.hosts.split(",").map((h) => h.trim()) : null;
  if (hosts) {
    if (hosts.length !== masters) throw new Error(`--hosts names ${hosts.length} addresses for ${masters} masters`);
    const bad = hosts.find((h) => !LOOPBACK.test(h) || h.split(".").some((o) => Number(o) > 255));
    if (bad !== undefined) throw new Error(`--hosts: "${bad}" is not a loopback address (127.0.0.0/8)`);
    if (new Set(hosts).size !== hosts.length) throw new Error("--hosts: addresses must be distinct");
  }
  let httpAuth: SimOptions["httpAuth"] = null;
  if (values["http-auth"] !== undefined) {
    const [principal, ...rest] = values["http-auth"].split(":");
    if (!principal || rest.length === 0 || rest.join(":") === "") throw new Error('--http-auth must be "user:secret"');
    const { major } = parseMesosVersion(mesosVersion);
    if (major < 1)
      throw new Error(
        "--http-auth: --authenticate_http_readonly exists from Mesos 1.0.0 (docs/mesos/http.md#http-authentication)",
      );
    httpAuth = { principal, secret: rest.join(":") };
  }
  const restart = values["restart-delay"];
  return {
    zk,
    masters,
    quorum,
    agents,
    mesosVersion,
    hosts,
    httpAuth,
    tasks: integer("tasks", values.tasks, agents * 4, 0, 500_000),
    basePort: integer("base-port", values["base-port"], 5050, 1, 65_535 - (hosts ? 0 : masters)),
    sessionTimeoutMs: integer("session-timeout", values["session-timeout"], 10_000, 1000, 60_000),
    registryFetchTimeoutMs: integer("registry-fetch-timeout", values["registry-fetch-timeout"], 60_000, 500, 600_000),
    restartDelayMs: restart === "off" ? null : integer("restart-delay", restart, 20_000, 0, 600_000),
    controlPort: integer("control-port", values["control-port"], 5049, 1, 65_535),
    seed: integer("seed", values.seed, 1, 0, 2 ** 31 - 1),
    cluster: values.cluster ?? "sim",
    heartbeatSeconds: seconds("heartbeat-interval", values["heartbeat-interval"], 15, 0.05, 3600),
    taskChurn: integer("task-churn", values["task-churn"], 0, 0, 1000),
  };
}

/** Where master `index` (0-based) listens. */
export function masterAddress(options: SimOptions, index: number): { ip: string; port: number } {
  const host = options.hosts?.[index];
  return host ? { ip: host, port: options.basePort } : { ip: "127.0.0.1", port: options.basePort + index };
}
