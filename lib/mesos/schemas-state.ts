// Zod schemas for the objects inside `/master/state` (and `/master/state.json`), Mesos 0.19 to 1.11
// (docs/mesos/state.md#the-master-state-document). Objects are loose: keys we do not declare pass through untouched,
// because every Mesos release added some. Declared keys are type-checked, and only the keys every version writes are
// required.
import { z } from "zod";

const count = z.number();
const timestamp = z.number();
const scalarOrText = z.union([z.number(), z.string()], {
  error: "expected a number (scalar) or a string (ranges or set)",
});

/**
 * A resource map as Mesos writes it (docs/mesos/state.md#resource-values): scalars as numbers (`cpus`, `gpus` from 1.0,
 * `mem` and `disk` in MB, `cpus_revocable`…), ranges and sets as strings (`"ports": "[31000-32000]"`).
 */
export const resourcesSchema = z
  .object({
    cpus: z.number().optional(),
    gpus: z.number().optional(),
    mem: z.number().optional(),
    disk: z.number().optional(),
  })
  .catchall(scalarOrText);

/** One `Resource` protobuf rendered as JSON, the items of the `*_full` arrays of `/master/slaves`. */
export const fullResourceSchema = z.looseObject({
  name: z.string(),
  type: z.string().optional(),
  scalar: z.looseObject({ value: z.number() }).optional(),
  ranges: z.looseObject({ range: z.array(z.looseObject({ begin: z.number(), end: z.number() })) }).optional(),
  set: z.looseObject({ item: z.array(z.string()) }).optional(),
  role: z.string().optional(),
});

const fullResources = z.array(fullResourceSchema);

/** `DomainInfo` (≥1.4): `{"fault_domain":{"region":{"name"},"zone":{"name"}}}`. */
export const domainSchema = z.looseObject({
  fault_domain: z
    .looseObject({
      region: z.looseObject({ name: z.string() }).optional(),
      zone: z.looseObject({ name: z.string() }).optional(),
    })
    .optional(),
});

/** What `recovered_slaves` holds (≥1.2): the registry's `SlaveInfo` of agents that have not re-registered yet. */
export const recoveredAgentSchema = z.looseObject({
  id: z.string(),
  hostname: z.string(),
  port: z.number().optional(),
  resources: resourcesSchema.optional(),
  attributes: z.record(z.string(), scalarOrText).optional(),
  domain: domainSchema.optional(),
});

/**
 * A registered agent of `/master/state` and `/master/slaves` (docs/mesos/state.md#agent-objects). Before about 0.21
 * agents carry only `id`, `hostname`, `pid`, `attributes`, `registered_time`, `reregistered_time` and `resources`.
 */
export const agentSchema = z.looseObject({
  id: z.string(),
  hostname: z.string(),
  pid: z.string().optional(),
  port: z.number().optional(),
  attributes: z.record(z.string(), scalarOrText).optional(),
  domain: domainSchema.optional(),
  registered_time: timestamp.optional(),
  reregistered_time: timestamp.optional(),
  resources: resourcesSchema,
  used_resources: resourcesSchema.optional(),
  offered_resources: resourcesSchema.optional(),
  reserved_resources: z.record(z.string(), resourcesSchema).optional(),
  unreserved_resources: resourcesSchema.optional(),
  active: z.boolean().optional(),
  deactivated: z.boolean().optional(),
  version: z.string().optional(),
  capabilities: z.array(z.string()).optional(),
  drain_info: z.looseObject({ state: z.string().optional() }).optional(),
  estimated_drain_start_time_seconds: z.number().optional(),
  // Only in `/master/slaves`. `reserved_resources_full` is keyed by role (fixture 1.4.1); an array is accepted too.
  used_resources_full: fullResources.optional(),
  offered_resources_full: fullResources.optional(),
  unreserved_resources_full: fullResources.optional(),
  reserved_resources_full: z.union([z.record(z.string(), fullResources), fullResources]).optional(),
});

/** One entry of a task's `statuses`. */
export const taskStatusSchema = z.looseObject({
  state: z.string(),
  timestamp: timestamp.optional(),
  healthy: z.boolean().optional(),
});

/**
 * A task (`json(Task)`, docs/mesos/state.md#framework-task-and-offer-objects). `state` is kept as a string: later
 * versions added states.
 */
export const taskSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  framework_id: z.string(),
  executor_id: z.string().optional(),
  slave_id: z.string(),
  state: z.string(),
  resources: resourcesSchema,
  role: z.string().optional(),
  statuses: z.array(taskStatusSchema).optional(),
});

