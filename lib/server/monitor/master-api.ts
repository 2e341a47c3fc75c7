import "server-only";
// The few master endpoints the monitor reads, for every version from 0.16 to 1.11
// (docs/mesos/http.md#master-http-endpoints): the leader's state, its metrics, and each master's `/health` and
// `master/elected`.
import {
  type MetricsSnapshot,
  type MesosState,
  parseMesosState,
  parseMetricsSnapshot,
  parseStatsJson,
} from "@/lib/mesos/schemas";
import { mesosFeatures, tryParseMesosVersion } from "@/lib/mesos/versions";
import {
  MasterHttpError,
  type MasterRequestOptions,
  baseUrlFromLocation,
  baseUrlFromPid,
  bodyDetail,
  parseJsonBody,
  requestMaster,
} from "./master-http";

export type StateAnswer =
  | { kind: "state"; url: string; state: MesosState; bytes: number; durationMs: number }
  /**
   * A non-leader pointing at the leader: 307 (≥1.0) or its own state naming another leader (before 1.0,
   * docs/mesos/http.md#answers-of-a-non-leading-master).
   */
  | { kind: "not-leader"; url: string; leaderUrl: string | null }
  /**
   * A master that knows no leader: 503 (≥1.0), or before 1.0 a state without `leader`. `message` is ours, never the
   * master's body, which goes to `detail` (for the server log).
   */
  | { kind: "no-leader"; url: string; message: string; detail?: string };

function statePaths(version: string | null): string[] {
  const parsed = version ? tryParseMesosVersion(version) : null;
  if (!parsed) return ["/master/state.json", "/master/state"]; // masters that publish no version are ≤0.22
  const features = mesosFeatures(parsed);
  return features.stateEndpoint ? ["/master/state"] : ["/master/state.json"];
}

/**
 * Before 1.0 every master serves its own state; only the leader names itself as `leader`
 * (docs/mesos/http.md#answers-of-a-non-leading-master).
 */
function leadsItself(state: MesosState): boolean {
  return state.leader ? state.leader === state.pid : state.elected_time !== undefined;
}

function statusError(url: string, status: number, body: string): MasterHttpError {
  if (status === 401 || status === 403) {
    return new MasterHttpError(
      "status",
      `${url} refused the dashboard's credentials (HTTP ${status}); check the cluster's HTTP credentials`,
      status,
    );
  }
  // The body is the master's to choose: viewers see the status only, the server log its beginning.
  return new MasterHttpError("status", `${url} answered HTTP ${status}`, status, body ? bodyDetail(body) : undefined);
}

/** Asks one master for the cluster state. Throws MasterHttpError for transport failures and unusable answers. */
export async function fetchState(
  baseUrl: string,
  version: string | null,
  options: MasterRequestOptions,
): Promise<StateAnswer> {
  const started = Date.now();
  const paths = statePaths(version);
  for (const [index, path] of paths.entries()) {
    const url = `${baseUrl}${path}`;
    const response = await requestMaster(baseUrl, path, options);
    if (response.status === 404 && index < paths.length - 1) continue;
    if (response.status === 307 || response.status === 302) {
      return { kind: "not-leader", url, leaderUrl: response.location ? baseUrlFromLocation(response.location) : null };
    }
    if (response.status === 503) {
      const body = response.body.trim();
      return {
        kind: "no-leader",
        url,
        message: "HTTP 503: this master knows no leader",
        ...(body ? { detail: bodyDetail(body) } : {}),
      };
    }
    if (response.status !== 200) throw statusError(url, response.status, response.body);
    const parsed = parseMesosState(parseJsonBody(response.body, url));
    if (!parsed.ok) throw new MasterHttpError("invalid", `${url} sent a state that does not validate: ${parsed.error}`);
    const state = parsed.value;
    if (!leadsItself(state)) {
      return state.leader
        ? { kind: "not-leader", url, leaderUrl: baseUrlFromPid(state.leader) }
        : { kind: "no-leader", url, message: "this master knows no leader" };
    }
    return { kind: "state", url, state, bytes: response.bytes, durationMs: Date.now() - started };
  }
  throw new MasterHttpError("status", `${baseUrl} serves none of ${paths.join(", ")}`, 404);
}

