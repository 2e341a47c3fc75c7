import { describe, expect, it } from "vitest";
import { RecordIoDecoder } from "../../lib/mesos/recordio";
import { parseEvent } from "../../lib/mesos/v1/schemas";
import { atLeast } from "../../lib/mesos/versions";
import { applyMutation } from "../world-mutations";
import {
  eventsForAgentRegistered,
  eventsForChanges,
  eventsForFrameworkRegistered,
  subscribedEvent,
  taskUpdatedEvent,
} from "./events";
import { v1Features } from "./features";
import { type V1Object, writeV1Json } from "./json";
import { v1Context } from "./objects";
import { recordIo } from "./recordio";
import { V1_VERSIONS, leaderView } from "./testing";

const types = (events: V1Object[]) => events.map((e) => e.type);
const valid = (version: string, event: V1Object) => {
  const parsed = parseEvent(JSON.parse(writeV1Json(v1Features(version).json, event)));
  expect(parsed.ok ? parsed.value.type : parsed.error).toBe(event.type);
};

describe.each(V1_VERSIONS)("the events of a %s leader", (version) => {
  const has = (type: string) => v1Features(version).events.has(type as never);

  it("has only the event kinds its master.proto has", () => {
    expect(has("TASK_ADDED") && has("TASK_UPDATED")).toBe(true);
    expect(has("AGENT_ADDED")).toBe(atLeast(version, "1.1.0"));
    expect(has("FRAMEWORK_ADDED")).toBe(atLeast(version, "1.4.0"));
    expect(has("HEARTBEAT")).toBe(atLeast(version, "1.5.0"));
  });

  it("reports an agent's removal: its tasks lost, then AGENT_REMOVED from 1.1", () => {
    const view = leaderView(version);
    const [agentId, tasks] = [...view.world.tasksByAgent].find(([, t]) => t.size > 1) ?? ["", new Set()];
    const count = tasks.size;
    const c = v1Context(view, v1Features(version));
    const events = eventsForChanges(c, applyMutation(view.world, { type: "remove-agent", agentId, at: 5 }, version));
    const updates = Array<string>(count).fill("TASK_UPDATED");
    expect(types(events)).toEqual(atLeast(version, "1.1.0") ? [...updates, "AGENT_REMOVED"] : updates);
    for (const event of events) valid(version, event);
    const update = events[0]?.task_updated as V1Object;
    expect(update.state).toBe("TASK_LOST");
    if (atLeast(version, "1.1.0"))
      expect(update.status).toMatchObject({
        state: "TASK_LOST",
        source: "SOURCE_MASTER",
        reason: "REASON_AGENT_REMOVED",
      });
    else expect(Object.keys(update)).toEqual(expect.arrayContaining(["task_id", "agent_id", "framework_id", "state"]));
  });

  it("reports a registering agent's tasks, then AGENT_ADDED from 1.1; a framework with FRAMEWORK_ADDED from 1.4", () => {
    const view = leaderView(version);
    const agent = view.world.agents.find((a) => (view.world.tasksByAgent.get(a.id)?.size ?? 0) > 0);
    if (!agent) throw new Error("no agent with tasks");
    const c = v1Context(view, v1Features(version));
    const agentEvents = eventsForAgentRegistered(c, agent);
    const added = Array<string>(view.world.tasksByAgent.get(agent.id)?.size ?? 0).fill("TASK_ADDED");
    expect(types(agentEvents)).toEqual(atLeast(version, "1.1.0") ? [...added, "AGENT_ADDED"] : added);
    const framework = view.world.frameworks[0];
    if (!framework) throw new Error("no framework");
    const frameworkEvents = eventsForFrameworkRegistered(c, framework);
    expect(frameworkEvents[0]?.type).toBe(atLeast(version, "1.4.0") ? "FRAMEWORK_ADDED" : "TASK_ADDED");
    for (const event of [...agentEvents, ...frameworkEvents]) valid(version, event);
  });

  it("starts with SUBSCRIBED, with the heartbeat interval from 1.5", () => {
    const view = leaderView(version);
    const event = subscribedEvent(v1Context(view, v1Features(version)), 15);
    valid(version, event);
    expect((event.subscribed as V1Object).heartbeat_interval_seconds).toBe(atLeast(version, "1.5.0") ? 15 : undefined);
    const text = writeV1Json(v1Features(version).json, event);
    if (atLeast(version, "1.5.0")) expect(text.endsWith(',"heartbeat_interval_seconds":15.0}}')).toBe(true);
  });
});

