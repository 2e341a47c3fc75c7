import { describe, expect, it } from "vitest";
import { encodeV1Response } from "@/lib/mesos/proto/codec";
import { readV1Fixture } from "@/lib/mesos/v1/fixtures";
import type { V1GetState } from "@/lib/mesos/v1/schemas";
import type { StreamModel } from "@/lib/mesos/v1/stream-model";
import { agent, executor, framework, offer, task } from "@/lib/mesos/v1/test-builders";
import { masterIo } from "./monitor-io";
import { modelOfGetState } from "./state-read";

const identity = { version: { version: "1.11.0" } };

function encodings(getState: unknown): { protobuf: Uint8Array; json: Uint8Array } {
  const response = { type: "GET_STATE", get_state: getState };
  const protobuf = encodeV1Response(response);
  if (!protobuf.ok) throw new Error(protobuf.error);
  return { protobuf: protobuf.value, json: Buffer.from(JSON.stringify(response)) };
}

async function read(body: Uint8Array, encoding: "protobuf" | "json"): Promise<StreamModel> {
  const model = await modelOfGetState(body, encoding, identity, masterIo.decodeResponse);
  if (!model.ok) throw new Error(model.error);
  return model.value;
}

/** Every list a GET_STATE has, some tasks of each, in many turns of the event loop. */
function bigState(): V1GetState {
  const agents = Array.from({ length: 30 }, (_, i) => agent(`a${i}`, { cpus: 8, mem: 16384, disk: 1000 }));
  const tasks = Array.from({ length: 4_500 }, (_, i) =>
    task(`f${i % 3}`, `t${i}`, `a${i % 30}`, i % 7 === 0 ? "TASK_STAGING" : "TASK_RUNNING", { cpus: 0.1, mem: 32 }),
  );
  return {
    get_tasks: {
      tasks,
      unreachable_tasks: [task("f1", "u1", "a3", "TASK_UNREACHABLE", { cpus: 1, mem: 10 })],
      completed_tasks: [
        task("f0", "c1", "a1", "TASK_FINISHED", { cpus: 1, mem: 10 }),
        task("gone", "c2", "a1", "TASK_KILLED", { cpus: 1, mem: 10 }),
      ],
    },
    get_executors: { executors: [executor("f2", "e1", "a2", { cpus: 0.5, mem: 64 })] },
    get_frameworks: {
      frameworks: [
        framework("f0", { roles: ["web"], offers: [offer("f0", "o1", "a5", { cpus: 2, mem: 100 })] }),
        framework("f1", { role: "batch" }),
        framework("f2", { active: false }),
      ],
      completed_frameworks: [framework("gone")],
    },
    get_agents: { agents, recovered_agents: [] },
  };
}

describe("modelOfGetState", () => {
  it("builds from a protobuf GET_STATE read in parts the model the whole read builds, on a real 1.11 state", async () => {
    const subscribed = readV1Fixture("subscribed") as { subscribed: { get_state: unknown } };
    const { protobuf, json } = encodings(subscribed.subscribed.get_state);
    const inParts = await read(protobuf, "protobuf");
    const whole = await read(json, "json");
    expect(inParts.totals()).toEqual(whole.totals());
    expect(inParts.snapshot()).toEqual(whole.snapshot());
    expect(inParts.snapshot().frameworks.length).toBeGreaterThan(0);
  });

  it("does so for active, unreachable and completed tasks, executors, offers and a torn-down framework", async () => {
    const { protobuf, json } = encodings(bigState());
    const inParts = await read(protobuf, "protobuf");
    const whole = await read(json, "json");
    expect(inParts.snapshot()).toEqual(whole.snapshot());
    expect(inParts.totals()).toEqual(whole.totals());
    expect(inParts.totals().tasks.staging).toBe(643);
    expect(inParts.totals().tasks.unreachable).toBe(1);
  });

  it("says why bytes are not a GET_STATE it can read, and never throws", async () => {
    const { protobuf } = encodings(bigState());
    const cut = await modelOfGetState(
      protobuf.subarray(0, protobuf.length - 7),
      "protobuf",
      {},
      masterIo.decodeResponse,
    );
    expect(cut).toMatchObject({ ok: false, error: expect.stringMatching(/truncated|cannot decode/) });
    const health = encodeV1Response({ type: "GET_HEALTH", get_health: { healthy: true } });
    if (!health.ok) throw new Error(health.error);
    expect(await modelOfGetState(health.value, "protobuf", {}, masterIo.decodeResponse)).toEqual({
      ok: false,
      error: "not a GET_STATE Response",
    });
    const garbage = await modelOfGetState(new Uint8Array([0xff, 0xff]), "protobuf", {}, masterIo.decodeResponse);
    expect(garbage.ok).toBe(false);
  });
});