/**
 * The leader's metrics (`/metrics/snapshot` from 0.19, `/master/stats.json` before), for the task counts the
 * stock UI shows. Null when the master has neither or refuses: the counts then come from the state.
 */
export async function fetchMetrics(
  baseUrl: string,
  version: string | null,
  options: MasterRequestOptions,
): Promise<MetricsSnapshot | null> {
  const parsedVersion = version ? tryParseMesosVersion(version) : null;
  const features = parsedVersion ? mesosFeatures(parsedVersion) : null;
  const path =
    !features || features.metricsSnapshot ? "/metrics/snapshot" : features.statsJson ? "/master/stats.json" : null;
  if (!path) return null;
  try {
    const response = await requestMaster(baseUrl, path, { ...options, acceptGzip: true });
    if (response.status !== 200) return null;
    const json = parseJsonBody(response.body, `${baseUrl}${path}`);
    const parsed = path === "/metrics/snapshot" ? parseMetricsSnapshot(json) : parseStatsJson(json);
    if (!parsed.ok) return null;
    const numbers: MetricsSnapshot = {};
    for (const [key, value] of Object.entries(parsed.value)) if (typeof value === "number") numbers[key] = value;
    return numbers;
  } catch {
    return null;
  }
}

/**
 * `/health` answers 200 with an empty body on every master, leader or not, without authentication
 * (docs/mesos/http.md#endpoints-a-dashboard-uses, docs/mesos/http.md#http-authentication).
 */
export async function probeHealth(baseUrl: string, options: MasterRequestOptions): Promise<void> {
  const response = await requestMaster(baseUrl, "/health", { ...options, auth: null });
  if (response.status !== 200) throw statusError(`${baseUrl}/health`, response.status, response.body);
}

/**
 * `master/elected` as the master reports it (docs/mesos/http.md#metrics-snapshot), or null when the master does not say
 * (no metrics, 401).
 */
export const NOT_A_MASTER = "not_a_master";
export type ElectedProbe = boolean | null | typeof NOT_A_MASTER;

/**
 * `master/elected` as a master reports it: true or false; null when unknown (no answer, an error status, a version
 * without the metrics endpoint); `NOT_A_MASTER` when the host answers in a way no Mesos master of its version does
 * (metrics without `master/elected`, as an agent's; a body that is not JSON; no metrics endpoint where the version has
 * one), so it does not count as a running master (docs/security.md#hosts-contacted).
 */
export async function probeElected(
  baseUrl: string,
  version: string | null,
  options: MasterRequestOptions,
): Promise<ElectedProbe> {
  const parsedVersion = version ? tryParseMesosVersion(version) : null;
  if (parsedVersion && !mesosFeatures(parsedVersion).metricsSnapshot) return null;
  // Every master, every few seconds: gzipped, a real master's snapshot (hundreds of gauges) is a fifth of its size.
  const response = await requestMaster(baseUrl, "/metrics/snapshot?timeout=1secs", { ...options, acceptGzip: true });
  if (response.status === 404 && parsedVersion) return NOT_A_MASTER;
  if (response.status !== 200) return null;
  let body: unknown;
  try {
    body = parseJsonBody(response.body, `${baseUrl}/metrics/snapshot`);
  } catch {
    return NOT_A_MASTER;
  }
  const parsed = parseMetricsSnapshot(body);
  if (!parsed.ok) return NOT_A_MASTER;
  const elected = parsed.value["master/elected"];
  return typeof elected === "number" ? elected === 1 : NOT_A_MASTER;
}
