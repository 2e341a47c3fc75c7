import { describe, expect, it } from "vitest";
import { decodeV1Event, decodeV1Response, encodeV1Call } from "../../lib/mesos/proto/codec";
import { atLeast } from "../../lib/mesos/versions";
import { applyMutation } from "../world-mutations";
import { APPLICATION_JSON, APPLICATION_PROTOBUF, encodeV1 } from "./codec";
import { eventsForAgentRegistered, eventsForChanges, eventsForFrameworkRegistered, subscribedEvent } from "./events";
import { v1Features } from "./features";
import type { V1Object } from "./json";
import { parseCall } from "./api";
import { v1Context } from "./objects";
import { getMaster, getMetrics, getState, getVersion, response } from "./responses";
import { V1_VERSIONS, leaderView } from "./testing";

/** What the JSON a master writes reads as: empty lists and `{}`-only leftovers aside, the same object. */
const json = (version: string, message: V1Object): unknown =>
  JSON.parse(encodeV1(v1Features(version), message, "event", APPLICATION_JSON).toString("utf8"));

describe.each(V1_VERSIONS)("protobuf from a simulated %s leader", (version) => {
  const f = v1Features(version);
  const view = leaderView(version);
  const c = v1Context(view, f);

  it("encodes every answer so that it decodes to the object the JSON answer shows", () => {
    for (const [type, body] of [
      ["GET_STATE", getState(c)],
      ["GET_MASTER", getMaster(c)],
      ["GET_VERSION", getVersion(view)],
      ["GET_METRICS", getMetrics({ "master/elected": 1, "master/uptime_secs": 12.5 })],
    ] as const) {
      const message = response(type, body);
      const decoded = decodeV1Response(encodeV1(f, message, "response", APPLICATION_PROTOBUF));
      if (!decoded.ok) throw new Error(decoded.error);
      // lib/mesos/proto writes what a 1.11.0 master writes; for 1.11.0 that is exactly our JSON.
      if (version === "1.11.0") expect(decoded.value).toEqual(json(version, message));
      else expect(decoded.value.type).toBe(type);
    }
  });

  it("encodes the events of the stream", () => {
    const agent = view.world.agents.find((a) => (view.world.tasksByAgent.get(a.id)?.size ?? 0) > 0);
    const framework = view.world.frameworks[0];
    if (!agent || !framework) throw new Error("no agent or framework");
    const events = [
      subscribedEvent(c, 15),
      ...eventsForAgentRegistered(c, agent),
      ...eventsForFrameworkRegistered(c, framework).slice(0, 2),
      ...eventsForChanges(c, applyMutation(view.world, { type: "remove-agent", agentId: agent.id, at: 7 }, version)),
    ];
    for (const event of events) {
      const bytes = encodeV1(f, event, "event", APPLICATION_PROTOBUF);
      if (event.type === "TASK_UPDATED" && !atLeast(version, "1.1.0")) continue; // below
      const decoded = decodeV1Event(bytes);
      if (!decoded.ok) throw new Error(`${String(event.type)}: ${decoded.error}`);
      if (version === "1.11.0") expect(decoded.value).toEqual(json(version, event));
      else expect(decoded.value.type).toBe(event.type);
    }
  });
});

describe("1.0's TASK_UPDATED in protobuf", () => {
  it("uses the field numbers of master.proto at 1.0.0", () => {
    const f = v1Features("1.0.0");
    const event = {
      type: "TASK_UPDATED",
      task_updated: {
        task_id: { value: "t" },
        framework_id: { value: "f" },
        agent_id: { value: "a" },
        state: "TASK_FAILED",
      },
    };
    // type = 3; task_updated (4) = {1: {1: "t"}, 2: {1: "f"}, 3: {1: "a"}, 5: 3}
    expect(encodeV1(f, event, "event", APPLICATION_PROTOBUF).toString("hex")).toBe(
      "0803" + "2211" + "0a030a0174" + "12030a0166" + "1a030a0161" + "2803",
    );
  });
});

describe("parseCall", () => {
  it("reads protobuf calls, and treats a type the version does not know as no type", () => {
    const bytes = (call: unknown) => {
      const encoded = encodeV1Call(call);
      if (!encoded.ok) throw new Error(encoded.error);
      return Buffer.from(encoded.value);
    };
    expect(parseCall(v1Features("1.11.0"), bytes({ type: "SUBSCRIBE" }), APPLICATION_PROTOBUF)).toEqual({
      call: { type: "SUBSCRIBE", get_metrics: undefined },
    });
    expect(parseCall(v1Features("1.4.0"), bytes({ type: "GET_OPERATIONS" }), APPLICATION_PROTOBUF)).toEqual({
      error: "Failed to validate master::Call: Expecting 'type' to be present",
    });
    expect(parseCall(v1Features("1.11.0"), Buffer.from("ffff", "hex"), APPLICATION_PROTOBUF)).toEqual({
      error: "Failed to parse body into Call protobuf",
    });
  });
});
