import { describe, expect, it } from "vitest";
import { createWorld } from "./world";
import { COMPLETED_TASKS_PER_FRAMEWORK, type SimTask } from "./world-model";
import { applyMutation, removalMessage } from "./world-mutations";
import { snapshotWorld, worldFromSnapshot } from "./world-snapshot";

const spec = { seed: 7, agents: 40, tasks: 160, startTime: 1_700_000_000 };
const tasksOn = (world: ReturnType<typeof createWorld>, agentId: string) => [
  ...(world.tasksByAgent.get(agentId) ?? []),
];

describe("applyMutation", () => {
  it("parks a partition-aware framework's tasks as unreachable and loses the others' (1.2 and later)", () => {
    const world = createWorld(spec);
    const marathon = world.frameworks[0]?.id;
    const victim = [...world.tasksByAgent].find(
      ([, tasks]) =>
        [...tasks].some((t) => t.frameworkId === marathon) && [...tasks].some((t) => t.frameworkId !== marathon),
    )?.[0];
    if (!victim) throw new Error("no agent with tasks of two frameworks");
    const before = tasksOn(world, victim);
    const changes = applyMutation(world, { type: "agent-unreachable", agentId: victim, at: 1 }, "1.11.0");
    expect(world.agentsById.get(victim)?.status).toBe("unreachable");
    expect(changes.map((c) => c.kind)).toEqual(before.map(() => "task-updated")); // no AGENT_REMOVED from 1.1
    for (const change of changes) {
      if (change.kind !== "task-updated") continue;
      expect(change.status).toMatchObject({
        state: change.task.frameworkId === marathon ? "TASK_UNREACHABLE" : "TASK_LOST",
        source: "SOURCE_MASTER",
        reason: "REASON_AGENT_REMOVED",
        message: "health check timed out",
        unreachableTime: 1,
      });
    }
    expect(tasksOn(world, victim).every((t) => t.state === "TASK_UNREACHABLE")).toBe(true);
  });

  it("loses the tasks of a removed agent, then removes it, in that order", () => {
    const world = createWorld(spec);
    const victim = [...world.tasksByAgent].find(([, tasks]) => tasks.size > 1)?.[0] ?? "";
    const lost = tasksOn(world, victim).length;
    const completed = world.completedTasks.length;
    const changes = applyMutation(world, { type: "remove-agent", agentId: victim, at: 3 }, "1.1.0");
    expect(changes.map((c) => c.kind)).toEqual([...Array(lost).fill("task-updated"), "agent-removed"]);
    expect(world.completedTasks.length).toBe(completed + lost);
    expect(world.completedTasks.at(-1)?.statuses?.at(-1)?.message).toMatch(/^Slave agent-\d+\.sim\.mesos removed: /);
    expect(world.offers.some((o) => o.agentId === victim)).toBe(false);
  });

  it("words the status messages as each version's master does", () => {
    expect(removalMessage("1.0.0", "h", "unreachable")).toBe("Slave h removed: health check timed out");
    expect(removalMessage("1.1.0", "h", "unreachable")).toBe("Slave h is unreachable");
    expect(removalMessage("1.4.0", "h", "unreachable")).toBe("Agent h is unreachable: health check timed out");
    expect(removalMessage("1.5.0", "h", "unreachable")).toBe("health check timed out");
  });

  it("launches tasks and moves them through their states, reporting each change once", () => {
    const world = createWorld(spec);
    const template = [...world.tasks.values()][0] as SimTask;
    const task: SimTask = { ...template, id: "new-task", state: "TASK_STAGING", statuses: [] };
    const launch = applyMutation(world, { type: "tasks", changes: [{ op: "launch", task }], at: 5 }, "1.11.0");
    expect(launch).toEqual([{ kind: "task-added", task: world.tasks.get("new-task") }]);
    const status = (state: SimTask["state"], timestamp: number) => ({
      state,
      timestamp,
      source: "SOURCE_EXECUTOR" as const,
      uuid: "AAAAAAAAAAAAAAAAAAAAAA==",
    });
    const updates = applyMutation(
      world,
      {
        type: "tasks",
        changes: [
          { op: "update", taskId: "new-task", status: status("TASK_RUNNING", 6) },
          { op: "update", taskId: "new-task", status: status("TASK_RUNNING", 7) }, // no new state: nothing
          { op: "update", taskId: "new-task", status: status("TASK_FAILED", 8) },
          { op: "update", taskId: "new-task", status: status("TASK_FINISHED", 9) }, // already terminal
        ],
        at: 6,
      },
      "1.11.0",
    );
    expect(updates.map((c) => (c.kind === "task-updated" ? c.status.state : c.kind))).toEqual([
      "TASK_RUNNING",
      "TASK_FAILED",
    ]);
    expect(world.tasks.has("new-task")).toBe(false);
    expect(world.completedTasks.at(-1)).toMatchObject({ id: "new-task", state: "TASK_FAILED", finishedAt: 8 });
    expect(world.completedTasks.at(-1)?.statuses?.map((s) => s.state)).toEqual(["TASK_RUNNING", "TASK_FAILED"]);
  });

  it("keeps the newest completed tasks of each framework only", () => {
    const world = createWorld({ ...spec, tasks: 0 });
    const template: SimTask = {
      ...(createWorld(spec).tasks.values().next().value as SimTask),
      agentId: world.agents[0]?.id ?? "",
      frameworkId: world.frameworks[0]?.id ?? "",
    };
    for (let n = 0; n < COMPLETED_TASKS_PER_FRAMEWORK * 8; n++) {
      const task = { ...template, id: `t${n}`, state: "TASK_RUNNING" as const, statuses: [] };
      const done = { state: "TASK_FINISHED" as const, timestamp: n, source: "SOURCE_EXECUTOR" as const };
      applyMutation(world, { type: "tasks", changes: [{ op: "launch", task }], at: n }, "1.11.0");
      applyMutation(
        world,
        { type: "tasks", changes: [{ op: "update", taskId: task.id, status: done }], at: n },
        "1.11.0",
      );
    }
    const mine = world.completedTasks.filter((t) => t.frameworkId === template.frameworkId);
    expect(mine.length).toBeGreaterThanOrEqual(COMPLETED_TASKS_PER_FRAMEWORK);
    expect(world.completedTasks.length).toBeLessThanOrEqual(COMPLETED_TASKS_PER_FRAMEWORK * 6);
    expect(mine.at(-1)?.id).toBe(`t${COMPLETED_TASKS_PER_FRAMEWORK * 8 - 1}`);
  });

  it("rebuilds the same world from a snapshot", () => {
    const world = createWorld(spec);
    applyMutation(world, { type: "add-agents", count: 2, at: 2 }, "1.11.0");
    const copy = worldFromSnapshot(JSON.parse(JSON.stringify(snapshotWorld(world))));
    expect(copy.agents.at(-1)?.id).toBe(`${world.epochId}-S42`);
    expect([...copy.tasks.keys()]).toEqual([...world.tasks.keys()]);
    expect(copy.tasksByAgent.get(world.agents[0]?.id ?? "")?.size).toBe(
      world.tasksByAgent.get(world.agents[0]?.id ?? "")?.size,
    );
  });
});
