// Zod schemas for the messages of include/mesos/v1/mesos.proto (apache/mesos 1.0.0–1.11.0) as a master renders them
// to JSON: field names as in the .proto, enums by name, 64-bit integers as numbers, bytes as base64, empty repeated
// fields left out or written as `[]`, and unset optional fields with a non-deprecated default written with their
// default (stout `json(ObjectWriter*, const Protobuf&)` in 3rdparty/stout/include/stout/protobuf.hpp). Objects are
// loose: fields we do not declare pass through. Declared fields are type-checked; only proto2 `required` fields that
// every version writes are required here. The protobufjs decoder of lib/mesos/proto produces the same shape.
import { z } from "zod";

/**
 * int64/uint64: a number as Mesos writes it. A decimal string is accepted too, because protobuf decoders configured
 * with `longs: String` give one; either way the output is a number (exact below 2^53, which every count, port and
 * byte size is; nanosecond times lose their last few digits, which no reader here needs).
 */
export const int64Schema = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d{1,20}$/)
    .transform(Number),
]);

/** `AgentID`, `FrameworkID`, `TaskID`, `ExecutorID`, `OfferID`, `ResourceProviderID`: `{"value": "…"}`. */
export const idSchema = z.looseObject({ value: z.string() });

/** `TimeInfo` and `DurationInfo`: `{"nanoseconds": n}`. */
export const timeInfoSchema = z.looseObject({ nanoseconds: int64Schema });

export const labelsSchema = z.looseObject({
  labels: z.array(z.looseObject({ key: z.string(), value: z.string().optional() })).optional(),
});

/** A `{"type": "NAME"}` capability of an agent, a framework or a master; `type` is optional in proto2. */
export const capabilitySchema = z.looseObject({ type: z.string().optional() });

export const scalarSchema = z.looseObject({ value: z.number() });
export const rangesSchema = z.looseObject({
  range: z.array(z.looseObject({ begin: int64Schema, end: int64Schema })).optional(),
});
export const setSchema = z.looseObject({ item: z.array(z.string()).optional() });

const reservationInfoSchema = z.looseObject({
  type: z.string().optional(),
  role: z.string().optional(),
  principal: z.string().optional(),
  labels: labelsSchema.optional(),
});

/**
 * `Resource`. A master converts every resource it reports to the "endpoint" format (`convertResourceFormat(…,
 * ENDPOINT)`, src/common/resources_utils.cpp): `role` is `"*"` for unreserved resources and the reservation's role
 * for a single reservation, next to `reservations` (≥1.4) or `reservation` (the pre-refinement form, 1.0–1.3).
 */
export const resourceSchema = z.looseObject({
  name: z.string(),
  type: z.string(),
  scalar: scalarSchema.optional(),
  ranges: rangesSchema.optional(),
  set: setSchema.optional(),
  role: z.string().optional(),
  allocation_info: z.looseObject({ role: z.string().optional() }).optional(),
  reservation: reservationInfoSchema.optional(),
  reservations: z.array(reservationInfoSchema).optional(),
  disk: z.looseObject({}).optional(),
  revocable: z.looseObject({}).optional(),
  shared: z.looseObject({}).optional(),
  provider_id: idSchema.optional(),
});

/** `Attribute`: like a resource value, plus `text`. */
export const attributeSchema = z.looseObject({
  name: z.string(),
  type: z.string(),
  scalar: scalarSchema.optional(),
  ranges: rangesSchema.optional(),
  set: setSchema.optional(),
  text: z.looseObject({ value: z.string() }).optional(),
});

export const domainInfoSchema = z.looseObject({
  fault_domain: z
    .looseObject({
      region: z.looseObject({ name: z.string() }),
      zone: z.looseObject({ name: z.string() }),
    })
    .optional(),
});

/** `AgentInfo`. `port` defaults to 5051 and is therefore always written. */
export const agentInfoSchema = z.looseObject({
  hostname: z.string(),
  port: z.number().optional(),
  resources: z.array(resourceSchema).optional(),
  attributes: z.array(attributeSchema).optional(),
  id: idSchema.optional(),
  domain: domainInfoSchema.optional(),
});

/**
 * `FrameworkInfo`. `failover_timeout` (0) and `checkpoint` (false) have defaults and are always written; `role` is
 * deprecated, so it is written only when the framework set it (its default `"*"` applies otherwise).
 */
export const frameworkInfoSchema = z.looseObject({
  user: z.string(),
  name: z.string(),
  id: idSchema.optional(),
  failover_timeout: z.number().optional(),
  checkpoint: z.boolean().optional(),
  role: z.string().optional(),
  roles: z.array(z.string()).optional(),
  hostname: z.string().optional(),
  principal: z.string().optional(),
  webui_url: z.string().optional(),
  capabilities: z.array(capabilitySchema).optional(),
  labels: labelsSchema.optional(),
});

