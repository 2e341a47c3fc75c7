import { describe, expect, it } from "vitest";
import { readV1Fixture } from "./fixtures";
import { eventSchema, parseEvent, parseResponse, type MasterEvent } from "./schemas";

function eventOf(json: unknown): MasterEvent {
  const result = parseEvent(json);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

const id = (value: string) => ({ value });
const running = { task_id: id("t"), state: "TASK_RUNNING", agent_id: id("S0"), timestamp: 1.5 };

describe("parseEvent", () => {
  it("reads a 1.11 SUBSCRIBED with its whole state", () => {
    const event = eventOf(readV1Fixture("subscribed"));
    if (event.type !== "SUBSCRIBED") throw new Error(event.type);
    const state = event.subscribed.get_state;
    expect(event.subscribed.heartbeat_interval_seconds).toBe(15);
    expect(state?.get_agents?.agents?.map((agent) => agent.agent_info.hostname)).toEqual([
      "a1.example.com",
      "a2.example.com",
      "a3.example.com",
    ]);
    expect(state?.get_tasks?.tasks).toHaveLength(5);
    expect(state?.get_frameworks?.frameworks?.[0]?.offers?.[0]?.resources?.[0]?.scalar?.value).toBe(2.5);
    expect(state?.get_executors?.executors?.[0]?.executor_info.executor_id.value).toBe("spark.e1");
  });

  it("reads every event type with its payload", () => {
    const task = { name: "t", task_id: id("t"), framework_id: id("F"), agent_id: id("S0"), state: "TASK_STAGING" };
    const agent = { agent_info: { hostname: "h", id: id("S0") }, active: true, version: "1.4.0" };
    const framework = { framework_info: { user: "u", name: "n", id: id("F") }, active: true, connected: true };
    const events = [
      { type: "TASK_ADDED", task_added: { task } },
      { type: "TASK_UPDATED", task_updated: { framework_id: id("F"), status: running, state: "TASK_RUNNING" } },
      { type: "AGENT_ADDED", agent_added: { agent } },
      { type: "AGENT_REMOVED", agent_removed: { agent_id: id("S0") } },
      { type: "FRAMEWORK_ADDED", framework_added: { framework } },
      { type: "FRAMEWORK_UPDATED", framework_updated: { framework } },
      { type: "FRAMEWORK_REMOVED", framework_removed: { framework_info: framework.framework_info } },
      { type: "HEARTBEAT" },
    ];
    expect(events.map((event) => eventOf(event).type)).toEqual(events.map((event) => event.type));
  });

  it("accepts the 1.0 TASK_UPDATED, which has task_id and agent_id and no status", () => {
    const event = eventOf({
      type: "TASK_UPDATED",
      task_updated: { task_id: id("t"), framework_id: id("F"), agent_id: id("S0"), state: "TASK_FINISHED" },
    });
    if (event.type !== "TASK_UPDATED") throw new Error(event.type);
    expect(event.task_updated.task_id?.value).toBe("t");
  });

  it("refuses a TASK_UPDATED with neither status nor task_id", () => {
    const result = parseEvent({ type: "TASK_UPDATED", task_updated: { framework_id: id("F"), state: "TASK_LOST" } });
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) expect(result.error).toContain("needs `status`");
  });

  it("passes unknown and missing types as UNKNOWN, keeping what they were", () => {
    expect(eventOf({ type: "AGENT_UPDATED", agent_updated: {} })).toEqual({
      type: "UNKNOWN",
      originalType: "AGENT_UPDATED",
    });
    expect(eventOf({ type: "UNKNOWN" })).toEqual({ type: "UNKNOWN", originalType: "UNKNOWN" });
    expect(eventOf({})).toEqual({ type: "UNKNOWN", originalType: null });
  });

  it("names the path of a malformed known event, and keeps unknown keys of a good one", () => {
    const result = parseEvent({ type: "AGENT_REMOVED", agent_removed: { agent_id: { value: 7 } } });
    expect(result).toEqual({
      ok: false,
      error: "AGENT_REMOVED: agent_removed.agent_id.value: Invalid input: expected string, received number",
    });
    const event = eventOf({ type: "HEARTBEAT", extra: 1 });
    expect(event).toEqual({ type: "HEARTBEAT", extra: 1 });
  });

  it("refuses what is not an object", () => {
    expect(parseEvent("HEARTBEAT").ok).toBe(false);
    expect(parseEvent(null).ok).toBe(false);
    expect(parseEvent({ type: 9 }).ok).toBe(false);
  });

  it("reads 64-bit integers given as numbers or as decimal strings", () => {
    const event = eventOf({
      type: "AGENT_ADDED",
      agent_added: {
        agent: {
          agent_info: { hostname: "h" },
          active: true,
          version: "1.11.0",
          registered_time: { nanoseconds: "1700000100500000000" },
          total_resources: [{ name: "ports", type: "RANGES", ranges: { range: [{ begin: "31000", end: 32000 }] } }],
        },
      },
    });
    if (event.type !== "AGENT_ADDED") throw new Error(event.type);
    expect(event.agent_added.agent.registered_time?.nanoseconds).toBe(1700000100500000000);
    expect(event.agent_added.agent.total_resources?.[0]?.ranges?.range?.[0]).toEqual({ begin: 31000, end: 32000 });
  });

  it("works as one zod schema too", () => {
    expect(eventSchema.parse({ type: "HEARTBEAT" })).toEqual({ type: "HEARTBEAT" });
    expect(eventSchema.safeParse({ type: "AGENT_REMOVED" }).success).toBe(false);
  });
});

describe("parseResponse", () => {
  it("reads GET_MASTER and GET_VERSION", () => {
    const master = parseResponse(readV1Fixture("getMaster"));
    expect(master.ok && master.value.type === "GET_MASTER" && master.value.get_master.master_info?.port).toBe(5050);
    const version = parseResponse(readV1Fixture("getVersion"));
    expect(version.ok && version.value.type === "GET_VERSION" && version.value.get_version.version_info.version).toBe(
      "1.11.0",
    );
  });

  it("reads GET_METRICS, GET_HEALTH, GET_AGENTS, GET_FRAMEWORKS, GET_EXECUTORS and GET_TASKS", () => {
    const responses = [
      { type: "GET_METRICS", get_metrics: { metrics: [{ name: "master/slaves_unreachable", value: 1 }] } },
      { type: "GET_HEALTH", get_health: { healthy: true } },
      { type: "GET_AGENTS", get_agents: { agents: [], recovered_agents: [{ hostname: "h", id: id("S3") }] } },
      { type: "GET_FRAMEWORKS", get_frameworks: { frameworks: [], completed_frameworks: [] } },
      { type: "GET_EXECUTORS", get_executors: {} },
      { type: "GET_TASKS", get_tasks: { tasks: [], pending_tasks: [] } },
    ];
    for (const response of responses) expect(parseResponse(response)).toMatchObject({ ok: true });
  });

  it("refuses an unknown response type and a missing payload", () => {
    expect(parseResponse({ type: "GET_QUOTA", get_quota: {} })).toMatchObject({ ok: false });
    expect(parseResponse({ type: "GET_AGENTS" })).toMatchObject({ ok: false });
  });
});