/** An outstanding offer (`{id, framework_id, slave_id, resources, allocation_info?}`). */
export const offerSchema = z.looseObject({
  id: z.string(),
  framework_id: z.string().optional(),
  slave_id: z.string(),
  resources: resourcesSchema,
});

/** The keys `/master/state-summary` shares with the full framework object (`Summary<Framework>`). */
export const frameworkSummaryShape = {
  id: z.string(),
  name: z.string(),
  pid: z.string().optional(),
  used_resources: resourcesSchema.optional(),
  offered_resources: resourcesSchema.optional(),
  capabilities: z.array(z.string()).optional(),
  hostname: z.string().optional(),
  webui_url: z.string().optional(),
  active: z.boolean().optional(),
  connected: z.boolean().optional(),
  recovered: z.boolean().optional(),
};

/**
 * A framework of `/master/state` and `/master/frameworks` (`Full<Framework>`,
 * docs/mesos/state.md#framework-task-and-offer-objects).
 */
export const frameworkSchema = z.looseObject({
  ...frameworkSummaryShape,
  user: z.string().optional(),
  failover_timeout: z.number().optional(),
  checkpoint: z.boolean().optional(),
  registered_time: timestamp.optional(),
  reregistered_time: timestamp.optional(),
  unregistered_time: timestamp.optional(),
  principal: z.string().optional(),
  role: z.string().optional(),
  roles: z.array(z.string()).optional(),
  resources: resourcesSchema.optional(),
  tasks: z.array(taskSchema).optional(),
  unreachable_tasks: z.array(taskSchema).optional(),
  completed_tasks: z.array(taskSchema).optional(),
  offers: z.array(offerSchema).optional(),
  executors: z.array(z.looseObject({})).optional(),
});

/** `leader_info` (≥1.1): the leader's `MasterInfo` without `address` and `ip`. */
export const leaderInfoSchema = z.looseObject({
  id: z.string(),
  pid: z.string(),
  port: z.number(),
  hostname: z.string(),
  domain: domainSchema.optional(),
});

/** The build fields `/master/state` shares with `/version`. */
export const buildShape = {
  version: z.string(),
  git_sha: z.string().optional(),
  git_branch: z.string().optional(),
  git_tag: z.string().optional(),
  build_date: z.string().optional(),
  build_time: z.number().optional(),
  build_user: z.string().optional(),
};

/** `/master/state` (≥0.25) and `/master/state.json` (≤1.7): same shape, docs/mesos/state.md#top-level-keys. */
export const mesosStateSchema = z.looseObject({
  ...buildShape,
  start_time: timestamp.optional(),
  elected_time: timestamp.optional(),
  id: z.string(),
  pid: z.string(),
  hostname: z.string(),
  capabilities: z.array(z.string()).optional(),
  activated_slaves: count.optional(),
  deactivated_slaves: count.optional(),
  unreachable_slaves: count.optional(),
  domain: domainSchema.optional(),
  leader: z.string().optional(),
  leader_info: leaderInfoSchema.optional(),
  cluster: z.string().optional(),
  log_dir: z.string().optional(),
  external_log_file: z.string().optional(),
  flags: z.record(z.string(), z.string()).optional(),
  slaves: z.array(agentSchema),
  recovered_slaves: z.array(recoveredAgentSchema).optional(),
  frameworks: z.array(frameworkSchema),
  completed_frameworks: z.array(frameworkSchema).optional(),
  orphan_tasks: z.array(taskSchema).optional(),
  unregistered_frameworks: z.array(z.string()).optional(),
  // Cumulative task counters that only pre-0.2x masters put in the state.
  staged_tasks: count.optional(),
  started_tasks: count.optional(),
  finished_tasks: count.optional(),
  killed_tasks: count.optional(),
  failed_tasks: count.optional(),
  lost_tasks: count.optional(),
});

export type MesosResources = z.infer<typeof resourcesSchema>;
export type MesosFullResource = z.infer<typeof fullResourceSchema>;
export type MesosDomain = z.infer<typeof domainSchema>;
export type MesosRecoveredAgent = z.infer<typeof recoveredAgentSchema>;
export type MesosAgent = z.infer<typeof agentSchema>;
export type MesosTaskStatus = z.infer<typeof taskStatusSchema>;
export type MesosTask = z.infer<typeof taskSchema>;
export type MesosOffer = z.infer<typeof offerSchema>;
export type MesosFramework = z.infer<typeof frameworkSchema>;
export type MesosLeaderInfo = z.infer<typeof leaderInfoSchema>;
export type MesosState = z.infer<typeof mesosStateSchema>;
