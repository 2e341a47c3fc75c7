import { describe, expect, it } from "vitest";
import {
  atLeast,
  compareMesosVersions,
  mesosFeatures,
  parseMesosVersion,
  tryParseMesosVersion,
  type MesosFeatures,
} from "./versions";

describe("parseMesosVersion", () => {
  it("parses MAJOR.MINOR.PATCH, ignoring a pre-release suffix", () => {
    expect(parseMesosVersion("1.11.0")).toEqual({ major: 1, minor: 11, patch: 0 });
    expect(parseMesosVersion("0.26.0-rc5")).toEqual({ major: 0, minor: 26, patch: 0 });
    expect(parseMesosVersion("1.12.0-dev")).toEqual({ major: 1, minor: 12, patch: 0 });
  });

  it.each([
    "",
    "1.11",
    "1.11.0.1",
    "v1.11.0",
    " 1.11.0",
    "1.11.0 ",
    "a.b.c",
    "1..0",
    "1.11.x",
    "-1.0.0",
    "1.11.0-",
    "1234567.0.0",
  ])("rejects %j", (garbage) => {
    expect(() => parseMesosVersion(garbage)).toThrow(/not a Mesos version/);
    expect(tryParseMesosVersion(garbage)).toBeNull();
  });
});

describe("compareMesosVersions / atLeast", () => {
  it("orders numerically, not as strings", () => {
    const sorted = ["1.11.0", "0.9.0", "1.2.0", "0.28.2", "1.10.0", "0.100.0", "1.0.1"].sort(compareMesosVersions);
    expect(sorted).toEqual(["0.9.0", "0.28.2", "0.100.0", "1.0.1", "1.2.0", "1.10.0", "1.11.0"]);
    expect(compareMesosVersions("1.12.0-dev", "1.12.0")).toBe(0);
  });

  it("atLeast", () => {
    expect(atLeast("1.2.0", "1.2.0")).toBe(true);
    expect(atLeast("1.10.0", "1.2.0")).toBe(true);
    expect(atLeast("1.1.9", "1.2.0")).toBe(false);
    expect(atLeast({ major: 0, minor: 25, patch: 0 }, "0.24.0")).toBe(true);
    expect(() => atLeast("garbage", "1.0.0")).toThrow(/not a Mesos version/);
  });
});

type Row = Pick<MesosFeatures, "znodeFormat" | "nonLeader" | "redirect" | "redirectWithoutLeader"> & {
  caps: number;
  on: string;
};

