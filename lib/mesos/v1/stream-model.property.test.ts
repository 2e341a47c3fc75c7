// Seeded random event sequences: the model's totals must equal lib/mesos/totals.ts on its snapshot, exactly, and the
// snapshot must pass the legacy schema and equal one built without caches, whatever the events (valid ones, and some
// that are not).
import { describe, expect, it } from "vitest";
import { resourceTotals, roundResource } from "@/lib/mesos/totals";
import type { MasterEvent, MasterResponse, V1Executor, V1GetAgentsAgent } from "./schemas";
import { buildSnapshot } from "./model-snapshot";
import { StreamModel } from "./stream-model";
import { agent, events, executor, expectConsistent, framework, offer, task, type Amounts } from "./test-builders";

const STATES = [
  "TASK_STAGING",
  "TASK_STARTING",
  "TASK_RUNNING",
  "TASK_KILLING",
  "TASK_FINISHED",
  "TASK_FAILED",
  "TASK_KILLED",
  "TASK_ERROR",
  "TASK_LOST",
  "TASK_DROPPED",
  "TASK_UNREACHABLE",
  "TASK_GONE",
  "TASK_GONE_BY_OPERATOR",
  "TASK_UNKNOWN",
];

/** mulberry32: small, seedable, good enough to pick events. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Drives a model with a mix of events and polls that a real cluster could produce, plus some that it could not. */
class World {
  private readonly agents = new Map<string, V1GetAgentsAgent>();
  private readonly frameworks: string[] = [];
  private readonly tasks: { framework: string; id: string; agent: string }[] = [];
  private readonly executors: V1Executor[] = [];
  private next = 0;
  constructor(private readonly rnd: () => number) {}

  private pick<T>(list: readonly T[]): T | undefined {
    return list[Math.floor(this.rnd() * list.length)];
  }

  private amounts(scale: number): Amounts {
    // Fractions such as 0.1, 0.3 and 2.7 have no exact double, so sums carry float noise unless kept exact.
    const cpus = [0.1, 0.2, 0.3, 0.25, 0.7, 1, 1.3, 2.7, 0.001][Math.floor(this.rnd() * 9)] ?? 1;
    const mem = [32, 64.5, 128, 1000.1, 2048][Math.floor(this.rnd() * 5)] ?? 32;
    return { cpus: cpus * scale, mem: mem * scale, disk: this.rnd() < 0.3 ? 10.5 * scale : undefined, gpus: 0 };
  }

  private newAgent(): V1GetAgentsAgent {
    const id = `S${this.next++}`;
    return agent(id, { ...this.amounts(37), ports: [[31000, 32000]] });
  }

  event(): MasterEvent | MasterResponse {
    const r = this.rnd();
    if (r < 0.05 || this.agents.size === 0) {
      const added = this.newAgent();
      this.agents.set(added.agent_info.id?.value ?? "", added);
      return events.agentAdded(added);
    }
    if (r < 0.07) {
      const id = this.pick([...this.agents.keys()]) ?? "S-none";
      this.agents.delete(id);
      return events.agentRemoved(this.rnd() < 0.9 ? id : "S-unknown");
    }
    if (r < 0.1 || this.frameworks.length === 0) {
      const id = `F${this.next++}`;
      this.frameworks.push(id);
      return events.frameworkAdded(framework(id, this.rnd() < 0.5 ? { roles: ["web"] } : { role: "batch" }));
    }
    if (r < 0.11) {
      const id = this.pick(this.frameworks) ?? "F-none";
      return events.frameworkUpdated(framework(id, { active: this.rnd() < 0.5 }));
    }
    if (r < 0.12) {
      const index = Math.floor(this.rnd() * this.frameworks.length);
      const [id] = this.frameworks.splice(index, 1);
      return events.frameworkRemoved(id ?? "F-none");
    }
    if (r < 0.5) {
      const fw = this.rnd() < 0.98 ? (this.pick(this.frameworks) ?? "F") : "F-unknown";
      const agentId = this.pick([...this.agents.keys()]) ?? "S-none";
      const id = this.rnd() < 0.99 ? `t${this.next++}` : (this.pick(this.tasks)?.id ?? "t-dup");
      this.tasks.push({ framework: fw, id, agent: agentId });
      const state = this.rnd() < 0.9 ? "TASK_STAGING" : (this.pick(STATES) ?? "TASK_RUNNING");
      return events.taskAdded(task(fw, id, agentId, state, this.amounts(this.rnd() < 0.5 ? 1 : 0.5)));
    }
    if (r < 0.92) {
      const target = this.pick(this.tasks) ?? { framework: "F", id: "t-none", agent: "S" };
      const state = this.pick(STATES) ?? "TASK_RUNNING";
      const forwarded = this.rnd() < 0.2 ? "TASK_RUNNING" : state;
      return events.taskUpdated(target.framework, target.id, target.agent, state, forwarded);
    }
    return this.poll(r);
  }

