import { describe, expect, it } from "vitest";
import { createWorld } from "./world";
import { applyMutation } from "./world-mutations";

const spec = { seed: 7, agents: 40, tasks: 160, startTime: 1_700_000_000 };

describe("applyMutation", () => {
  it("applies control mutations the same way everywhere", () => {
    const world = createWorld(spec);
    const victim = world.tasks[0]?.agentId ?? "";
    applyMutation(world, { type: "agent-unreachable", agentId: victim, at: 1 }, true);
    expect(world.agentsById.get(victim)?.status).toBe("unreachable");
    expect(world.tasks.filter((t) => t.agentId === victim).every((t) => t.state === "TASK_UNREACHABLE")).toBe(true);
    applyMutation(world, { type: "add-agents", count: 2, at: 2 }, true);
    expect(world.agents.at(-1)?.id).toBe(`${world.epochId}-S42`);
    const before = world.completedTasks.length;
    const removed = world.tasks.find((t) => t.agentId !== victim)?.agentId ?? "";
    const lost = world.tasks.filter((t) => t.agentId === removed).length;
    applyMutation(world, { type: "remove-agent", agentId: removed, at: 3 }, true);
    expect(world.completedTasks.length).toBe(before + lost);
    expect(world.offers.some((o) => o.agentId === removed)).toBe(false);
  });
});
