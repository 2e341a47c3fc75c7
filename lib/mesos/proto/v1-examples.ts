// v1 operator API messages as a 1.11 master writes them in JSON (json.ts says the rules), made by hand for the codec's
// round-trip tests and for anyone who needs a realistic message: resources in the agent's own format in `agent_info`
// and in the endpoint format (`role` set) elsewhere, as `createAgentResponse` and `convertResourceFormat` make them
// (src/common/protobuf_utils.cpp, src/common/resources_utils.cpp); written defaults (`port` 5051, `checkpoint`,
// `failover_timeout`, `protocol`); `[]` for the lists that the hand-written writers always write; bytes in base64.
import type { MesosJsonObject } from "./json";

const scalar = (name: string, value: number, extra: MesosJsonObject = {}): MesosJsonObject => ({
  name,
  type: "SCALAR",
  scalar: { value },
  ...extra,
});
const ports = (begin: number, end: number, extra: MesosJsonObject = {}): MesosJsonObject => ({
  name: "ports",
  type: "RANGES",
  ranges: { range: [{ begin, end }] },
  ...extra,
});

const AGENT_ID = { value: "4783b2a5-0a6c-4e2b-bd34-5c3c1ab1e2f0-S1" };
const FRAMEWORK_ID = { value: "4783b2a5-0a6c-4e2b-bd34-5c3c1ab1e2f0-0000" };
const TASK_ID = { value: "web.4c5f3e2a-7b1d-11ee-9b8a-0242ac110002" };
const ALLOCATED = { allocation_info: { role: "web" }, role: "*" };

export const AGENT: MesosJsonObject = {
  agent_info: {
    hostname: "agent-1.example.com",
    port: 5051,
    resources: [scalar("cpus", 4), scalar("mem", 15360), scalar("disk", 102400), ports(31000, 32000)],
    attributes: [{ name: "rack", type: "TEXT", text: { value: "r1" } }],
    id: AGENT_ID,
    domain: { fault_domain: { region: { name: "us-east-1" }, zone: { name: "us-east-1a" } } },
  },
  active: true,
  deactivated: false,
  version: "1.11.0",
  pid: "slave(1)@10.0.1.11:5051",
  registered_time: { nanoseconds: 1700000000123456800 },
  reregistered_time: { nanoseconds: 1700000100987654400 },
  total_resources: [
    scalar("cpus", 4, { role: "*" }),
    scalar("mem", 15360, { role: "*" }),
    scalar("disk", 102400, { role: "*" }),
    ports(31000, 32000, { role: "*" }),
  ],
  allocated_resources: [scalar("cpus", 0.5, ALLOCATED), scalar("mem", 128, ALLOCATED), ports(31000, 31000, ALLOCATED)],
  capabilities: ["MULTI_ROLE", "HIERARCHICAL_ROLE", "RESERVATION_REFINEMENT", "AGENT_DRAINING"].map((type) => ({
    type,
  })),
};

export const FRAMEWORK_INFO: MesosJsonObject = {
  user: "root",
  name: "marathon",
  id: FRAMEWORK_ID,
  failover_timeout: 604800,
  checkpoint: true,
  hostname: "master-1.example.com",
  principal: "marathon",
  webui_url: "http://master-1.example.com:8080",
  capabilities: ["TASK_KILLING_STATE", "GPU_RESOURCES", "PARTITION_AWARE", "MULTI_ROLE"].map((type) => ({ type })),
  labels: { labels: [{ key: "owner", value: "platform" }] },
  roles: ["web"],
};

export const FRAMEWORK: MesosJsonObject = {
  framework_info: FRAMEWORK_INFO,
  active: true,
  connected: true,
  recovered: false,
  registered_time: { nanoseconds: 1700000001000000000 },
  reregistered_time: { nanoseconds: 1700000101000000000 },
  allocated_resources: [scalar("cpus", 0.5, ALLOCATED), scalar("mem", 128, ALLOCATED), ports(31000, 31000, ALLOCATED)],
};

const CONTAINER_STATUS: MesosJsonObject = {
  network_infos: [{ ip_addresses: [{ protocol: "IPv4", ip_address: "10.0.1.11" }] }],
  container_id: { value: "f1b5c3a8-2d4e-4f60-8a7b-9c0d1e2f3a4b" },
  executor_pid: 4242,
};

export function taskStatus(state: string, timestamp: number, uuid: string): MesosJsonObject {
  return {
    task_id: TASK_ID,
    state,
    source: "SOURCE_EXECUTOR",
    agent_id: AGENT_ID,
    executor_id: { value: TASK_ID.value },
    timestamp,
    uuid,
    container_status: CONTAINER_STATUS,
  };
}

export const TASK: MesosJsonObject = {
  name: "web",
  task_id: TASK_ID,
  framework_id: FRAMEWORK_ID,
  executor_id: { value: TASK_ID.value },
  agent_id: AGENT_ID,
  state: "TASK_RUNNING",
  resources: [scalar("cpus", 0.5, ALLOCATED), scalar("mem", 128, ALLOCATED), ports(31000, 31000, ALLOCATED)],
  statuses: [
    taskStatus("TASK_STARTING", 1700000002.123456, "r0bS5OJ3Q8m3y4M9P2l0sA=="),
    taskStatus("TASK_RUNNING", 1700000003.5, "3q2+7w8RQ0aZ1x2c3v4b5A=="),
  ],
  status_update_state: "TASK_RUNNING",
  status_update_uuid: "3q2+7w8RQ0aZ1x2c3v4b5A==",
  labels: { labels: [{ key: "HAPROXY_GROUP", value: "external" }] },
  discovery: {
    visibility: "FRAMEWORK",
    name: "web",
    ports: { ports: [{ number: 80, name: "http", protocol: "tcp" }] },
  },
  user: "nobody",
};