  private poll(r: number): MasterEvent | MasterResponse {
    if (r < 0.94) {
      const agents = [...this.agents.values()].map((known) => {
        const drain = this.rnd() < 0.1 ? { drain_info: { state: this.rnd() < 0.5 ? "DRAINING" : "DRAINED" } } : {};
        const active = this.rnd() < 0.8;
        return { ...known, active, deactivated: !active && this.rnd() < 0.5, ...drain };
      });
      return { type: "GET_AGENTS", get_agents: { agents } };
    }
    if (r < 0.96) {
      const frameworks = this.frameworks.map((id) => {
        const agentId = this.pick([...this.agents.keys()]) ?? "S";
        const offers = this.rnd() < 0.6 ? [offer(id, `o${this.next++}`, agentId, this.amounts(2))] : [];
        return framework(id, { offers });
      });
      return { type: "GET_FRAMEWORKS", get_frameworks: { frameworks } };
    }
    if (r < 0.97) {
      const fw = this.pick(this.frameworks);
      const agentId = this.pick([...this.agents.keys()]);
      if (fw && agentId) this.executors.push(executor(fw, `e${this.next++}`, agentId, this.amounts(0.1)));
      return { type: "GET_EXECUTORS", get_executors: { executors: this.executors.slice(-20) } };
    }
    if (r < 0.975) {
      const value = Math.floor(this.rnd() * 4);
      return { type: "GET_METRICS", get_metrics: { metrics: [{ name: "master/slaves_unreachable", value }] } };
    }
    if (r < 0.99) return events.heartbeat();
    return { type: "UNKNOWN", originalType: "AGENT_UPDATED" };
  }
}

/** Totals equal totals.ts, and the snapshot built from caches equals one built from nothing. */
function check(model: StreamModel, compareWithUncached: boolean): void {
  expectConsistent(model);
  if (!compareWithUncached) return;
  const empty = {
    frameworks: new Map(),
    agents: new Map(),
    staleFrameworks: new Set<string>(),
    staleAgents: new Set<string>(),
  };
  expect(model.snapshot()).toEqual(buildSnapshot({ ...model.internals, snapshotCache: empty }));
}

function run(seed: number, steps: number, checkEvery: number): StreamModel {
  const world = new World(random(seed));
  const model = new StreamModel({ maxCompletedTasksPerFramework: 50, maxUnreachableTasksPerFramework: 20 });
  model.setIdentity({ version: { version: "1.11.0" } });
  model.applyEvent(events.subscribed({}));
  for (let step = 1; step <= steps; step++) {
    const next = world.event();
    if (next.type.startsWith("GET_")) model.applyResponse(next as MasterResponse);
    else model.applyEvent(next as MasterEvent);
    if (step % checkEvery === 0) check(model, step % 100 === 0);
  }
  check(model, true);
  return model;
}

describe("stream model on seeded random event sequences", () => {
  it("matches totals.ts after every one of 1,000 events (seed 1)", () => {
    const model = run(1, 1_000, 1);
    expect(model.totals().tasks.running + model.totals().tasks.finished).toBeGreaterThan(0);
  }, 60_000);

  it.each([2, 3, 4])(
    "matches totals.ts every 25 of 6,000 events (seed %i)",
    (seed) => {
      const model = run(seed, 6_000, 25);
      // The run must have exercised the interesting paths, not just added tasks.
      const counts = model.eventCounts;
      for (const type of ["AGENT_REMOVED", "FRAMEWORK_REMOVED", "TASK_UPDATED", "HEARTBEAT", "AGENT_UPDATED"]) {
        expect(counts[type] ?? 0).toBeGreaterThan(0);
      }
      expect(model.problemCount).toBeGreaterThan(0);
    },
    60_000,
  );
});

describe("why the cluster sums are left folds, not running totals nor exact sums", () => {
  it("at 10,000 agents, both drift from totals.ts in the 6th decimal; the model does not", () => {
    // Agent memory in MB; a linear congruential generator picks 10,000 agents, then 20 leave.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const sizes = [256000.5, 128000.3, 64000.1, 515000.7, 31999.9];
    const mems = Array.from({ length: 10_000 }, () => sizes[Math.floor(next() * sizes.length)] ?? 0);
    const leaving = new Set(Array.from({ length: 20 }, () => Math.floor(next() * mems.length)));

    const model = new StreamModel();
    model.applyEvent(events.subscribed({}));
    mems.forEach((mem, i) => model.applyEvent(events.agentAdded(agent(`S${i}`, { mem }))));
    for (const i of leaving) model.applyEvent(events.agentRemoved(`S${i}`));

    let running = 0;
    for (const mem of mems) running += mem;
    for (const i of leaving) running -= mems[i] ?? 0;
    let exactMilli = 0;
    mems.forEach((mem, i) => (exactMilli += leaving.has(i) ? 0 : Math.round(mem * 1000)));
    const expected = resourceTotals(model.snapshot()).mem.total;
    expect(roundResource(running)).not.toBe(expected);
    expect(roundResource(exactMilli / 1000)).not.toBe(expected);
    expect(model.totals().resources.mem.total).toBe(expected);
    expectConsistent(model);
  }, 30_000);
});
