// The simulated cluster's ground truth: agents, the three frameworks of the seed clusters (Marathon, Chronos,
// Spark), their tasks and outstanding offers. It is a pure function of (seed, sizes, start time) plus an ordered
// list of mutations, so every master process and the supervisor build the same world without shipping it.
// This module builds it from the seed: agents, frameworks and offers here, tasks in world-tasks.ts; world-mutations.ts
// applies the mutations.
import { forkRandom, pick, type Random, uuid } from "./random";
import {
  type Scalars,
  type SimAgent,
  type SimFramework,
  type SimOffer,
  type World,
  type WorldSpec,
  ZERO,
  addScalars,
  round2,
  subScalars,
} from "./world-model";
import { addActiveTask } from "./world-task-store";
import { completedTasks, placeTasks } from "./world-tasks";

const AGENT_PROFILES: readonly Scalars[] = [
  { cpus: 4, gpus: 0, mem: 15_026, disk: 35_164 },
  { cpus: 8, gpus: 0, mem: 30_102, disk: 70_334 },
  { cpus: 16, gpus: 0, mem: 61_440, disk: 204_800 },
  { cpus: 32, gpus: 0, mem: 126_976, disk: 409_600 },
];
const GPU_PROFILE: Scalars = { cpus: 32, gpus: 4, mem: 245_760, disk: 409_600 };

export function makeAgent(spec: WorldSpec, epochId: string, index: number, registeredTime: number): SimAgent {
  const random = forkRandom(spec.seed, `agent-${index}`);
  const isPublic = index % 10 === 0;
  const total = { ...(random() < 0.05 ? GPU_PROFILE : pick(random, AGENT_PROFILES)) };
  const reserved: Record<string, Scalars> = {};
  if (isPublic) reserved.slave_public = { ...total };
  else if (random() < 0.2) reserved.spark = { cpus: total.cpus / 4, gpus: 0, mem: Math.floor(total.mem / 4), disk: 0 };
  const octets = [10, 1 + ((index >> 16) & 0xff), (index >> 8) & 0xff, index & 0xff];
  const attributes: Record<string, string | number> = {
    rack: `r${(index % 8) + 1}`,
    zone: pick(random, ["a", "b", "c"]),
  };
  if (isPublic) attributes.public_ip = "true";
  if (total.gpus > 0) attributes.gpu_model = "tesla-v100";
  return {
    id: `${epochId}-S${index}`,
    index,
    hostname: `agent-${String(index).padStart(4, "0")}.sim.mesos`,
    ip: octets.join("."),
    total,
    ports: "[31000-32000]",
    reserved,
    attributes,
    registeredTime,
    status: "active",
  };
}

function makeFrameworks(epochId: string, startTime: number): SimFramework[] {
  const base = { user: "root", failoverTimeout: 604_800, registeredTime: startTime - 3600 };
  return [
    {
      ...base,
      id: `${epochId}-0000`,
      name: "marathon",
      role: "*",
      principal: "dcos_marathon",
      hostname: "marathon.sim.mesos",
      webuiUrl: "http://marathon.sim.mesos:8080",
      capabilities: ["PARTITION_AWARE"],
    },
    {
      ...base,
      id: `${epochId}-0001`,
      name: "chronos",
      role: "*",
      principal: null,
      hostname: "chronos.sim.mesos",
      webuiUrl: "http://chronos.sim.mesos:4400",
      capabilities: [],
    },
    {
      ...base,
      id: `${epochId}-0002`,
      name: "spark",
      role: "spark",
      principal: "spark",
      hostname: "spark-driver.sim.mesos",
      webuiUrl: "http://spark-driver.sim.mesos:4040",
      capabilities: [],
      failoverTimeout: 0,
    },
  ];
}

/** Offers a share of some agents' idle unreserved resources to the frameworks in turn, like the allocator. */
function makeOffers(world: World, random: Random): SimOffer[] {
  const used = usedByAgent(world);
  const offers: SimOffer[] = [];
  world.agents.forEach((agent, i) => {
    if (agent.status !== "active" || agent.reserved.slave_public || offers.length >= 500 || random() > 0.25) return;
    const framework = world.frameworks[i % world.frameworks.length];
    const idle = subScalars(
      subScalars(agent.total, Object.values(agent.reserved).reduce(addScalars, ZERO)),
      used.get(agent.id) ?? ZERO,
    );
    const offer = {
      cpus: round2(Math.max(0, idle.cpus) / 2),
      gpus: 0,
      mem: Math.max(0, Math.floor(idle.mem / 2)),
      disk: Math.max(0, Math.floor(idle.disk / 2)),
    };
    if (framework && offer.cpus > 0 && offer.mem > 0)
      offers.push({
        id: `${world.epochId}-O${offers.length + 1}`,
        frameworkId: framework.id,
        agentId: agent.id,
        resources: offer,
      });
  });
  return offers;
}

/** Resources used by active tasks, per agent. */
export function usedByAgent(world: World): Map<string, Scalars> {
  const used = new Map<string, Scalars>();
  for (const task of world.tasks.values())
    used.set(task.agentId, addScalars(used.get(task.agentId) ?? ZERO, task.resources));
  return used;
}

export function createWorld(spec: WorldSpec): World {
  const random = forkRandom(spec.seed, "world");
  const epochId = uuid(forkRandom(spec.seed, "epoch"));
  const world: World = {
    spec,
    epochId,
    agents: [],
    agentsById: new Map(),
    frameworks: makeFrameworks(epochId, spec.startTime),
    tasks: new Map(),
    tasksByAgent: new Map(),
    completedTasks: [],
    offers: [],
    revision: 0,
  };
  for (let index = 1; index <= spec.agents; index++) {
    const agent = makeAgent(spec, epochId, index, round2(spec.startTime - 86_400 * 10 * random()));
    world.agents.push(agent);
    world.agentsById.set(agent.id, agent);
  }
  const placed = placeTasks(world, forkRandom(spec.seed, "tasks"), spec.tasks, (n) =>
    n % 97 === 5 ? "TASK_STAGING" : "TASK_RUNNING",
  );
  for (const task of placed) addActiveTask(world, task);
  world.completedTasks = completedTasks(
    world,
    forkRandom(spec.seed, "completed"),
    Math.min(3000, Math.floor(spec.tasks * 0.3)),
  );
  world.offers = makeOffers(world, forkRandom(spec.seed, "offers"));
  return world;
}