const COMPLETED_TASK: MesosJsonObject = {
  ...TASK,
  task_id: { value: "batch.1" },
  name: "batch",
  state: "TASK_FAILED",
  statuses: [{ ...taskStatus("TASK_FAILED", 1700000004, "AAECAwQFBgcICQoLDA0ODw=="), message: "exit 1" }],
  status_update_state: "TASK_FAILED",
  status_update_uuid: "AAECAwQFBgcICQoLDA0ODw==",
};

// A task just launched: no status yet, so no `statuses` (an empty list is not written) and no status_update_*.
const STAGING_TASK: MesosJsonObject = Object.fromEntries(
  Object.entries({ ...TASK, state: "TASK_STAGING" }).filter(([key]) => !key.startsWith("status")),
);

export const GET_STATE: MesosJsonObject = {
  get_tasks: { tasks: [TASK], unreachable_tasks: [], completed_tasks: [COMPLETED_TASK] },
  get_executors: { executors: [] },
  get_frameworks: { frameworks: [FRAMEWORK], completed_frameworks: [] },
  get_agents: { agents: [AGENT], recovered_agents: [] },
};

export const EMPTY_GET_STATE: MesosJsonObject = {
  get_tasks: { tasks: [], unreachable_tasks: [], completed_tasks: [] },
  get_executors: { executors: [] },
  get_frameworks: { frameworks: [], completed_frameworks: [] },
  get_agents: { agents: [], recovered_agents: [] },
};

/** `mesos.v1.master.Event`s, one of each type a 1.11 master sends. */
export const EVENTS: Readonly<Record<string, MesosJsonObject>> = {
  SUBSCRIBED: { type: "SUBSCRIBED", subscribed: { get_state: GET_STATE, heartbeat_interval_seconds: 15 } },
  SUBSCRIBED_EMPTY: { type: "SUBSCRIBED", subscribed: { get_state: EMPTY_GET_STATE, heartbeat_interval_seconds: 15 } },
  TASK_ADDED: { type: "TASK_ADDED", task_added: { task: STAGING_TASK } },
  TASK_UPDATED: {
    type: "TASK_UPDATED",
    task_updated: {
      framework_id: FRAMEWORK_ID,
      status: taskStatus("TASK_RUNNING", 1700000003.5, "3q2+7w8RQ0aZ1x2c3v4b5A=="),
      state: "TASK_RUNNING",
    },
  },
  AGENT_ADDED: { type: "AGENT_ADDED", agent_added: { agent: AGENT } },
  AGENT_REMOVED: { type: "AGENT_REMOVED", agent_removed: { agent_id: AGENT_ID } },
  FRAMEWORK_ADDED: { type: "FRAMEWORK_ADDED", framework_added: { framework: FRAMEWORK } },
  FRAMEWORK_UPDATED: { type: "FRAMEWORK_UPDATED", framework_updated: { framework: { ...FRAMEWORK, active: false } } },
  FRAMEWORK_REMOVED: { type: "FRAMEWORK_REMOVED", framework_removed: { framework_info: FRAMEWORK_INFO } },
  HEARTBEAT: { type: "HEARTBEAT" },
};

/** `mesos.v1.master.Response`s to the calls the dashboard makes. */
export const RESPONSES: Readonly<Record<string, MesosJsonObject>> = {
  GET_STATE: { type: "GET_STATE", get_state: GET_STATE },
  GET_AGENTS: { type: "GET_AGENTS", get_agents: { agents: [AGENT], recovered_agents: [] } },
  GET_MASTER: {
    type: "GET_MASTER",
    get_master: {
      master_info: {
        id: "9c6e0b1a-3f4d-4e5f-8a9b-0c1d2e3f4a5b",
        ip: 184549386,
        port: 5050,
        pid: "master@10.0.0.11:5050",
        hostname: "master-1.example.com",
        version: "1.11.0",
        address: { hostname: "master-1.example.com", ip: "10.0.0.11", port: 5050 },
        domain: { fault_domain: { region: { name: "us-east-1" }, zone: { name: "us-east-1a" } } },
        // v1 MasterInfo.Capability.Type stops at AGENT_DRAINING: QUOTA_V2 (v0 only) crosses `evolve` as an unknown
        // enum number, and JSON::Protobuf writes that capability as `{}`.
        capabilities: [{ type: "AGENT_UPDATE" }, { type: "AGENT_DRAINING" }, {}],
      },
      start_time: 1699999990.25,
      elected_time: 1699999995.75,
    },
  },
  GET_VERSION: {
    type: "GET_VERSION",
    get_version: {
      version_info: {
        version: "1.11.0",
        build_date: "2020-11-19 14:37:26",
        build_time: 1605796646,
        build_user: "root",
        git_sha: "04bc7ee1984d86fbb0bd782ccc69ce44c13ae4b9",
        git_tag: "1.11.0",
      },
    },
  },
  GET_HEALTH: { type: "GET_HEALTH", get_health: { healthy: true } },
  GET_METRICS: {
    type: "GET_METRICS",
    get_metrics: {
      metrics: [
        { name: "master/elected", value: 1 },
        { name: "master/slaves_active", value: 1 },
        { name: "master/cpus_percent", value: 0.125 },
        { name: "master/uptime_secs", value: 12345.678901 },
      ],
    },
  },
  GET_METRICS_EMPTY: { type: "GET_METRICS", get_metrics: { metrics: [] } },
};
