// The monitor's tunables, read from the environment once and validated: a typo fails the start with a message.
import { z } from "zod";
import { DEFAULT_EVENT_TIMING } from "./derive-state";
import type { MonitorSettings } from "./cluster-monitor";
import type { RetentionSettings } from "@/lib/server/events/store";

const ms = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);

const envSchema = z.object({
  MONITOR_POLL_MS: ms(3_000, 200, 600_000),
  MONITOR_HEALTH_INTERVAL_MS: ms(500, 100, 60_000),
  MONITOR_STANDBY_HEALTH_INTERVAL_MS: ms(5_000, 100, 600_000),
  MONITOR_HEALTH_TIMEOUT_MS: ms(1_000, 100, 60_000),
  MONITOR_ELECTED_INTERVAL_MS: ms(5_000, 200, 600_000),
  MONITOR_REQUEST_TIMEOUT_MS: ms(15_000, 500, 600_000),
  MONITOR_MAX_STATE_BYTES: z.coerce
    .number()
    .int()
    .min(1 << 16)
    .default(256 * 1024 * 1024),
  MONITOR_STREAM: z.enum(["on", "off"]).default("on"),
  MONITOR_STREAM_ENCODING: z.enum(["protobuf", "json"]).default("protobuf"),
  MONITOR_STREAM_CHECK_MS: ms(60_000, 1_000, 3_600_000),
  MONITOR_STREAM_RECONCILE_MS: ms(600_000, 10_000, 86_400_000),
  MONITOR_ZK_DISCONNECT_GRACE_MS: ms(DEFAULT_EVENT_TIMING.zkDisconnectGraceMs, 0, 600_000),
  MONITOR_AGENTS_COALESCE_MS: ms(DEFAULT_EVENT_TIMING.agentsCoalesceMs, 0, 3_600_000),
  MONITOR_DISPUTE_GRACE_MS: ms(DEFAULT_EVENT_TIMING.disputeGraceMs, 0, 600_000),
  ZK_SESSION_TIMEOUT_MS: ms(10_000, 1_000, 120_000),
  ACTION_VERIFY_TIMEOUT_MS: ms(120_000, 1_000, 3_600_000),
  EVENT_RETENTION_DAYS: z.coerce.number().min(1).max(36_500).default(90),
  EVENT_RETENTION_MAX_PER_CLUSTER: z.coerce.number().int().min(100).default(100_000),
});

export interface ControlPlaneSettings {
  monitor: MonitorSettings;
  zkSessionTimeoutMs: number;
  retention: RetentionSettings;
  /** How long an action on a master may take to be verified before it is reported failed. */
  actionVerifyTimeoutMs: number;
}

/** Settings from `env` (unset or empty variables take their defaults); throws naming every invalid variable. */
export function settingsFromEnv(env: Record<string, string | undefined>): ControlPlaneSettings {
  const present = Object.fromEntries(
    Object.keys(envSchema.shape).flatMap((key) => (env[key] ? [[key, env[key]]] : [])),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new Error(
      `invalid monitor settings: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  const e = parsed.data;
  return {
    monitor: {
      pollBaseMs: e.MONITOR_POLL_MS,
      healthIntervalMs: e.MONITOR_HEALTH_INTERVAL_MS,
      standbyHealthIntervalMs: e.MONITOR_STANDBY_HEALTH_INTERVAL_MS,
      healthTimeoutMs: e.MONITOR_HEALTH_TIMEOUT_MS,
      electedIntervalMs: e.MONITOR_ELECTED_INTERVAL_MS,
      requestTimeoutMs: e.MONITOR_REQUEST_TIMEOUT_MS,
      maxStateBytes: e.MONITOR_MAX_STATE_BYTES,
      stream: {
        enabled: e.MONITOR_STREAM === "on",
        encoding: e.MONITOR_STREAM_ENCODING,
        checkIntervalMs: e.MONITOR_STREAM_CHECK_MS,
        reconcileIntervalMs: e.MONITOR_STREAM_RECONCILE_MS,
      },
      timing: {
        zkDisconnectGraceMs: e.MONITOR_ZK_DISCONNECT_GRACE_MS,
        agentsCoalesceMs: e.MONITOR_AGENTS_COALESCE_MS,
        disputeGraceMs: e.MONITOR_DISPUTE_GRACE_MS,
      },
    },
    zkSessionTimeoutMs: e.ZK_SESSION_TIMEOUT_MS,
    actionVerifyTimeoutMs: e.ACTION_VERIFY_TIMEOUT_MS,
    retention: { maxAgeDays: e.EVENT_RETENTION_DAYS, maxEventsPerCluster: e.EVENT_RETENTION_MAX_PER_CLUSTER },
  };
}
