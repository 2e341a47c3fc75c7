import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import {
  decodeMasterInfo,
  decodeV1Call,
  decodeV1Event,
  decodeV1Response,
  encodeMasterInfo,
  encodeV1Call,
  encodeV1Event,
  encodeV1Response,
  MAX_MASTER_INFO_BYTES,
  type MesosJsonObject,
} from "./codec";
import { messageType } from "./root";
import { EVENTS, RESPONSES } from "./v1-examples";

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ""), "hex");
const hexOf = (result: { ok: true; value: Uint8Array } | { ok: false; error: string }) =>
  result.ok ? Buffer.from(result.value).toString("hex") : result.error;

describe("mesos.MasterInfo (docs/mesos/zookeeper.md#masterinfo-protobuf-fields)", () => {
  it("has the field numbers and types of mesos.proto", () => {
    const summary = messageType("mesos.MasterInfo").fieldsArray.map(
      (field) => `${field.id}:${field.name}:${field.type}${field.required ? "!" : ""}${field.repeated ? "*" : ""}`,
    );
    expect(summary).toEqual([
      "1:id:string!",
      "2:ip:uint32!",
      "3:port:uint32!",
      "4:pid:string",
      "5:hostname:string",
      "6:version:string",
      "7:address:Address",
      "8:domain:DomainInfo",
      "9:capabilities:Capability*",
    ]);
  });

  it("round-trips address, domain and capabilities", () => {
    const info = {
      id: "i",
      ip: 184549386,
      port: 5050,
      address: { hostname: "m1", ip: "10.0.0.11", port: 5050 },
      domain: { fault_domain: { region: { name: "r" }, zone: { name: "z" } } },
      capabilities: [{ type: "AGENT_UPDATE" }, { type: "QUOTA_V2" }],
    };
    const bytes = hexOf(encodeMasterInfo(info));
    expect(bytes).toBe(
      "0a0169" +
        "108a808058" +
        "18ba27" +
        "3a12" +
        "0a026d31" +
        "120931302e302e302e3131" +
        "18ba27" +
        "420c0a0a" +
        "0a030a0172" +
        "12030a017a" +
        "4a020801" +
        "4a020803",
    );
    expect(decodeMasterInfo(hex(bytes))).toEqual({ ok: true, value: info });
  });

  it("reads a capability number it does not know as a capability without a type", () => {
    expect(decodeMasterInfo(hex("0a0169 1001 18ba27 4a020809 4a020801"))).toEqual({
      ok: true,
      value: { id: "i", ip: 1, port: 5050, capabilities: [{}, { type: "AGENT_UPDATE" }] },
    });
  });

  it("refuses what does not fit, as a result", () => {
    expect(encodeMasterInfo({ id: "i", ip: -1, port: 5050 })).toEqual({
      ok: false,
      error: "mesos.MasterInfo.ip: -1 does not fit in uint32",
    });
    expect(encodeMasterInfo({ id: "i", ip: 1 })).toEqual({
      ok: false,
      error: "mesos.MasterInfo.port: missing required field",
    });
    expect(encodeMasterInfo({ id: "i", ip: 1, port: 1, capabilities: [{ type: "FUTURE" }] })).toMatchObject({
      ok: false,
    });
    expect(decodeMasterInfo(new Uint8Array(MAX_MASTER_INFO_BYTES + 1))).toMatchObject({ ok: false });
  });
});

describe("v1 operator API: JSON → protobuf → JSON is the identity for what a 1.11 master writes", () => {
  it.each(Object.entries(EVENTS))("Event %s", (_, event) => {
    const bytes = encodeV1Event(event);
    if (!bytes.ok) throw new Error(bytes.error);
    expect(decodeV1Event(bytes.value)).toEqual({ ok: true, value: event });
  });

  it.each(Object.entries(RESPONSES))("Response %s", (_, response) => {
    const bytes = encodeV1Response(response);
    if (!bytes.ok) throw new Error(bytes.error);
    expect(decodeV1Response(bytes.value)).toEqual({ ok: true, value: response });
  });

  it.each<[string, MesosJsonObject]>([
    ["SUBSCRIBE", { type: "SUBSCRIBE" }],
    ["GET_STATE", { type: "GET_STATE" }],
    ["GET_METRICS with a timeout", { type: "GET_METRICS", get_metrics: { timeout: { nanoseconds: 5000000000 } } }],
    ["GET_MASTER", { type: "GET_MASTER" }],
  ])("Call %s", (_, call) => {
    const bytes = encodeV1Call(call);
    if (!bytes.ok) throw new Error(bytes.error);
    expect(decodeV1Call(bytes.value)).toEqual({ ok: true, value: call });
  });

  it("writes a SUBSCRIBE call as the two bytes a master expects", () => {
    expect(hexOf(encodeV1Call({ type: "SUBSCRIBE" }))).toBe("0812");
    expect(hexOf(encodeV1Event({ type: "HEARTBEAT" }))).toBe("0809");
  });
});

describe("v1 operator API: refusals", () => {
  it("refuses more bytes than the cap, and garbage, as results", () => {
    expect(decodeV1Event(new Uint8Array(16), { maxBytes: 8 })).toEqual({
      ok: false,
      error: "message too large (16 bytes > 8)",
    });
    expect(decodeV1Response(hex("ffffffffffff"))).toMatchObject({ ok: false });
    expect(encodeV1Event({ type: "NOT_A_TYPE" })).toMatchObject({ ok: false });
    expect(encodeV1Response("GET_HEALTH")).toMatchObject({ ok: false });
  });

  it("reads an event type newer than 1.11 as an event without a type", () => {
    expect(decodeV1Event(hex("0863"))).toEqual({ ok: true, value: {} });
  });

  // README.md in apache-mesos-1.11.0/: TaskUpdated was { task_id, framework_id, agent_id, executor_id?, state } at
  // 1.0.0 and is { framework_id, status, state } since 1.1.0, under the same field numbers.
  it("cannot read a 1.0 master's TASK_UPDATED, whose fields were renumbered in 1.1", () => {
    const v1_0 = protobuf.parse(
      `syntax = "proto2";
      message Id { required string value = 1; }
      enum TaskState { TASK_STAGING = 6; TASK_RUNNING = 1; }
      message TaskUpdated {
        required Id task_id = 1; required Id framework_id = 2; required Id agent_id = 3;
        optional Id executor_id = 4; required TaskState state = 5;
      }
      message Event { optional int32 type = 1; optional TaskUpdated task_updated = 4; }`,
      { keepCase: true },
    ).root;
    const id = (value: string) => ({ value });
    const taskUpdated = { task_id: id("t1"), framework_id: id("fw-1"), agent_id: id("a-11"), state: 1 };
    const bytes = v1_0.lookupType("Event").encode({ type: 3, task_updated: taskUpdated }).finish();
    // Its framework_id lands where `status` (a TaskStatus) now is and does not parse as one.
    expect(decodeV1Event(bytes)).toEqual({ ok: false, error: "invalid wire type 6" });
  });
});
