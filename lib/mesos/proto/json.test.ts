// The JSON rendering rules of json.ts, each as a master's bytes → the JSON a 1.11 master writes for them
// (3rdparty/stout/include/stout/protobuf.hpp `json(ObjectWriter*, const Protobuf&)`, src/master/readonly_handler.cpp).
import { describe, expect, it } from "vitest";
import { fromMesosJson, toMesosJson } from "./json";
import { messageType } from "./root";
import { decodeWith, encodeWith } from "./wire";

// What a master serializes: wire values (enum numbers, byte arrays), only the fields it set.
function rendered(typeName: string, wire: Record<string, unknown>) {
  const type = messageType(typeName);
  const decoded = decodeWith(type, encodeWith(type, wire), 1 << 20);
  return decoded.ok ? toMesosJson(type, decoded.value) : decoded;
}

describe("toMesosJson", () => {
  it("fills in an unset field's explicit default, unless the field is deprecated", () => {
    // FrameworkInfo: failover_timeout [default = 0.0], checkpoint [default = false], role [default = "*", deprecated].
    expect(rendered("mesos.v1.FrameworkInfo", { user: "root", name: "marathon" })).toEqual({
      ok: true,
      value: { user: "root", name: "marathon", failover_timeout: 0, checkpoint: false },
    });
    // AgentInfo.port [default = 5051]; Resource.role is deprecated, so only a role that was set is written.
    expect(rendered("mesos.v1.AgentInfo", { hostname: "a1", resources: [{ name: "cpus", type: 0 }] })).toEqual({
      ok: true,
      value: { hostname: "a1", port: 5051, resources: [{ name: "cpus", type: "SCALAR" }] },
    });
    expect(rendered("mesos.v1.Resource", { name: "cpus", type: 0, role: "*" })).toEqual({
      ok: true,
      value: { name: "cpus", type: "SCALAR", role: "*" },
    });
  });

  it("leaves out empty lists, except those the 1.10+ writers of GET_STATE and friends always write", () => {
    expect(
      rendered("mesos.v1.Task", {
        name: "t",
        task_id: { value: "t" },
        framework_id: { value: "f" },
        agent_id: { value: "a" },
        state: 6,
      }),
    ).toEqual({
      ok: true,
      value: {
        name: "t",
        task_id: { value: "t" },
        framework_id: { value: "f" },
        agent_id: { value: "a" },
        state: "TASK_STAGING",
      },
    });
    expect(rendered("mesos.v1.master.Response", { type: 9, get_agents: {} })).toEqual({
      ok: true,
      value: { type: "GET_AGENTS", get_agents: { agents: [], recovered_agents: [] } },
    });
    // GetTasks.pending_tasks and orphan_tasks are not among them: jsonifyGetTasks never writes those.
    expect(rendered("mesos.v1.master.Response.GetTasks", {})).toEqual({
      ok: true,
      value: { tasks: [], unreachable_tasks: [], completed_tasks: [] },
    });
  });

  it("writes enums by name, bytes in padded base64 and 64-bit integers as numbers", () => {
    const status = {
      task_id: { value: "t" },
      state: 1,
      uuid: new Uint8Array([0xfb, 0xff, 0x01]),
      data: new Uint8Array([1]),
    };
    expect(rendered("mesos.v1.TaskStatus", status)).toEqual({
      ok: true,
      value: { task_id: { value: "t" }, state: "TASK_RUNNING", data: "AQ==", uuid: "+/8B" },
    });
    // Beyond 2^53 the number is the double JSON.parse makes of the digits a master writes.
    expect(rendered("mesos.v1.TimeInfo", { nanoseconds: { low: -1, high: 0x7fffffff } })).toEqual({
      ok: true,
      value: { nanoseconds: JSON.parse("9223372036854775807") as number },
    });
    expect(rendered("mesos.v1.TimeInfo", { nanoseconds: -1500000000 })).toEqual({
      ok: true,
      value: { nanoseconds: -1500000000 },
    });
  });

  it("reads 64-bit integers from numbers too, as protobufjs gives them when the long package is not loaded", () => {
    const time = messageType("mesos.v1.TimeInfo");
    expect(toMesosJson(time, time.create({ nanoseconds: 1700000000123456800 }))).toEqual({
      ok: true,
      value: { nanoseconds: 1700000000123456800 },
    });
  });

  it("writes keys in .proto declaration order, as a 1.5+ master streams them", () => {
    const value = rendered("mesos.v1.master.Event", { type: 5, agent_removed: { agent_id: { value: "a" } } });
    expect(value.ok && Object.keys(value.value)).toEqual(["type", "agent_removed"]);
    const framework = rendered("mesos.v1.FrameworkInfo", { name: "m", user: "u", roles: ["r"], hostname: "h" });
    expect(framework.ok && Object.keys(framework.value)).toEqual([
      "user",
      "name",
      "failover_timeout",
      "checkpoint",
      "roles",
      "hostname",
    ]);
  });

  it("writes a map as an object, keeping a __proto__ key as data", () => {
    const value = rendered("mesos.v1.FrameworkInfo", {
      user: "u",
      name: "m",
      offer_filters: { web: {}, ["__proto__"]: {} },
    });
    expect(value.ok && JSON.stringify(value.value.offer_filters)).toBe('{"web":{},"__proto__":{}}');
    expect(value.ok && Object.getPrototypeOf(value.value.offer_filters)).toBe(Object.prototype);
  });

  it("writes no zero field of google.protobuf.Duration (proto3: zero is unset)", () => {
    expect(rendered("google.protobuf.Duration", { seconds: 0, nanos: 5 })).toEqual({ ok: true, value: { nanos: 5 } });
  });

  it("refuses a double JSON cannot hold, as a 1.11 master could not write it", () => {
    expect(rendered("mesos.v1.Value.Scalar", { value: Number.NaN })).toEqual({
      ok: false,
      error: "mesos.v1.Value.Scalar.value: NaN has no JSON form",
    });
  });

  it("says where in a nested message a value has no JSON form", () => {
    const resources = [
      { name: "cpus", type: 0, scalar: { value: 1 } },
      { name: "mem", type: 0, scalar: { value: Number.POSITIVE_INFINITY } },
    ];
    expect(
      rendered("mesos.v1.TaskInfo", { name: "t", task_id: { value: "t" }, agent_id: { value: "a" }, resources }),
    ).toEqual({
      ok: false,
      error: "mesos.v1.TaskInfo.resources[1].scalar.value: Infinity has no JSON form",
    });
  });
});