/** `TaskStatus`. `state` is kept as a string: releases added states. */
export const taskStatusSchema = z.looseObject({
  task_id: idSchema,
  state: z.string(),
  message: z.string().optional(),
  source: z.string().optional(),
  reason: z.string().optional(),
  data: z.string().optional(),
  agent_id: idSchema.optional(),
  executor_id: idSchema.optional(),
  timestamp: z.number().optional(),
  uuid: z.string().optional(),
  healthy: z.boolean().optional(),
  check_status: z.looseObject({}).optional(),
  labels: labelsSchema.optional(),
  container_status: z.looseObject({}).optional(),
  unreachable_time: timeInfoSchema.optional(),
  limitation: z.looseObject({}).optional(),
});

/** `Task`: what the master knows of a launched task; `limits` (1.11) is a protobuf map rendered as an object. */
export const taskSchema = z.looseObject({
  name: z.string(),
  task_id: idSchema,
  framework_id: idSchema,
  executor_id: idSchema.optional(),
  agent_id: idSchema,
  state: z.string(),
  resources: z.array(resourceSchema).optional(),
  statuses: z.array(taskStatusSchema).optional(),
  status_update_state: z.string().optional(),
  status_update_uuid: z.string().optional(),
  labels: labelsSchema.optional(),
  discovery: z.looseObject({}).optional(),
  container: z.looseObject({}).optional(),
  health_check: z.looseObject({}).optional(),
  kill_policy: z.looseObject({}).optional(),
  user: z.string().optional(),
  limits: z.record(z.string(), scalarSchema).optional(),
});

export const executorInfoSchema = z.looseObject({
  type: z.string().optional(),
  executor_id: idSchema,
  framework_id: idSchema.optional(),
  command: z.looseObject({}).optional(),
  container: z.looseObject({}).optional(),
  resources: z.array(resourceSchema).optional(),
  name: z.string().optional(),
  source: z.string().optional(),
  data: z.string().optional(),
  discovery: z.looseObject({}).optional(),
  shutdown_grace_period: timeInfoSchema.optional(),
  labels: labelsSchema.optional(),
});

export const offerSchema = z.looseObject({
  id: idSchema,
  framework_id: idSchema,
  agent_id: idSchema,
  hostname: z.string(),
  resources: z.array(resourceSchema).optional(),
  attributes: z.array(attributeSchema).optional(),
  executor_ids: z.array(idSchema).optional(),
  allocation_info: z.looseObject({ role: z.string().optional() }).optional(),
  domain: domainInfoSchema.optional(),
});

/** `DrainInfo` (≥1.9): `{"state": "DRAINING"|"DRAINED", "config": {"max_grace_period"?, "mark_gone"}}`. */
export const drainInfoSchema = z.looseObject({
  state: z.string(),
  config: z.looseObject({ max_grace_period: timeInfoSchema.optional(), mark_gone: z.boolean().optional() }).optional(),
});

/** `MasterInfo`. `ip` is the IPv4 address packed little-endian (docs/mesos/zookeeper.md#byte-order-of-the-ip-field). */
export const masterInfoSchema = z.looseObject({
  id: z.string(),
  ip: z.number(),
  port: z.number(),
  pid: z.string().optional(),
  hostname: z.string().optional(),
  version: z.string().optional(),
  address: z.looseObject({ hostname: z.string().optional(), ip: z.string().optional(), port: z.number() }).optional(),
  domain: domainInfoSchema.optional(),
  capabilities: z.array(capabilitySchema).optional(),
});

export const versionInfoSchema = z.looseObject({
  version: z.string(),
  build_date: z.string().optional(),
  build_time: z.number().optional(),
  build_user: z.string().optional(),
  git_sha: z.string().optional(),
  git_branch: z.string().optional(),
  git_tag: z.string().optional(),
});

export type V1Id = z.infer<typeof idSchema>;
export type V1TimeInfo = z.infer<typeof timeInfoSchema>;
export type V1Labels = z.infer<typeof labelsSchema>;
export type V1Resource = z.infer<typeof resourceSchema>;
export type V1Attribute = z.infer<typeof attributeSchema>;
export type V1DomainInfo = z.infer<typeof domainInfoSchema>;
export type V1AgentInfo = z.infer<typeof agentInfoSchema>;
export type V1FrameworkInfo = z.infer<typeof frameworkInfoSchema>;
export type V1TaskStatus = z.infer<typeof taskStatusSchema>;
export type V1Task = z.infer<typeof taskSchema>;
export type V1ExecutorInfo = z.infer<typeof executorInfoSchema>;
export type V1Offer = z.infer<typeof offerSchema>;
export type V1DrainInfo = z.infer<typeof drainInfoSchema>;
export type V1MasterInfo = z.infer<typeof masterInfoSchema>;
export type V1VersionInfo = z.infer<typeof versionInfoSchema>;
