import { describe, expect, it } from "vitest";
import { ZERO, addScalars, applyMutation, createWorld, usedByAgent } from "./world";

const spec = { seed: 7, agents: 40, tasks: 160, startTime: 1_700_000_000 };

describe("createWorld", () => {
  it("builds the same cluster from the same seed, and another from another", () => {
    const a = createWorld(spec);
    const b = createWorld(spec);
    expect(JSON.stringify({ ...a, agentsById: null })).toBe(JSON.stringify({ ...b, agentsById: null }));
    expect(createWorld({ ...spec, seed: 8 }).epochId).not.toBe(a.epochId);
  });

  it("has the three frameworks of the seed clusters, with every task placed within its agent's resources", () => {
    const world = createWorld(spec);
    expect(world.frameworks.map((f) => f.name)).toEqual(["marathon", "chronos", "spark"]);
    expect(world.tasks.length).toBeGreaterThan(spec.tasks * 0.9);
    const used = usedByAgent(world);
    const offered = new Map<string, typeof ZERO>();
    for (const offer of world.offers)
      offered.set(offer.agentId, addScalars(offered.get(offer.agentId) ?? ZERO, offer.resources));
    for (const agent of world.agents) {
      const load = addScalars(used.get(agent.id) ?? ZERO, offered.get(agent.id) ?? ZERO);
      expect(load.cpus).toBeLessThanOrEqual(agent.total.cpus + 1e-9);
      expect(load.mem).toBeLessThanOrEqual(agent.total.mem);
      expect(load.disk).toBeLessThanOrEqual(agent.total.disk);
    }
    expect(world.agents.some((a) => a.reserved.slave_public)).toBe(true);
    expect(world.tasks.filter((t) => world.agentsById.get(t.agentId)?.reserved.slave_public)).toEqual([]);
  });

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
