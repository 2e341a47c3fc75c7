import { afterEach, describe, expect, it, vi } from "vitest";
import { ConflictError } from "./master-record";
import { NotFound, STAGING_MS, TaskControl } from "./task-control";
import { createWorld } from "./world";
import type { WorldChange, WorldMutation } from "./world-model";
import { applyMutation } from "./world-mutations";

const spec = { seed: 5, agents: 60, tasks: 240, startTime: 1_700_000_000 };

function control(seed = 5) {
  const world = createWorld({ ...spec, seed });
  const changes: WorldChange[] = [];
  const mutations: WorldMutation[] = [];
  const tasks = new TaskControl(world, seed, (mutation) => {
    mutations.push(mutation);
    const made = applyMutation(world, mutation, "1.11.0");
    changes.push(...made);
    return made;
  });
  return { world, tasks, changes, mutations };
}

const running = (world: ReturnType<typeof createWorld>) =>
  [...world.tasks.values()].filter((t) => t.state === "TASK_RUNNING").length;

afterEach(() => {
  vi.useRealTimers();
});

describe("TaskControl", () => {
  it("launches tasks in TASK_STAGING that report TASK_RUNNING a moment later", () => {
    vi.useFakeTimers();
    const { world, tasks, changes } = control();
    const marathon = world.frameworks[0];
    const launched = tasks.launch(3, { framework: marathon });
    expect(launched.map((t) => [t.state, t.frameworkId])).toEqual(Array(3).fill(["TASK_STAGING", marathon?.id]));
    expect(changes.map((c) => c.kind)).toEqual(["task-added", "task-added", "task-added"]);
    vi.advanceTimersByTime(STAGING_MS);
    expect(launched.map((t) => world.tasks.get(t.id)?.state)).toEqual(Array(3).fill("TASK_RUNNING"));
    expect(changes.slice(3).map((c) => (c.kind === "task-updated" ? c.status.source : c.kind))).toEqual(
      Array(3).fill("SOURCE_EXECUTOR"),
    );
  });

  it("places a task within the agent's free resources, or refuses", () => {
    const { world, tasks } = control();
    const load = (id: string) => world.tasksByAgent.get(id)?.size ?? 0;
    const agent = world.agents
      .filter((a) => !a.reserved.slave_public)
      .sort((x, y) => load(x.id) - load(y.id) || y.total.cpus - x.total.cpus)[0];
    if (!agent) throw new Error("no private agent");
    const placed = tasks.launch(1, { agent, framework: world.frameworks[1] });
    expect(placed[0]?.agentId).toBe(agent.id);
    const publicAgent = world.agents.find((a) => a.reserved.slave_public);
    if (publicAgent) expect(() => tasks.launch(1, { agent: publicAgent })).toThrow(ConflictError);
  });

  it("ends tasks as their executor reports it, and refuses unknown or ended ones", () => {
    const { world, tasks, changes } = control();
    const [a, b, c] = [...world.tasks.values()].filter((t) => t.state === "TASK_RUNNING");
    if (!a || !b || !c) throw new Error("not enough running tasks");
    tasks.end(a.id, "finish");
    tasks.end(b.id, "fail");
    tasks.end(c.id, "kill");
    expect(changes.map((ch) => (ch.kind === "task-updated" ? [ch.status.state, ch.status.reason] : ch.kind))).toEqual([
      ["TASK_FINISHED", undefined],
      ["TASK_FAILED", "REASON_COMMAND_EXECUTOR_FAILED"],
      ["TASK_KILLED", undefined],
    ]);
    expect(() => tasks.end(a.id, "kill")).toThrow(ConflictError);
    expect(() => tasks.end("no-such-task", "kill")).toThrow(NotFound);
  });

  it("churns at a steady rate, keeping the running total stable, the same way for the same seed", () => {
    const run = (seed: number) => {
      vi.useFakeTimers();
      const { world, tasks, changes } = control(seed);
      const before = running(world);
      tasks.setChurn(50);
      vi.advanceTimersByTime(10_000);
      tasks.stop();
      vi.useRealTimers();
      const kinds = changes.map((c) => (c.kind === "task-updated" ? c.status.state : c.kind));
      return { before, after: running(world), changes: changes.length, kinds, made: tasks.churn.changes };
    };
    const first = run(5);
    expect(first.made).toBeGreaterThanOrEqual(490);
    expect(first.made).toBeLessThanOrEqual(500);
    expect(first.changes).toBe(first.made);
    expect(Math.abs(first.after - first.before)).toBeLessThanOrEqual(2);
    expect(new Set(first.kinds)).toEqual(
      new Set(["task-added", "TASK_RUNNING", "TASK_FINISHED", "TASK_FAILED", "TASK_KILLED"]),
    );
    expect(run(5).kinds).toEqual(first.kinds);
    expect(run(6).kinds).not.toEqual(first.kinds);
  });

  it("bounds the churn to 0-1000 changes a second", () => {
    const { tasks } = control();
    expect(() => tasks.setChurn(1001)).toThrow(ConflictError);
    expect(() => tasks.setChurn(-1)).toThrow(ConflictError);
    expect(() => tasks.setChurn(1.5)).toThrow(ConflictError);
    tasks.setChurn(0);
    expect(tasks.churn.rate).toBe(0);
  });
});
