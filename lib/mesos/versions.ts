// Mesos release numbers and, per release, every behaviour of a master that docs/mesos/ documents. A citation such as
// "http.md#the-redirect-endpoint" is a section of a file in docs/mesos/; "fixture N" is a capture in
// tests/fixtures/mesos (numbered as in its SOURCES.md).

export interface MesosVersion {
  major: number;
  minor: number;
  patch: number;
}

const VERSION = /^(\d{1,6})\.(\d{1,6})\.(\d{1,6})(?:-[0-9A-Za-z.-]{1,40})?$/;

/**
 * Parses `MAJOR.MINOR.PATCH` as Mesos reports it (`"1.11.0"`). A pre-release suffix (`"1.12.0-dev"`,
 * `"0.26.0-rc5"`) is accepted and ignored: features follow the release it leads to.
 * Throws an `Error` naming the input for anything else.
 */
export function parseMesosVersion(version: string): MesosVersion {
  const match = VERSION.exec(version);
  if (!match)
    throw new Error(
      `not a Mesos version (expected MAJOR.MINOR.PATCH, e.g. "1.11.0"): ${JSON.stringify(version.slice(0, 60))}`,
    );
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

/** Like `parseMesosVersion`, but returns `null` instead of throwing. */
export function tryParseMesosVersion(version: string): MesosVersion | null {
  return VERSION.test(version) ? parseMesosVersion(version) : null;
}

function toVersion(version: string | MesosVersion): MesosVersion {
  return typeof version === "string" ? parseMesosVersion(version) : version;
}

/** Negative when `a` is older than `b`, 0 when they are the same release, positive when newer. Throws on garbage. */
export function compareMesosVersions(a: string | MesosVersion, b: string | MesosVersion): number {
  const x = toVersion(a);
  const y = toVersion(b);
  return x.major - y.major || x.minor - y.minor || x.patch - y.patch;
}

/** True when `version` is `minimum` or newer. Throws on garbage. */
export function atLeast(version: string | MesosVersion, minimum: string | MesosVersion): boolean {
  return compareMesosVersions(version, minimum) >= 0;
}

/** How a master publishes itself in ZooKeeper (zookeeper.md#znode-formats-by-version). */
export type ZnodeFormat = "legacy" | "protobuf" | "json";

/** What a non-leading master answers on leader-only endpoints (http.md#answers-of-a-non-leading-master). */
export type NonLeaderBehaviour = "redirect-307" | "own-state-200";

/** The `Location` of `/master/redirect` and of a non-leader's 307 (http.md#the-redirect-endpoint). */
export type RedirectStyle =
  | "absolute-http" // `http://host:port`
  | "protocol-relative-self-when-no-leader" // `//host:port`, never a path; itself when no leader
  | "protocol-relative-path-only" // `//host:port/master/state`, query dropped
  | "protocol-relative-with-query"; // `//host:port/master/state?jsonp=cb`

/**
 * `MasterInfo.Capability.Type` values a master advertises (zookeeper.md#masterinfo-as-json,
 * zookeeper.md#masterinfo-protobuf-fields).
 */
export type MasterCapability = "AGENT_UPDATE" | "AGENT_DRAINING" | "QUOTA_V2";

/** v1 operator API event types (http.md#operator-api-v1). */
export type OperatorEventType =
  | "SUBSCRIBED"
  | "TASK_ADDED"
  | "TASK_UPDATED"
  | "AGENT_ADDED"
  | "AGENT_REMOVED"
  | "FRAMEWORK_ADDED"
  | "FRAMEWORK_UPDATED"
  | "FRAMEWORK_REMOVED"
  | "HEARTBEAT";

const EVENTS_SINCE: readonly (readonly [OperatorEventType, string])[] = [
  ["SUBSCRIBED", "1.0.0"],
  ["TASK_ADDED", "1.0.0"],
  ["TASK_UPDATED", "1.0.0"],
  ["AGENT_ADDED", "1.1.0"],
  ["AGENT_REMOVED", "1.1.0"],
  ["FRAMEWORK_ADDED", "1.4.0"],
  ["FRAMEWORK_UPDATED", "1.4.0"],
  ["FRAMEWORK_REMOVED", "1.4.0"],
  ["HEARTBEAT", "1.5.0"],
];

/** Everything version-dependent about one Mesos master release. */
export interface MesosFeatures {
  znodeFormat: ZnodeFormat; // zookeeper.md#znode-formats-by-version: legacy ≤0.16, protobuf (`info_`) 0.17–0.23, json (`json.info_`) ≥0.24
  detectorReads: readonly ZnodeFormat[]; // zookeeper.md#mixed-version-clusters: formats this version's detector parses; a leader in any other format is ignored (≤0.15) or fatal
  masterInfoHostname: boolean; // zookeeper.md#masterinfo-protobuf-fields: MasterInfo.hostname (field 5) since 0.18
  masterInfoVersion: boolean; // zookeeper.md#masterinfo-protobuf-fields: MasterInfo.version (field 6) since 0.23
  masterInfoAddress: boolean; // zookeeper.md#masterinfo-protobuf-fields: MasterInfo.address (field 7) since 0.24
  uuidMasterId: boolean; // zookeeper.md#masterinfo-as-json: UUID master id since 0.25; before, `%s-%u-%u-%d` (date-ip-port-pid)
  logReplicas: boolean; // zookeeper.md#log-replicas + 0.19.0 release notes (registrar on the replicated log): `log_replicas` znodes since 0.19 (inference)
  stateJsonEndpoint: boolean; // http.md#routing-and-delegation: `/master/state.json` and `/state.json` up to 1.7.x (removed in 1.8, MESOS-4509)
  stateEndpoint: boolean; // http.md#routing-and-delegation: `/master/state` since 0.25
  stateSummary: boolean; // http.md#routing-and-delegation: `/master/state-summary` since 0.23
  slavesEndpoint: boolean; // http.md#routing-and-delegation: `/master/slaves` since 0.22
  tasksEndpoint: boolean; // http.md#routing-and-delegation: `/master/tasks` since 0.25 (`tasks.json` until 1.7)
  rolesEndpoint: boolean; // http.md#routing-and-delegation landmarks: `/master/roles` (without `.json`) since 0.25
  maintenanceEndpoint: boolean; // http.md#routing-and-delegation: `/master/maintenance/status` since 0.25
  frameworksEndpoint: boolean; // http.md#routing-and-delegation: `/master/frameworks` since 0.26
  flagsEndpoint: boolean; // http.md#routing-and-delegation: `/master/flags` since 0.26
  statsJson: boolean; // http.md#routing-and-delegation: `/master/stats.json` up to 0.22 (fixture 9 is a 0.22 capture)
  observeEndpoint: boolean; // http.md#routing-and-delegation: `/master/observe` up to 0.28
  metricsSnapshot: boolean; // http.md#metrics-snapshot; since 0.19 per the 0.19.0 release notes ("now exposed on <ip:port>/metrics/snapshot"); fixture 9 (0.22) already carries `master/*` metric keys
  operatorApiV1: boolean; // http.md#routing-and-delegation, http.md#operator-api-v1: `POST /api/v1` since 1.0
  operatorEvents: readonly OperatorEventType[]; // http.md#operator-api-v1: SUBSCRIBE event types, each with its first version
  nonLeader: NonLeaderBehaviour; // http.md#answers-of-a-non-leading-master: 307/503 from 1.0; before, 200 with the non-leader's own state
  redirect: RedirectStyle; // http.md#the-redirect-endpoint: absolute ≤0.23, `//host:port` 0.24–0.28, path without query 1.0.x, path and query ≥1.1
  redirectWithoutLeader: "redirect-to-self" | "503-no-leader-elected"; // http.md#answers-of-a-non-leading-master: 503 from 1.0.0; http.md#the-redirect-endpoint: 0.24–0.28 redirect to themselves (≤0.23 undocumented, assumed the same)
  leaderInfo: boolean; // state.md#top-level-keys: `leader_info` in state since 1.1
  unreachableAndRecoveredSlaves: boolean; // state.md#top-level-keys: `unreachable_slaves`, `recovered_slaves` since 1.2
  unreachableMetrics: boolean; // fixture 8 (≈1.0.x) "lacks the unreachable metrics that arrived in 1.1" (tests/fixtures/mesos/SOURCES.md#fixture-8-master-metrics-snapshot)
  frameworkConnectedRecovered: boolean; // state.md#framework-task-and-offer-objects: framework `connected` and `recovered` since 1.2
  domain: boolean; // state.md#top-level-keys, zookeeper.md#masterinfo-protobuf-fields: `domain` in state and MasterInfo (only with `--domain`) since 1.4
  masterCapabilities: readonly MasterCapability[]; // zookeeper.md#masterinfo-as-json: AGENT_UPDATE 1.5–1.8; + AGENT_DRAINING, QUOTA_V2 from 1.9; [] before 1.5
  gpus: boolean; // state.md#resource-values: `gpus` in resource JSON and `master/gpus_*` since 1.0
  agentDeactivatedField: boolean; // state.md#agent-objects: agent `deactivated` (and `drain_info`) since 1.9
  httpReadonlyAuth: boolean; // http.md#http-authentication: `--authenticate_http_readonly` since 1.0 (0.28 had only `--authenticate_http`)
  webuiJsonp: boolean; // landmarks, web-ui.md#polling: the webui polls with JSONP since 1.0.1 (MESOS-5911)
  jsonEscapesSlash: boolean; // http.md#metrics-snapshot: `/` written `\/` up to 1.6 (fixture 3, 0.27, is full of `\/`); rapidjson from 1.7 does not
  wholeNumbersAsFloat: boolean; // whole doubles print `3.0`: ≥1.7 (http.md#metrics-snapshot; fixture 6, 1.8: `"activated_slaves":2.0`) and 0.26–0.28 (fixtures 2, 3: `0.0`, `3.0`); `3` ≤0.25 (fixtures 1, 0.19 and 9, 0.22) and 1.0–1.6 (http.md#metrics-snapshot "from 1.7"; see the note below)
}

// Note on `wholeNumbersAsFloat` for 1.0–1.6: the only 1.x captures before 1.7 (fixture 4, 1.2.0 and fixture 8, ≈1.0.x)
// print `2`, but both were re-serialised (their `/` are not escaped, which Mesos ≤1.6 always does), so they prove
// nothing; http.md#metrics-snapshot says whole numbers print as `1.0` "from 1.7 on", and that is what this table
// follows. Clients must parse numerically anyway (docs/mesos/README.md#open-points-and-uncertainties, point 4).

/** The behaviour table for one release. Throws on a malformed version string. */
export function mesosFeatures(version: string | MesosVersion): MesosFeatures {
  const v = toVersion(version);
  const since = (minimum: string) => atLeast(v, minimum);
  const before = (limit: string) => !atLeast(v, limit);
  return {
    znodeFormat: since("0.24.0") ? "json" : since("0.17.0") ? "protobuf" : "legacy",
    detectorReads: since("0.23.0")
      ? ["legacy", "protobuf", "json"]
      : since("0.16.0")
        ? ["legacy", "protobuf"]
        : ["legacy"],
    masterInfoHostname: since("0.18.0"),
    masterInfoVersion: since("0.23.0"),
    masterInfoAddress: since("0.24.0"),
    uuidMasterId: since("0.25.0"),
    logReplicas: since("0.19.0"),
    stateJsonEndpoint: before("1.8.0"),
    stateEndpoint: since("0.25.0"),
    stateSummary: since("0.23.0"),
    slavesEndpoint: since("0.22.0"),
    tasksEndpoint: since("0.25.0"),
    rolesEndpoint: since("0.25.0"),
    maintenanceEndpoint: since("0.25.0"),
    frameworksEndpoint: since("0.26.0"),
    flagsEndpoint: since("0.26.0"),
    statsJson: before("0.23.0"),
    observeEndpoint: before("1.0.0"),
    metricsSnapshot: since("0.19.0"),
    operatorApiV1: since("1.0.0"),
    operatorEvents: EVENTS_SINCE.filter(([, first]) => since(first)).map(([type]) => type),
    nonLeader: since("1.0.0") ? "redirect-307" : "own-state-200",
    redirect: since("1.1.0")
      ? "protocol-relative-with-query"
      : since("1.0.0")
        ? "protocol-relative-path-only"
        : since("0.24.0")
          ? "protocol-relative-self-when-no-leader"
          : "absolute-http",
    redirectWithoutLeader: since("1.0.0") ? "503-no-leader-elected" : "redirect-to-self",
    leaderInfo: since("1.1.0"),
    unreachableAndRecoveredSlaves: since("1.2.0"),
    unreachableMetrics: since("1.1.0"),
    frameworkConnectedRecovered: since("1.2.0"),
    domain: since("1.4.0"),
    masterCapabilities: since("1.9.0")
      ? ["AGENT_UPDATE", "AGENT_DRAINING", "QUOTA_V2"]
      : since("1.5.0")
        ? ["AGENT_UPDATE"]
        : [],
    gpus: since("1.0.0"),
    agentDeactivatedField: since("1.9.0"),
    httpReadonlyAuth: since("1.0.0"),
    webuiJsonp: since("1.0.1"),
    jsonEscapesSlash: before("1.7.0"),
    wholeNumbersAsFloat: since("1.7.0") || (since("0.26.0") && before("1.0.0")),
  };
}
