import { describe, expect, it, vi } from "vitest";
import { StreamModel } from "@/lib/mesos/v1/stream-model";
import { agent, events, framework, task } from "@/lib/mesos/v1/test-builders";
import type { Clock } from "./clock";
import type { TrackedMaster } from "./master-list";
import { decodeJsonRecord } from "./stream-connection";
import { checkCall, StreamChecks } from "./stream-checks";
import type { V1CallAnswer, v1Call } from "./v1-http";

const MASTER = { id: "m1", url: "http://10.0.0.1:5050", version: "1.11.0" } as TrackedMaster;

/** A 1.11 model with agents S0 and S1 and one running task. */
function model(): StreamModel {
  const built = new StreamModel();
  built.setIdentity({ version: { version: "1.11.0" } });
  built.applyEvent(
    events.subscribed({
      get_agents: { agents: [agent("S0", { cpus: 8, mem: 1000 }), agent("S1", { cpus: 4, mem: 500 })] },
      get_frameworks: { frameworks: [framework("F")] },
      get_tasks: { tasks: [task("F", "t1", "S0", "TASK_RUNNING", { cpus: 1, mem: 10 })] },
    }),
  );
  return built;
}

/** A clock whose intervals and timeouts run only when the test says so (each tick: every one once). */
function manualClock(): Clock & { tick: () => Promise<void> } {
  const intervals = new Map<number, () => void>();
  const timeouts = new Map<number, () => void>();
  let next = 1;
  return {
    now: () => 0,
    setTimeout: (callback: () => void) => {
      timeouts.set(next, callback);
      return next++ as never;
    },
    clearTimeout: (handle: unknown) => void timeouts.delete(handle as number),
    setInterval: (callback: () => void) => {
      intervals.set(next, callback);
      return next++ as never;
    },
    clearInterval: (handle: unknown) => void intervals.delete(handle as number),
    tick: async () => {
      const due = [...timeouts.values()];
      timeouts.clear();
      for (const callback of [...intervals.values(), ...due]) callback();
      for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
    },
  } as Clock & { tick: () => Promise<void> };
}

/**
 * A leader that validates calls as `validation::master::call::validate` does (GET_METRICS needs `get_metrics`) and
 * answers with the gauges given.
 */
function leader(gauges: Record<string, number>) {
  const bodies: unknown[] = [];
  const call = vi.fn<typeof v1Call>(async (url, body): Promise<V1CallAnswer> => {
    bodies.push(body);
    const { type, get_metrics } = body as { type: string; get_metrics?: unknown };
    const json = (value: unknown): V1CallAnswer => {
      const encoded = new TextEncoder().encode(JSON.stringify(value));
      return { kind: "ok", url, body: encoded, encoding: "json", bytesOnWire: encoded.byteLength };
    };
    if (type === "GET_METRICS") {
      if (typeof get_metrics !== "object" || get_metrics === null)
        return { kind: "refused", url, status: 400, message: "Expecting 'get_metrics' to be present" };
      const metrics = Object.entries(gauges).map(([name, value]) => ({ name, value }));
      return json({ type, get_metrics: { metrics } });
    }
    if (type === "GET_FRAMEWORKS") return json({ type, get_frameworks: { frameworks: [framework("F")] } });
    if (type === "GET_AGENTS") return json({ type, get_agents: { agents: [agent("S0", { cpus: 8, mem: 1000 })] } });
    return { kind: "refused", url, status: 501, message: `not in this test: ${type}` };
  });
  return { call, bodies };
}

function checks(gauges: Record<string, number>) {
  const clock = manualClock();
  const { call, bodies } = leader(gauges);
  const onResync = vi.fn();
  const log = vi.fn();
  const subject = new StreamChecks({
    clock,
    io: { call, decodeResponse: decodeJsonRecord },
    auth: null,
    encoding: "json",
    requestTimeoutMs: 1000,
    maxBytes: 1 << 20,
    checkIntervalMs: 60_000,
    reconcileIntervalMs: 3_600_000,
    onChange: () => undefined,
    onResync,
    log,
  });
  return { subject, clock, bodies, onResync, log };
}

const agreeing = {
  "master/slaves_active": 2,
  "master/slaves_inactive": 0,
  "master/tasks_running": 1,
  "master/tasks_staging": 0,
  "master/tasks_starting": 0,
  "master/tasks_killing": 0,
};

describe("checkCall", () => {
  it("gives GET_METRICS the empty get_metrics a real master requires, and the others nothing", () => {
    expect(checkCall("GET_METRICS")).toEqual({ type: "GET_METRICS", get_metrics: {} });
    expect(checkCall("GET_STATE")).toEqual({ type: "GET_STATE" });
  });
});

describe("StreamChecks", () => {
  it("counts a check whose gauges agree with the stream, and nothing differs", async () => {
    const { subject, clock, bodies, onResync, log } = checks(agreeing);
    subject.follow(MASTER, model());
    await clock.tick();
    expect(bodies).toContainEqual({ type: "GET_METRICS", get_metrics: {} });
    expect(subject.count).toBe(1);
    expect(subject.differences).toBe(0);
    expect(onResync).not.toHaveBeenCalled();
    expect(log.mock.calls.flat().join("\n")).not.toMatch(/400|Expecting/);
  });

  it("reads GET_AGENTS when the active agents differ, since deactivation has no event", async () => {
    const { subject, clock, bodies } = checks({ ...agreeing, "master/slaves_active": 1 });
    subject.follow(MASTER, model());
    await clock.tick();
    expect(bodies.map((body) => (body as { type: string }).type)).toContain("GET_AGENTS");
  });

  it("resubscribes when the same task counts still differ in two more reads, and counts one difference", async () => {
    const { subject, clock, onResync } = checks({ ...agreeing, "master/tasks_running": 3 });
    subject.follow(MASTER, model());
    await clock.tick(); // the check sees it
    await clock.tick(); // first confirmation
    expect(onResync).not.toHaveBeenCalled();
    await clock.tick(); // second confirmation
    expect(onResync).toHaveBeenCalledTimes(1);
    expect(onResync).toHaveBeenCalledWith(expect.stringContaining("master/tasks_running"));
    expect(subject.differences).toBe(1);
    expect(subject.lastDifference?.reason).toMatch(
      /task counts differ .* 3 reads 2 s apart: master\/tasks_running: leader 3, stream 1/,
    );
  });

  it("lets a mismatch that moves go: counts caught with events in flight are not a lost event", async () => {
    const gauges = { ...agreeing, "master/tasks_running": 3 };
    const { subject, clock, onResync } = checks(gauges);
    subject.follow(MASTER, model());
    await clock.tick();
    gauges["master/tasks_running"] = 1; // the stream caught up
    for (let i = 0; i < 3; i++) await clock.tick();
    gauges["master/tasks_running"] = 2; // another race, once
    await clock.tick();
    gauges["master/tasks_running"] = 1;
    for (let i = 0; i < 3; i++) await clock.tick();
    expect(onResync).not.toHaveBeenCalled();
    expect(subject.differences).toBe(0);
  });
});
