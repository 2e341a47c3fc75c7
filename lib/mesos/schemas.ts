// Zod schemas and parse helpers for the HTTP responses of Mesos masters 0.19 to 1.11
// (docs/mesos/http.md#master-http-endpoints and docs/mesos/state.md#the-master-state-document). Tolerant of what
// versions add or omit, strict about the type of every field we read.
import { z } from "zod";
import {
  agentSchema,
  buildShape,
  frameworkSchema,
  frameworkSummaryShape,
  mesosStateSchema,
  recoveredAgentSchema,
  type MesosState,
} from "./schemas-state";

export * from "./schemas-state";

/**
 * `TASK_*` counters of `/master/state-summary`. Absent keys are states the version does not know (1.2 has no
 * TASK_UNREACHABLE).
 */
const taskStateCountShape = {
  TASK_STAGING: z.number().optional(),
  TASK_STARTING: z.number().optional(),
  TASK_RUNNING: z.number().optional(),
  TASK_KILLING: z.number().optional(),
  TASK_FINISHED: z.number().optional(),
  TASK_KILLED: z.number().optional(),
  TASK_FAILED: z.number().optional(),
  TASK_LOST: z.number().optional(),
  TASK_ERROR: z.number().optional(),
  TASK_DROPPED: z.number().optional(),
  TASK_UNREACHABLE: z.number().optional(),
  TASK_GONE: z.number().optional(),
  TASK_GONE_BY_OPERATOR: z.number().optional(),
  TASK_UNKNOWN: z.number().optional(),
};

/** `/master/state-summary` (≥0.23): agents and frameworks with per-state task counts, no task lists. */
export const stateSummarySchema = z.looseObject({
  hostname: z.string(),
  cluster: z.string().optional(),
  slaves: z.array(agentSchema.extend({ ...taskStateCountShape, framework_ids: z.array(z.string()).optional() })),
  frameworks: z.array(
    z.looseObject({ ...frameworkSummaryShape, ...taskStateCountShape, slave_ids: z.array(z.string()).optional() }),
  ),
});

/** `/master/slaves` (≥0.22): `recovered_slaves` exists from 1.2 on. */
export const slavesResponseSchema = z.looseObject({
  slaves: z.array(agentSchema),
  recovered_slaves: z.array(recoveredAgentSchema).optional(),
});

/** `/master/frameworks` (≥0.26). */
export const frameworksResponseSchema = z.looseObject({
  frameworks: z.array(frameworkSchema),
  completed_frameworks: z.array(frameworkSchema).optional(),
  unregistered_frameworks: z.array(z.string()).optional(),
});

/** `/metrics/snapshot`: a flat map of metric name (e.g. `master/elected`) to number. */
export const metricsSnapshotSchema = z.record(z.string(), z.number());

const legacyNumber = z.number().optional();

/**
 * The legacy `/stats.json` (≤0.22): unprefixed counters (declared below, all optional) mixed with `master/*`,
 * `registrar/*` and `system/*` metrics, which pass through unchecked.
 */
export const statsJsonSchema = z.looseObject({
  uptime: legacyNumber,
  elected: legacyNumber,
  activated_slaves: legacyNumber,
  deactivated_slaves: legacyNumber,
  total_schedulers: legacyNumber,
  active_schedulers: legacyNumber,
  active_tasks_gauge: legacyNumber,
  outstanding_offers: legacyNumber,
  staged_tasks: legacyNumber,
  started_tasks: legacyNumber,
  finished_tasks: legacyNumber,
  killed_tasks: legacyNumber,
  failed_tasks: legacyNumber,
  lost_tasks: legacyNumber,
  valid_status_updates: legacyNumber,
  invalid_status_updates: legacyNumber,
  cpus_total: legacyNumber,
  cpus_used: legacyNumber,
  cpus_percent: legacyNumber,
  mem_total: legacyNumber,
  mem_used: legacyNumber,
  mem_percent: legacyNumber,
  disk_total: legacyNumber,
  disk_used: legacyNumber,
  disk_percent: legacyNumber,
});

/** `/version`: `git_*` fields are optional. */
export const versionResponseSchema = z.looseObject(buildShape);

/** `/master/flags` (≥0.26): every flag value is a string (`"10secs"`, `"false"`). */
export const flagsResponseSchema = z.looseObject({ flags: z.record(z.string(), z.string()) });

export type StateSummary = z.infer<typeof stateSummarySchema>;
export type StateSummaryAgent = StateSummary["slaves"][number];
export type StateSummaryFramework = StateSummary["frameworks"][number];
export type SlavesResponse = z.infer<typeof slavesResponseSchema>;
export type FrameworksResponse = z.infer<typeof frameworksResponseSchema>;
export type MetricsSnapshot = z.infer<typeof metricsSnapshotSchema>;
export type StatsJson = z.infer<typeof statsJsonSchema>;
export type VersionResponse = z.infer<typeof versionResponseSchema>;
export type FlagsResponse = z.infer<typeof flagsResponseSchema>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

const MAX_ISSUES = 3;

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out || "(root)";
}

/**
 * Summarises a zod error on one line: the first three issues as `path: message`, joined by `; `, then
 * `(+N more)` if there were more. Paths look like `slaves[0].resources.cpus`; the top level is `(root)`.
 */
export function summarizeZodError(error: z.ZodError): string {
  const shown = error.issues.slice(0, MAX_ISSUES).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  const more = error.issues.length - shown.length;
  return more > 0 ? `${shown.join("; ")} (+${more} more)` : shown.join("; ");
}

function parseWith<S extends z.ZodType>(schema: S, json: unknown): ParseResult<z.output<S>> {
  const result = schema.safeParse(json);
  return result.success ? { ok: true, value: result.data } : { ok: false, error: summarizeZodError(result.error) };
}

/** Validates a decoded `/master/state` or `/master/state.json` body; never throws. */
export function parseMesosState(json: unknown): ParseResult<MesosState> {
  return parseWith(mesosStateSchema, json);
}

/** Validates a decoded `/master/state-summary` body; never throws. */
export function parseStateSummary(json: unknown): ParseResult<StateSummary> {
  return parseWith(stateSummarySchema, json);
}

/** Validates a decoded `/master/slaves` body; never throws. */
export function parseSlavesResponse(json: unknown): ParseResult<SlavesResponse> {
  return parseWith(slavesResponseSchema, json);
}

/** Validates a decoded `/master/frameworks` body; never throws. */
export function parseFrameworksResponse(json: unknown): ParseResult<FrameworksResponse> {
  return parseWith(frameworksResponseSchema, json);
}

/** Validates a decoded `/metrics/snapshot` body (every value must be a number); never throws. */
export function parseMetricsSnapshot(json: unknown): ParseResult<MetricsSnapshot> {
  return parseWith(metricsSnapshotSchema, json);
}

/** Validates a decoded legacy `/stats.json` body; never throws. */
export function parseStatsJson(json: unknown): ParseResult<StatsJson> {
  return parseWith(statsJsonSchema, json);
}

/** Validates a decoded `/version` body; never throws. */
export function parseVersionResponse(json: unknown): ParseResult<VersionResponse> {
  return parseWith(versionResponseSchema, json);
}

/** Validates a decoded `/master/flags` body; never throws. */
export function parseFlagsResponse(json: unknown): ParseResult<FlagsResponse> {
  return parseWith(flagsResponseSchema, json);
}
