// The world as data, for a master process started after the control API changed it: the supervisor sends its world
// (which every running master shares) instead of the history of changes, so a restart costs the size of the cluster,
// not the length of the run.
import type { SimAgent, SimFramework, SimOffer, SimTask, World, WorldSpec } from "./world-model";
import { addActiveTask } from "./world-task-store";

export interface WorldSnapshot {
  spec: WorldSpec;
  epochId: string;
  agents: SimAgent[];
  frameworks: SimFramework[];
  tasks: SimTask[];
  completedTasks: SimTask[];
  offers: SimOffer[];
  revision: number;
}

export function snapshotWorld(world: World): WorldSnapshot {
  return {
    spec: world.spec,
    epochId: world.epochId,
    agents: world.agents,
    frameworks: world.frameworks,
    tasks: [...world.tasks.values()],
    completedTasks: world.completedTasks,
    offers: world.offers,
    revision: world.revision,
  };
}

export function worldFromSnapshot(snapshot: WorldSnapshot): World {
  const world: World = {
    spec: snapshot.spec,
    epochId: snapshot.epochId,
    agents: snapshot.agents,
    agentsById: new Map(snapshot.agents.map((agent) => [agent.id, agent])),
    frameworks: snapshot.frameworks,
    tasks: new Map(),
    tasksByAgent: new Map(),
    completedTasks: snapshot.completedTasks,
    offers: snapshot.offers,
    revision: snapshot.revision,
  };
  for (const task of snapshot.tasks) addActiveTask(world, task);
  return world;
}