describe("TASK_UPDATED", () => {
  it("carries the framework, the update's status and the latest state from 1.1, and the ids in 1.0", () => {
    const view = leaderView("1.11.0");
    const task = [...view.world.tasks.values()][0];
    if (!task) throw new Error("no task");
    const status = { state: "TASK_FAILED" as const, timestamp: 9.5, source: "SOURCE_EXECUTOR" as const, uuid: "AA==" };
    const modern = taskUpdatedEvent(v1Context(view, v1Features("1.11.0")), { ...task, state: "TASK_FAILED" }, status);
    expect(modern).toEqual({
      type: "TASK_UPDATED",
      task_updated: {
        framework_id: { value: task.frameworkId },
        status: {
          task_id: { value: task.id },
          state: "TASK_FAILED",
          source: "SOURCE_EXECUTOR",
          agent_id: { value: task.agentId },
          ...(task.executorId ? { executor_id: { value: task.executorId } } : {}),
          timestamp: 9.5,
          uuid: "AA==",
        },
        state: "TASK_FAILED",
      },
    });
    const old = taskUpdatedEvent(v1Context(view, v1Features("1.0.0")), { ...task, state: "TASK_FAILED" }, status);
    expect(writeV1Json(v1Features("1.0.0").json, old)).toBe(
      `{"task_updated":{"agent_id":{"value":"${task.agentId}"},` +
        (task.executorId ? `"executor_id":{"value":"${task.executorId}"},` : "") +
        `"framework_id":{"value":"${task.frameworkId}"},"state":"TASK_FAILED","task_id":{"value":"${task.id}"}},` +
        `"type":"TASK_UPDATED"}`,
    );
  });
});

describe("RecordIO framing", () => {
  it("counts bytes, not characters, so multibyte UTF-8 in a hostname or label frames correctly", () => {
    const view = leaderView("1.11.0");
    const agent = view.world.agents[0];
    if (!agent) throw new Error("no agent");
    agent.hostname = "agent-ünïcødé-日本.sim.mesos";
    agent.attributes.label = "émoji 🚀";
    const events = eventsForAgentRegistered(v1Context(view, v1Features("1.11.0")), agent);
    const payloads = events.map((e) => Buffer.from(writeV1Json(v1Features("1.11.0").json, e), "utf8"));
    const stream = Buffer.concat(payloads.map(recordIo));
    const first = payloads.at(-1) ?? Buffer.alloc(0);
    const text = first.toString("utf8");
    expect(first.length).toBeGreaterThan(text.length);
    expect(recordIo(first).subarray(0, `${first.length}\n`.length).toString()).toBe(`${first.length}\n`);
    // Re-chunked at every byte, as a proxy may do, the stream still decodes to the same records.
    const decoder = new RecordIoDecoder();
    const records: string[] = [];
    for (let i = 0; i < stream.length; i += 7) {
      const pushed = decoder.push(stream.subarray(i, i + 7));
      if (!pushed.ok) throw new Error(pushed.error.message);
      for (const record of pushed.records) records.push(Buffer.from(record).toString("utf8"));
    }
    expect(records).toEqual(payloads.map((p) => p.toString("utf8")));
    expect(JSON.parse(records.at(-1) ?? "{}")).toMatchObject({
      type: "AGENT_ADDED",
      agent_added: { agent: { agent_info: { hostname: "agent-ünïcødé-日本.sim.mesos" } } },
    });
  });
});
