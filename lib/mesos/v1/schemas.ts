// Zod schemas for the v1 master operator API (include/mesos/v1/master/master.proto, apache/mesos 1.0.0–1.11.0):
// the `Response` of the read-only calls and the `Event`s of SUBSCRIBE. What each release has (checked at every tag):
//
// - 1.0: events SUBSCRIBED, TASK_ADDED, TASK_UPDATED; TaskUpdated is `{task_id, framework_id, agent_id, executor_id?,
//   state}` and has no `status`.
// - 1.1: AGENT_ADDED, AGENT_REMOVED; TaskUpdated becomes `{framework_id, status, state}` (the task id is in `status`).
// - 1.2: GetAgents.recovered_agents, GetTasks.unreachable_tasks, GetFrameworks.Framework.recovered (required).
// - 1.3: GetAgents.Agent.capabilities. 1.4: FRAMEWORK_ADDED, FRAMEWORK_UPDATED, FRAMEWORK_REMOVED.
// - 1.5: HEARTBEAT, Subscribed.heartbeat_interval_seconds, GetMaster.start_time/elected_time, Agent.resource_providers.
// - 1.9: Agent.deactivated, drain_info, estimated_drain_start_time. 1.11: Framework.offer_constraints.
//
// Everything a release may lack is optional here. See schemas-common.ts for how protobuf becomes JSON.
import { z } from "zod";
import { summarizeZodError, type ParseResult } from "@/lib/mesos/schemas";
import {
  agentInfoSchema,
  capabilitySchema,
  drainInfoSchema,
  executorInfoSchema,
  frameworkInfoSchema,
  idSchema,
  masterInfoSchema,
  offerSchema,
  resourceSchema,
  taskSchema,
  taskStatusSchema,
  timeInfoSchema,
  versionInfoSchema,
  type V1Task,
} from "./schemas-common";

export * from "./schemas-common";

const resources = z.array(resourceSchema).optional();

/** `Response.GetAgents.Agent`: a registered agent. `total_resources` is what `/master/state` calls `resources`. */
export const getAgentsAgentSchema = z.looseObject({
  agent_info: agentInfoSchema,
  active: z.boolean(),
  deactivated: z.boolean().optional(),
  version: z.string(),
  pid: z.string().optional(),
  registered_time: timeInfoSchema.optional(),
  reregistered_time: timeInfoSchema.optional(),
  total_resources: resources,
  allocated_resources: resources,
  offered_resources: resources,
  capabilities: z.array(capabilitySchema).optional(),
  resource_providers: z.array(z.looseObject({})).optional(),
  drain_info: drainInfoSchema.optional(),
  estimated_drain_start_time: timeInfoSchema.optional(),
});

export const getAgentsSchema = z.looseObject({
  agents: z.array(getAgentsAgentSchema).optional(),
  recovered_agents: z.array(agentInfoSchema).optional(),
});

/**
 * `Response.GetFrameworks.Framework`. `offers`, `allocated_resources` and `offered_resources` come only in call
 * responses: "Offers, inverse offers, allocated/offered resources and offer constraints are never reported via master
 * API events" (master.proto), and FRAMEWORK_ADDED/UPDATED leave them out (`createFrameworkAdded`,
 * src/common/protobuf_utils.cpp).
 */
export const getFrameworksFrameworkSchema = z.looseObject({
  framework_info: frameworkInfoSchema,
  active: z.boolean(),
  connected: z.boolean(),
  recovered: z.boolean().optional(),
  registered_time: timeInfoSchema.optional(),
  reregistered_time: timeInfoSchema.optional(),
  unregistered_time: timeInfoSchema.optional(),
  offers: z.array(offerSchema).optional(),
  inverse_offers: z.array(z.looseObject({})).optional(),
  allocated_resources: resources,
  offered_resources: resources,
  offer_constraints: z.looseObject({}).optional(),
});

export const getFrameworksSchema = z.looseObject({
  frameworks: z.array(getFrameworksFrameworkSchema).optional(),
  completed_frameworks: z.array(getFrameworksFrameworkSchema).optional(),
  recovered_frameworks: z.array(frameworkInfoSchema).optional(),
});

export const getExecutorsExecutorSchema = z.looseObject({ executor_info: executorInfoSchema, agent_id: idSchema });

export const getExecutorsSchema = z.looseObject({
  executors: z.array(getExecutorsExecutorSchema).optional(),
  orphan_executors: z.array(getExecutorsExecutorSchema).optional(),
});

