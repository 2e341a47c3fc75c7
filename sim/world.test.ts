import { describe, expect, it } from "vitest";
import { createWorld, usedByAgent } from "./world";
import { ZERO, addScalars } from "./world-model";

const spec = { seed: 7, agents: 40, tasks: 160, startTime: 1_700_000_000 };

describe("createWorld", () => {
  it("builds the same cluster from the same seed, and another from another", () => {
    const a = createWorld(spec);
    const b = createWorld(spec);
    const plain = (w: typeof a) =>
      JSON.stringify({ ...w, agentsById: null, tasks: [...w.tasks.values()], tasksByAgent: null });
    expect(plain(a)).toBe(plain(b));
    expect(createWorld({ ...spec, seed: 8 }).epochId).not.toBe(a.epochId);
  });

  it("has the three frameworks of the seed clusters, with every task placed within its agent's resources", () => {
    const world = createWorld(spec);
    expect(world.frameworks.map((f) => f.name)).toEqual(["marathon", "chronos", "spark"]);
    expect(world.tasks.size).toBeGreaterThan(spec.tasks * 0.9);
    expect([...world.tasksByAgent.values()].reduce((n, set) => n + set.size, 0)).toBe(world.tasks.size);
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
    expect([...world.tasks.values()].filter((t) => world.agentsById.get(t.agentId)?.reserved.slave_public)).toEqual([]);
  });
});