// Every boolean feature that is true for the version is listed in `on`; all others must be false.
const ROWS: Record<string, Row> = {
  "0.15.0": {
    znodeFormat: "legacy",
    nonLeader: "own-state-200",
    redirect: "absolute-http",
    redirectWithoutLeader: "redirect-to-self",
    caps: 0,
    on: "stateJsonEndpoint statsJson observeEndpoint jsonEscapesSlash",
  },
  "0.16.0": {
    znodeFormat: "legacy",
    nonLeader: "own-state-200",
    redirect: "absolute-http",
    redirectWithoutLeader: "redirect-to-self",
    caps: 0,
    on: "stateJsonEndpoint statsJson observeEndpoint jsonEscapesSlash",
  },
  "0.17.0": {
    znodeFormat: "protobuf",
    nonLeader: "own-state-200",
    redirect: "absolute-http",
    redirectWithoutLeader: "redirect-to-self",
    caps: 0,
    on: "stateJsonEndpoint statsJson observeEndpoint jsonEscapesSlash",
  },
  "0.19.0": {
    znodeFormat: "protobuf",
    nonLeader: "own-state-200",
    redirect: "absolute-http",
    redirectWithoutLeader: "redirect-to-self",
    caps: 0,
    on: "masterInfoHostname logReplicas stateJsonEndpoint statsJson observeEndpoint metricsSnapshot jsonEscapesSlash",
  },
  "0.22.0": {
    znodeFormat: "protobuf",
    nonLeader: "own-state-200",
    redirect: "absolute-http",
    redirectWithoutLeader: "redirect-to-self",
    caps: 0,
    on: "masterInfoHostname logReplicas stateJsonEndpoint slavesEndpoint statsJson observeEndpoint metricsSnapshot jsonEscapesSlash",
  },
  "0.23.0": {
    znodeFormat: "protobuf",
    nonLeader: "own-state-200",
    redirect: "absolute-http",
    redirectWithoutLeader: "redirect-to-self",
    caps: 0,
    on: "masterInfoHostname masterInfoVersion logReplicas stateJsonEndpoint stateSummary slavesEndpoint observeEndpoint metricsSnapshot jsonEscapesSlash",
  },
  "0.24.0": {
    znodeFormat: "json",
    nonLeader: "own-state-200",
    redirect: "protocol-relative-self-when-no-leader",
    redirectWithoutLeader: "redirect-to-self",
    caps: 0,
    on: "masterInfoHostname masterInfoVersion masterInfoAddress logReplicas stateJsonEndpoint stateSummary slavesEndpoint observeEndpoint metricsSnapshot jsonEscapesSlash",
  },
  "0.25.0": {
    znodeFormat: "json",
    nonLeader: "own-state-200",
    redirect: "protocol-relative-self-when-no-leader",
    redirectWithoutLeader: "redirect-to-self",
    caps: 0,
    on: "masterInfoHostname masterInfoVersion masterInfoAddress uuidMasterId logReplicas stateJsonEndpoint stateEndpoint stateSummary slavesEndpoint tasksEndpoint rolesEndpoint maintenanceEndpoint observeEndpoint metricsSnapshot jsonEscapesSlash",
  },
  "0.28.0": {
    znodeFormat: "json",
    nonLeader: "own-state-200",
    redirect: "protocol-relative-self-when-no-leader",
    redirectWithoutLeader: "redirect-to-self",
    caps: 0,
    on: "masterInfoHostname masterInfoVersion masterInfoAddress uuidMasterId logReplicas stateJsonEndpoint stateEndpoint stateSummary slavesEndpoint tasksEndpoint rolesEndpoint maintenanceEndpoint frameworksEndpoint flagsEndpoint observeEndpoint metricsSnapshot jsonEscapesSlash wholeNumbersAsFloat",
  },
  "1.0.0": {
    znodeFormat: "json",
    nonLeader: "redirect-307",
    redirect: "protocol-relative-path-only",
    redirectWithoutLeader: "503-no-leader-elected",
    caps: 0,
    on: "masterInfoHostname masterInfoVersion masterInfoAddress uuidMasterId logReplicas stateJsonEndpoint stateEndpoint stateSummary slavesEndpoint tasksEndpoint rolesEndpoint maintenanceEndpoint frameworksEndpoint flagsEndpoint metricsSnapshot operatorApiV1 gpus httpReadonlyAuth jsonEscapesSlash",
  },
  "1.0.1": {
    znodeFormat: "json",
    nonLeader: "redirect-307",
    redirect: "protocol-relative-path-only",
    redirectWithoutLeader: "503-no-leader-elected",
    caps: 0,
    on: "masterInfoHostname masterInfoVersion masterInfoAddress uuidMasterId logReplicas stateJsonEndpoint stateEndpoint stateSummary slavesEndpoint tasksEndpoint rolesEndpoint maintenanceEndpoint frameworksEndpoint flagsEndpoint metricsSnapshot operatorApiV1 gpus httpReadonlyAuth webuiJsonp jsonEscapesSlash",
  },
  "1.1.0": {
    znodeFormat: "json",
    nonLeader: "redirect-307",
    redirect: "protocol-relative-with-query",
    redirectWithoutLeader: "503-no-leader-elected",
    caps: 0,
    on: "masterInfoHostname masterInfoVersion masterInfoAddress uuidMasterId logReplicas stateJsonEndpoint stateEndpoint stateSummary slavesEndpoint tasksEndpoint rolesEndpoint maintenanceEndpoint frameworksEndpoint flagsEndpoint metricsSnapshot operatorApiV1 leaderInfo unreachableMetrics gpus httpReadonlyAuth webuiJsonp jsonEscapesSlash",
  },
  "1.2.0": {
    znodeFormat: "json",
    nonLeader: "redirect-307",
    redirect: "protocol-relative-with-query",
    redirectWithoutLeader: "503-no-leader-elected",
    caps: 0,
    on: "masterInfoHostname masterInfoVersion masterInfoAddress uuidMasterId logReplicas stateJsonEndpoint stateEndpoint stateSummary slavesEndpoint tasksEndpoint rolesEndpoint maintenanceEndpoint frameworksEndpoint flagsEndpoint metricsSnapshot operatorApiV1 leaderInfo unreachableAndRecoveredSlaves unreachableMetrics frameworkConnectedRecovered gpus httpReadonlyAuth webuiJsonp jsonEscapesSlash",
  },
  "1.4.0": {
    znodeFormat: "json",
    nonLeader: "redirect-307",
    redirect: "protocol-relative-with-query",
    redirectWithoutLeader: "503-no-leader-elected",
    caps: 0,
    on: "masterInfoHostname masterInfoVersion masterInfoAddress uuidMasterId logReplicas stateJsonEndpoint stateEndpoint stateSummary slavesEndpoint tasksEndpoint rolesEndpoint maintenanceEndpoint frameworksEndpoint flagsEndpoint metricsSnapshot operatorApiV1 leaderInfo unreachableAndRecoveredSlaves unreachableMetrics frameworkConnectedRecovered domain gpus httpReadonlyAuth webuiJsonp jsonEscapesSlash",
  },
  "1.5.0": {
    znodeFormat: "json",
    nonLeader: "redirect-307",
    redirect: "protocol-relative-with-query",
    redirectWithoutLeader: "503-no-leader-elected",
    caps: 1,
    on: "masterInfoHostname masterInfoVersion masterInfoAddress uuidMasterId logReplicas stateJsonEndpoint stateEndpoint stateSummary slavesEndpoint tasksEndpoint rolesEndpoint maintenanceEndpoint frameworksEndpoint flagsEndpoint metricsSnapshot operatorApiV1 leaderInfo unreachableAndRecoveredSlaves unreachableMetrics frameworkConnectedRecovered domain gpus httpReadonlyAuth webuiJsonp jsonEscapesSlash",
  },
  "1.7.0": {
    znodeFormat: "json",
    nonLeader: "redirect-307",
    redirect: "protocol-relative-with-query",
    redirectWithoutLeader: "503-no-leader-elected",
    caps: 1,
    on: "masterInfoHostname masterInfoVersion masterInfoAddress uuidMasterId logReplicas stateJsonEndpoint stateEndpoint stateSummary slavesEndpoint tasksEndpoint rolesEndpoint maintenanceEndpoint frameworksEndpoint flagsEndpoint metricsSnapshot operatorApiV1 leaderInfo unreachableAndRecoveredSlaves unreachableMetrics frameworkConnectedRecovered domain gpus httpReadonlyAuth webuiJsonp wholeNumbersAsFloat",
  },
  "1.8.0": {
    znodeFormat: "json",
    nonLeader: "redirect-307",
    redirect: "protocol-relative-with-query",
    redirectWithoutLeader: "503-no-leader-elected",
    caps: 1,
    on: "masterInfoHostname masterInfoVersion masterInfoAddress uuidMasterId logReplicas stateEndpoint stateSummary slavesEndpoint tasksEndpoint rolesEndpoint maintenanceEndpoint frameworksEndpoint flagsEndpoint metricsSnapshot operatorApiV1 leaderInfo unreachableAndRecoveredSlaves unreachableMetrics frameworkConnectedRecovered domain gpus httpReadonlyAuth webuiJsonp wholeNumbersAsFloat",
  },
  "1.9.0": {
    znodeFormat: "json",
    nonLeader: "redirect-307",
    redirect: "protocol-relative-with-query",
    redirectWithoutLeader: "503-no-leader-elected",
    caps: 3,
    on: "masterInfoHostname masterInfoVersion masterInfoAddress uuidMasterId logReplicas stateEndpoint stateSummary slavesEndpoint tasksEndpoint rolesEndpoint maintenanceEndpoint frameworksEndpoint flagsEndpoint metricsSnapshot operatorApiV1 leaderInfo unreachableAndRecoveredSlaves unreachableMetrics frameworkConnectedRecovered domain gpus agentDeactivatedField httpReadonlyAuth webuiJsonp wholeNumbersAsFloat",
  },
  "1.11.0": {
    znodeFormat: "json",
    nonLeader: "redirect-307",
    redirect: "protocol-relative-with-query",
    redirectWithoutLeader: "503-no-leader-elected",
    caps: 3,
    on: "masterInfoHostname masterInfoVersion masterInfoAddress uuidMasterId logReplicas stateEndpoint stateSummary slavesEndpoint tasksEndpoint rolesEndpoint maintenanceEndpoint frameworksEndpoint flagsEndpoint metricsSnapshot operatorApiV1 leaderInfo unreachableAndRecoveredSlaves unreachableMetrics frameworkConnectedRecovered domain gpus agentDeactivatedField httpReadonlyAuth webuiJsonp wholeNumbersAsFloat",
  },
};