/**
 * `Response.GetTasks`, over registered *and* completed frameworks (`jsonifyGetTasks`, src/master/readonly_handler.cpp).
 * `tasks` includes terminal tasks whose last update the scheduler has not acknowledged yet.
 */
export const getTasksSchema = z.looseObject({
  pending_tasks: z.array(taskSchema).optional(),
  tasks: z.array(taskSchema).optional(),
  unreachable_tasks: z.array(taskSchema).optional(),
  completed_tasks: z.array(taskSchema).optional(),
  orphan_tasks: z.array(taskSchema).optional(),
});

export const getStateSchema = z.looseObject({
  get_tasks: getTasksSchema.optional(),
  get_executors: getExecutorsSchema.optional(),
  get_frameworks: getFrameworksSchema.optional(),
  get_agents: getAgentsSchema.optional(),
});

/** `Response.GetMaster`; `start_time` and `elected_time` (epoch seconds) since 1.5. */
export const getMasterSchema = z.looseObject({
  master_info: masterInfoSchema.optional(),
  start_time: z.number().optional(),
  elected_time: z.number().optional(),
});

export const getVersionSchema = z.looseObject({ version_info: versionInfoSchema });

export const getMetricsSchema = z.looseObject({
  metrics: z.array(z.looseObject({ name: z.string(), value: z.number().optional() })).optional(),
});

export const getHealthSchema = z.looseObject({ healthy: z.boolean() });

export const subscribedSchema = z.looseObject({
  get_state: getStateSchema.optional(),
  heartbeat_interval_seconds: z.number().optional(),
});

/**
 * `Event.TaskUpdated`. From 1.1: `{framework_id, status, state}`, where `status` is the update being forwarded (its
 * `task_id` and `agent_id` identify the task) and `state` the task's latest state, possibly newer. In 1.0:
 * `{task_id, framework_id, agent_id, executor_id?, state}`. One of `status` and `task_id` must be there.
 */
export const taskUpdatedSchema = z
  .looseObject({
    framework_id: idSchema,
    status: taskStatusSchema.optional(),
    state: z.string(),
    task_id: idSchema.optional(),
    agent_id: idSchema.optional(),
    executor_id: idSchema.optional(),
  })
  .refine((value) => value.status !== undefined || value.task_id !== undefined, {
    message: "a TASK_UPDATED needs `status` (≥1.1) or `task_id` (1.0)",
  });

const event = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.looseObject({ type: z.literal(type), ...shape });

/** One schema per known event type. */
export const eventSchemas = {
  SUBSCRIBED: event("SUBSCRIBED", { subscribed: subscribedSchema }),
  TASK_ADDED: event("TASK_ADDED", { task_added: z.looseObject({ task: taskSchema }) }),
  TASK_UPDATED: event("TASK_UPDATED", { task_updated: taskUpdatedSchema }),
  AGENT_ADDED: event("AGENT_ADDED", { agent_added: z.looseObject({ agent: getAgentsAgentSchema }) }),
  AGENT_REMOVED: event("AGENT_REMOVED", { agent_removed: z.looseObject({ agent_id: idSchema }) }),
  FRAMEWORK_ADDED: event("FRAMEWORK_ADDED", {
    framework_added: z.looseObject({ framework: getFrameworksFrameworkSchema }),
  }),
  FRAMEWORK_UPDATED: event("FRAMEWORK_UPDATED", {
    framework_updated: z.looseObject({ framework: getFrameworksFrameworkSchema }),
  }),
  FRAMEWORK_REMOVED: event("FRAMEWORK_REMOVED", {
    framework_removed: z.looseObject({ framework_info: frameworkInfoSchema }),
  }),
  HEARTBEAT: event("HEARTBEAT", {}),
} as const;

export type KnownEventType = keyof typeof eventSchemas;
export const KNOWN_EVENT_TYPES = Object.keys(eventSchemas) as KnownEventType[];

/** An event this code does not know (`UNKNOWN`, a type from a newer master, or none): `originalType` says which. */
export interface UnknownEvent {
  type: "UNKNOWN";
  originalType: string | null;
}

export type MasterEvent = { [K in KnownEventType]: z.output<(typeof eventSchemas)[K]> }[KnownEventType] | UnknownEvent;
export type EventOf<T extends KnownEventType> = Extract<MasterEvent, { type: T }>;