describe("fromMesosJson", () => {
  const scalar = messageType("mesos.v1.Value.Scalar");
  const status = messageType("mesos.v1.TaskStatus");
  const base = { task_id: { value: "t" }, state: "TASK_RUNNING" };

  it.each<[string, unknown, RegExp]>([
    ["base64 that is not canonical", { ...base, uuid: "+/9=" }, /uuid: not canonical base64/],
    ["base64 without padding", { ...base, uuid: "+/8" }, /uuid: not standard base64/],
    ["URL-safe base64", { ...base, uuid: "-_8B" }, /uuid: not standard base64/],
    ["a lone surrogate", { ...base, message: "\ud800" }, /message: not valid Unicode/],
    ["an enum number", { ...base, state: 1 }, /state: 1 is not a value name of mesos\.v1\.TaskState/],
    ["a number in a string", { ...base, timestamp: "1.5" }, /timestamp: not a finite number/],
    ["a fraction in an integer", { ...base, container_status: { executor_pid: 1.5 } }, /1\.5 is not an integer/],
  ])("refuses %s", (_, value, reason) => {
    const result = fromMesosJson(status, value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(reason);
  });

  it("refuses 64-bit integers outside the type, and nesting deeper than protobuf allows", () => {
    const time = messageType("mesos.v1.TimeInfo");
    expect(fromMesosJson(time, { nanoseconds: 2 ** 63 })).toMatchObject({ ok: false });
    expect(fromMesosJson(time, { nanoseconds: -(2 ** 63) })).toMatchObject({ ok: true });
    const deep = messageType("mesos.v1.ContainerID");
    let nested: Record<string, unknown> = { value: "c" };
    for (let i = 0; i < 150; i++) nested = { value: "c", parent: nested };
    expect(fromMesosJson(deep, nested)).toEqual({ ok: false, error: expect.stringMatching(/nested more than 100/) });
    expect(fromMesosJson(scalar, { value: 0.1 })).toEqual({ ok: true, value: { value: 0.1 } });
  });
});