const CAPABILITIES = [[], ["AGENT_UPDATE"], [], ["AGENT_UPDATE", "AGENT_DRAINING", "QUOTA_V2"]];

describe("mesosFeatures", () => {
  it.each(Object.entries(ROWS))("%s", (version, row) => {
    const features = mesosFeatures(version);
    expect(features).toMatchObject({
      znodeFormat: row.znodeFormat,
      nonLeader: row.nonLeader,
      redirect: row.redirect,
      redirectWithoutLeader: row.redirectWithoutLeader,
    });
    expect(features.masterCapabilities).toEqual(CAPABILITIES[row.caps]);
    const on = Object.entries(features)
      .filter(([, value]) => value === true)
      .map(([key]) => key);
    expect(on.sort()).toEqual(row.on.split(" ").sort());
  });

  it.each([
    ["0.15.0", ["legacy"]],
    ["0.16.0", ["legacy", "protobuf"]],
    ["0.22.0", ["legacy", "protobuf"]],
    ["0.23.0", ["legacy", "protobuf", "json"]],
  ])("a %s detector reads %j (docs/mesos/zookeeper.md#mixed-version-clusters)", (version, formats) => {
    expect(mesosFeatures(version).detectorReads).toEqual(formats);
  });

  it.each([
    ["0.28.0", []],
    ["1.0.0", ["SUBSCRIBED", "TASK_ADDED", "TASK_UPDATED"]],
    ["1.1.0", ["SUBSCRIBED", "TASK_ADDED", "TASK_UPDATED", "AGENT_ADDED", "AGENT_REMOVED"]],
    [
      "1.5.0",
      [
        "SUBSCRIBED",
        "TASK_ADDED",
        "TASK_UPDATED",
        "AGENT_ADDED",
        "AGENT_REMOVED",
        "FRAMEWORK_ADDED",
        "FRAMEWORK_UPDATED",
        "FRAMEWORK_REMOVED",
        "HEARTBEAT",
      ],
    ],
  ])("%s emits operator events %j (docs/mesos/http.md#operator-api-v1)", (version, events) => {
    expect(mesosFeatures(version).operatorEvents).toEqual(events);
  });

  it("takes parsed versions and follows a pre-release to its release", () => {
    expect(mesosFeatures({ major: 1, minor: 9, patch: 0 })).toEqual(mesosFeatures("1.9.0"));
    expect(mesosFeatures("1.12.0-dev").masterCapabilities).toEqual(CAPABILITIES[3]);
    expect(() => mesosFeatures("latest")).toThrow(/not a Mesos version/);
  });
});