/** One schema per read-only call whose response we read. */
export const responseSchemas = {
  GET_HEALTH: event("GET_HEALTH", { get_health: getHealthSchema }),
  GET_VERSION: event("GET_VERSION", { get_version: getVersionSchema }),
  GET_METRICS: event("GET_METRICS", { get_metrics: getMetricsSchema }),
  GET_STATE: event("GET_STATE", { get_state: getStateSchema }),
  GET_AGENTS: event("GET_AGENTS", { get_agents: getAgentsSchema }),
  GET_FRAMEWORKS: event("GET_FRAMEWORKS", { get_frameworks: getFrameworksSchema }),
  GET_EXECUTORS: event("GET_EXECUTORS", { get_executors: getExecutorsSchema }),
  GET_TASKS: event("GET_TASKS", { get_tasks: getTasksSchema }),
  GET_MASTER: event("GET_MASTER", { get_master: getMasterSchema }),
} as const;

export type KnownResponseType = keyof typeof responseSchemas;
export type MasterResponse = { [K in KnownResponseType]: z.output<(typeof responseSchemas)[K]> }[KnownResponseType];
export type ResponseOf<T extends KnownResponseType> = Extract<MasterResponse, { type: T }>;

const typed = z.looseObject({ type: z.string().optional() });

function dispatch<T>(
  json: unknown,
  schemas: Readonly<Record<string, z.ZodType>>,
  unknown: (type: string | null) => ParseResult<T>,
): ParseResult<T> {
  const head = typed.safeParse(json);
  if (!head.success) return { ok: false, error: summarizeZodError(head.error) };
  const type = head.data.type ?? null;
  const schema = type !== null && Object.hasOwn(schemas, type) ? schemas[type] : undefined;
  if (!schema) return unknown(type);
  const result = schema.safeParse(json);
  return result.success
    ? { ok: true, value: result.data as T }
    : { ok: false, error: `${type}: ${summarizeZodError(result.error)}` };
}

/**
 * Validates one decoded event (a RecordIO record after `JSON.parse`, or the protobuf decoder's output); never throws.
 * A known type whose payload does not match its schema is an error; an unknown or missing type is
 * `{type: "UNKNOWN", originalType}`, so that a newer master's events can be counted and skipped.
 */
export function parseEvent(json: unknown): ParseResult<MasterEvent> {
  return dispatch<MasterEvent>(json, eventSchemas, (originalType) => ({
    ok: true,
    value: { type: "UNKNOWN", originalType },
  }));
}

/** Validates the response of a read-only v1 call (`GET_STATE`, `GET_AGENTS`…); never throws. */
export function parseResponse(json: unknown): ParseResult<MasterResponse> {
  return dispatch<MasterResponse>(json, responseSchemas, (type) => ({
    ok: false,
    error: `type: expected one of ${Object.keys(responseSchemas).join(", ")}, got ${JSON.stringify(type)}`,
  }));
}

/** Validates a `get_state` object on its own, e.g. one read without its tasks (lib/mesos/proto/get-state-parts.ts). */
export function parseGetState(json: unknown): ParseResult<V1GetState> {
  const result = getStateSchema.safeParse(json);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, error: `get_state: ${summarizeZodError(result.error)}` };
}

/** Validates one `Task` on its own, as `parseResponse` validates each task of a GET_STATE. */
export function parseTask(json: unknown): ParseResult<V1Task> {
  const result = taskSchema.safeParse(json);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, error: `task: ${summarizeZodError(result.error)}` };
}

export type V1GetAgentsAgent = z.infer<typeof getAgentsAgentSchema>;
export type V1GetAgents = z.infer<typeof getAgentsSchema>;
export type V1Framework = z.infer<typeof getFrameworksFrameworkSchema>;
export type V1GetFrameworks = z.infer<typeof getFrameworksSchema>;
export type V1Executor = z.infer<typeof getExecutorsExecutorSchema>;
export type V1GetExecutors = z.infer<typeof getExecutorsSchema>;
export type V1GetTasks = z.infer<typeof getTasksSchema>;
export type V1GetState = z.infer<typeof getStateSchema>;
export type V1GetMaster = z.infer<typeof getMasterSchema>;
export type V1GetVersion = z.infer<typeof getVersionSchema>;
export type V1GetMetrics = z.infer<typeof getMetricsSchema>;
export type V1GetHealth = z.infer<typeof getHealthSchema>;
export type V1Subscribed = z.infer<typeof subscribedSchema>;
export type V1TaskUpdated = z.infer<typeof taskUpdatedSchema>;

/** The same as {@link parseEvent} as one zod schema, for callers that compose schemas. */
export const eventSchema = z.unknown().transform((json, ctx): MasterEvent => {
  const result = parseEvent(json);
  if (result.ok) return result.value;
  ctx.issues.push({ code: "custom", message: result.error, input: json });
  return z.NEVER;
});
