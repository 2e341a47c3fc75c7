// The control API's changes to the simulated cluster (agents added, removed, unreachable, (de)activated), applied in
// the same order by the supervisor and every master process, so that all of them keep the same world.
import { makeAgent } from "./world";
import type { TaskState, World, WorldMutation } from "./world-model";

function endTasksOn(world: World, agentId: string, state: TaskState, at: number): void {
  const ended = world.tasks
    .filter((task) => task.agentId === agentId)
    .map((task) => ({ ...task, state, finishedAt: at }));
  world.tasks = world.tasks.filter((task) => task.agentId !== agentId);
  world.completedTasks.push(...ended);
  world.offers = world.offers.filter((offer) => offer.agentId !== agentId);
}

/** Applies one control-API change. `unreachableTasks` is false before Mesos 1.2, where such tasks were LOST. */
export function applyMutation(world: World, mutation: WorldMutation, unreachableTasks: boolean): void {
  world.revision++;
  if (mutation.type === "add-agents") {
    const first = world.agents.reduce((max, agent) => Math.max(max, agent.index), 0) + 1;
    for (let index = first; index < first + mutation.count; index++) {
      const agent = makeAgent(world.spec, world.epochId, index, mutation.at);
      world.agents.push(agent);
      world.agentsById.set(agent.id, agent);
    }
    return;
  }
  const agent = world.agentsById.get(mutation.agentId);
  if (!agent || agent.status === "removed") return;
  switch (mutation.type) {
    case "remove-agent":
      agent.status = "removed";
      endTasksOn(world, agent.id, "TASK_LOST", mutation.at);
      return;
    case "agent-unreachable":
      agent.status = "unreachable";
      if (unreachableTasks) {
        for (const task of world.tasks) if (task.agentId === agent.id) task.state = "TASK_UNREACHABLE";
        world.offers = world.offers.filter((offer) => offer.agentId !== agent.id);
      } else endTasksOn(world, agent.id, "TASK_LOST", mutation.at);
      return;
    case "agent-deactivated":
      agent.status = "deactivated";
      world.offers = world.offers.filter((offer) => offer.agentId !== agent.id);
      return;
    case "agent-activated":
      if (agent.status === "deactivated") agent.status = "active";
      return;
  }
}
