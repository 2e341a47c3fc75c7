import { describe, expect, it } from "vitest";
import { DEFAULT_EVENT_TIMING } from "./derive-state";
import { type ControlPlaneSettings, settingsFromEnv } from "./settings";

const DEFAULTS: ControlPlaneSettings = {
  monitor: {
    pollBaseMs: 3_000,
    healthIntervalMs: 500,
    standbyHealthIntervalMs: 5_000,
    healthTimeoutMs: 1_000,
    electedIntervalMs: 5_000,
    requestTimeoutMs: 15_000,
    maxStateBytes: 256 * 1024 * 1024,
    stream: { enabled: true, encoding: "protobuf", checkIntervalMs: 60_000, reconcileIntervalMs: 600_000 },
    timing: { ...DEFAULT_EVENT_TIMING },
  },
  zkSessionTimeoutMs: 10_000,
  retention: { maxAgeDays: 90, maxEventsPerCluster: 100_000 },
  actionVerifyTimeoutMs: 120_000,
};

describe("settingsFromEnv", () => {
  it("takes the defaults from an empty environment", () => {
    expect(settingsFromEnv({})).toEqual(DEFAULTS);
  });

  it("ignores unrelated variables", () => {
    expect(settingsFromEnv({ PATH: "/usr/bin", MONITOR_UNKNOWN: "x" })).toEqual(DEFAULTS);
  });

  it("reads every variable", () => {
    const settings = settingsFromEnv({
      MONITOR_POLL_MS: "1000",
      MONITOR_HEALTH_INTERVAL_MS: "250",
      MONITOR_STANDBY_HEALTH_INTERVAL_MS: "3000",
      MONITOR_HEALTH_TIMEOUT_MS: "750",
      MONITOR_ELECTED_INTERVAL_MS: "2000",
      MONITOR_REQUEST_TIMEOUT_MS: "5000",
      MONITOR_MAX_STATE_BYTES: "1048576",
      MONITOR_ZK_DISCONNECT_GRACE_MS: "0",
      MONITOR_AGENTS_COALESCE_MS: "60000",
      MONITOR_DISPUTE_GRACE_MS: "1500",
      ZK_SESSION_TIMEOUT_MS: "30000",
      EVENT_RETENTION_DAYS: "7.5",
      EVENT_RETENTION_MAX_PER_CLUSTER: "500",
      ACTION_VERIFY_TIMEOUT_MS: "30000",
      MONITOR_STREAM: "off",
      MONITOR_STREAM_ENCODING: "json",
      MONITOR_STREAM_CHECK_MS: "5000",
      MONITOR_STREAM_RECONCILE_MS: "600000",
    });
    expect(settings).toEqual<ControlPlaneSettings>({
      monitor: {
        pollBaseMs: 1_000,
        healthIntervalMs: 250,
        standbyHealthIntervalMs: 3_000,
        healthTimeoutMs: 750,
        electedIntervalMs: 2_000,
        requestTimeoutMs: 5_000,
        maxStateBytes: 1_048_576,
        stream: { enabled: false, encoding: "json", checkIntervalMs: 5_000, reconcileIntervalMs: 600_000 },
        timing: { zkDisconnectGraceMs: 0, agentsCoalesceMs: 60_000, disputeGraceMs: 1_500 },
      },
      zkSessionTimeoutMs: 30_000,
      retention: { maxAgeDays: 7.5, maxEventsPerCluster: 500 },
      actionVerifyTimeoutMs: 30_000,
    });
  });

  it("overrides one value and keeps the other defaults", () => {
    const settings = settingsFromEnv({ MONITOR_POLL_MS: "10000" });
    expect(settings).toEqual({ ...DEFAULTS, monitor: { ...DEFAULTS.monitor, pollBaseMs: 10_000 } });
  });

  it("takes the default for empty strings", () => {
    expect(settingsFromEnv({ MONITOR_POLL_MS: "", ZK_SESSION_TIMEOUT_MS: "", EVENT_RETENTION_DAYS: "" })).toEqual(
      DEFAULTS,
    );
  });

  it.each([
    ["MONITOR_POLL_MS", "fast"],
    ["MONITOR_POLL_MS", "100"],
    ["MONITOR_HEALTH_TIMEOUT_MS", "1.5"],
    ["MONITOR_MAX_STATE_BYTES", "1000"],
    ["ZK_SESSION_TIMEOUT_MS", "999999"],
    ["EVENT_RETENTION_DAYS", "0"],
    ["EVENT_RETENTION_MAX_PER_CLUSTER", "-5"],
  ])("throws naming %s=%s", (name, value) => {
    expect(() => settingsFromEnv({ [name]: value })).toThrow(new RegExp(`invalid monitor settings: .*${name}:`));
  });

  it("names every invalid variable", () => {
    expect(() => settingsFromEnv({ MONITOR_POLL_MS: "x", EVENT_RETENTION_DAYS: "y" })).toThrow(
      /MONITOR_POLL_MS: .*; EVENT_RETENTION_DAYS: /,
    );
  });
});
