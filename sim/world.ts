// The simulated cluster's ground truth: agents, the three frameworks of the seed clusters (Marathon, Chronos,
// Spark), their tasks and outstanding offers. It is a pure function of (seed, sizes, start time) plus an ordered
// list of mutations, so every master process and the supervisor build the same world without shipping it.
import { between, forkRandom, pick, type Random, uuid } from "./random";

export interface Scalars {
  cpus: number;
  gpus: number;
  mem: number;
  disk: number;
}
export type AgentStatus = "active" | "deactivated" | "unreachable" | "removed";
export type TaskState =
  | "TASK_STAGING"
  | "TASK_STARTING"
  | "TASK_RUNNING"
  | "TASK_KILLING"
  | "TASK_FINISHED"
  | "TASK_KILLED"
  | "TASK_FAILED"
  | "TASK_LOST"
  | "TASK_UNREACHABLE";

export interface SimAgent {
  id: string;
  index: number;
  hostname: string;
  ip: string;
  total: Scalars;
  ports: string;
  /** Resources statically reserved for a role (`slave_public` on public agents, `spark` on some). */
  reserved: Record<string, Scalars>;
  attributes: Record<string, string | number>;
  registeredTime: number;
  status: AgentStatus;
}

export interface SimTask {
  id: string;
  name: string;
  frameworkId: string;
  executorId: string;
  agentId: string;
  role: string;
  state: TaskState;
  resources: Scalars;
  port: number | null;
  startedAt: number;
  finishedAt: number | null;
}

export interface SimOffer {
  id: string;
  frameworkId: string;
  agentId: string;
  resources: Scalars;
}

export interface SimFramework {
  id: string;
  name: string;
  user: string;
  role: string;
  principal: string | null;
  hostname: string;
  webuiUrl: string;
  capabilities: string[];
  failoverTimeout: number;
  registeredTime: number;
}

export type WorldMutation =
  | { type: "add-agents"; count: number; at: number }
  | { type: "remove-agent"; agentId: string; at: number }
  | { type: "agent-unreachable"; agentId: string; at: number }
  | { type: "agent-deactivated"; agentId: string; at: number }
  | { type: "agent-activated"; agentId: string; at: number };

export interface WorldSpec {
  seed: number;
  agents: number;
  tasks: number;
  startTime: number;
}

export interface World {
  spec: WorldSpec;
  /** The id of the master epoch that first admitted these agents and frameworks (`<id>-S<n>`, `<id>-0000`). */
  epochId: string;
  agents: SimAgent[];
  agentsById: Map<string, SimAgent>;
  frameworks: SimFramework[];
  tasks: SimTask[];
  completedTasks: SimTask[];
  offers: SimOffer[];
  /** Bumped on every change, so renderers can cache. */
  revision: number;
}

export const ZERO: Scalars = { cpus: 0, gpus: 0, mem: 0, disk: 0 };
export const addScalars = (a: Scalars, b: Scalars): Scalars => ({
  cpus: a.cpus + b.cpus,
  gpus: a.gpus + b.gpus,
  mem: a.mem + b.mem,
  disk: a.disk + b.disk,
});
const subScalars = (a: Scalars, b: Scalars): Scalars => ({
  cpus: a.cpus - b.cpus,
  gpus: a.gpus - b.gpus,
  mem: a.mem - b.mem,
  disk: a.disk - b.disk,
});
const fits = (need: Scalars, free: Scalars) =>
  need.cpus <= free.cpus + 1e-9 && need.mem <= free.mem && need.disk <= free.disk && need.gpus <= free.gpus;
const round2 = (n: number) => Math.round(n * 100) / 100;

const AGENT_PROFILES: readonly Scalars[] = [
  { cpus: 4, gpus: 0, mem: 15_026, disk: 35_164 },
  { cpus: 8, gpus: 0, mem: 30_102, disk: 70_334 },
  { cpus: 16, gpus: 0, mem: 61_440, disk: 204_800 },
  { cpus: 32, gpus: 0, mem: 126_976, disk: 409_600 },
];
const GPU_PROFILE: Scalars = { cpus: 32, gpus: 4, mem: 245_760, disk: 409_600 };

function makeAgent(spec: WorldSpec, epochId: string, index: number, registeredTime: number): SimAgent {
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

const APPS = ["web", "api", "auth", "cache", "search", "billing", "reports", "gateway", "ingest", "notifier"];
const JOBS = ["nightly-backup", "cleanup", "etl-orders", "etl-users", "rollup"];

interface TaskShape {
  framework: number;
  name: string;
  resources: Scalars;
  port: boolean;
}

function taskShape(random: Random, n: number): TaskShape {
  const roll = random();
  if (roll < 0.6) {
    return {
      framework: 0,
      name: `${pick(random, APPS)}-${n % 7}`,
      port: true,
      resources: {
        cpus: pick(random, [0.1, 0.25, 0.5, 1, 2]),
        gpus: 0,
        mem: pick(random, [128, 256, 512, 1024, 2048]),
        disk: pick(random, [0, 0, 100, 1024]),
      },
    };
  }
  if (roll < 0.75) {
    return {
      framework: 1,
      name: pick(random, JOBS),
      port: false,
      resources: { cpus: pick(random, [0.1, 0.5, 1]), gpus: 0, mem: pick(random, [128, 512, 1024]), disk: 0 },
    };
  }
  return {
    framework: 2,
    name: `spark-executor-${n % 50}`,
    port: false,
    resources: { cpus: pick(random, [1, 2, 4]), gpus: 0, mem: pick(random, [2048, 4096, 8192]), disk: 0 },
  };
}

function taskId(random: Random, shape: TaskShape, n: number, time: number): string {
  if (shape.framework === 0) return `${shape.name}.${uuid(random)}`;
  if (shape.framework === 1) return `ct:${Math.floor(time * 1000)}:0:${shape.name}:`;
  return `${n}`;
}

/** Places tasks first-fit from a random agent; pools per role keep reservations honest. */
function placeTasks(world: World, random: Random, count: number, state: (n: number) => TaskState): SimTask[] {
  const pools = new Map<string, Record<string, Scalars>>();
  for (const agent of world.agents) {
    const unreserved = Object.values(agent.reserved).reduce(subScalars, agent.total);
    pools.set(agent.id, {
      "*": unreserved,
      ...Object.fromEntries(Object.entries(agent.reserved).map(([r, s]) => [r, { ...s }])),
    });
  }
  const placed: SimTask[] = [];
  for (let n = 0; n < count; n++) {
    const shape = taskShape(random, n);
    const framework = world.frameworks[shape.framework];
    if (!framework || world.agents.length === 0) break;
    const start = Math.floor(random() * world.agents.length);
    for (let attempt = 0; attempt < Math.min(25, world.agents.length); attempt++) {
      const agent = world.agents[(start + attempt) % world.agents.length];
      const pool = agent ? pools.get(agent.id) : undefined;
      const role = pool?.[framework.role] && fits(shape.resources, pool[framework.role] ?? ZERO) ? framework.role : "*";
      const free = pool?.[role];
      if (!agent || !pool || !free || agent.reserved.slave_public || !fits(shape.resources, free)) continue;
      pool[role] = subScalars(free, shape.resources);
      const startedAt = round2(world.spec.startTime - random() * 86_400);
      placed.push({
        id: taskId(random, shape, n, startedAt),
        name: shape.name,
        frameworkId: framework.id,
        executorId: shape.framework === 2 ? `executor-${n % 50}` : "",
        agentId: agent.id,
        role,
        state: state(n),
        resources: shape.resources,
        port: shape.port ? 31000 + between(random, 0, 999) : null,
        startedAt,
        finishedAt: null,
      });
      break;
    }
  }
  return placed;
}

function completedTasks(world: World, random: Random, count: number): SimTask[] {
  const finals: TaskState[] = ["TASK_FINISHED", "TASK_FINISHED", "TASK_KILLED", "TASK_FAILED", "TASK_LOST"];
  return Array.from({ length: world.agents.length === 0 ? 0 : count }, (_, n) => {
    const shape = taskShape(random, n);
    const agent = pick(random, world.agents);
    const startedAt = round2(world.spec.startTime - 86_400 - random() * 86_400 * 6);
    return {
      id: taskId(random, shape, 100_000_000 + n, startedAt),
      name: shape.name,
      frameworkId: world.frameworks[shape.framework]?.id ?? "",
      executorId: "",
      agentId: agent.id,
      role: world.frameworks[shape.framework]?.role ?? "*",
      state: pick(random, finals),
      resources: shape.resources,
      port: null,
      startedAt,
      finishedAt: round2(startedAt + 30 + random() * 3600),
    };
  });
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
  for (const task of world.tasks) used.set(task.agentId, addScalars(used.get(task.agentId) ?? ZERO, task.resources));
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
    tasks: [],
    completedTasks: [],
    offers: [],
    revision: 0,
  };
  for (let index = 1; index <= spec.agents; index++) {
    const agent = makeAgent(spec, epochId, index, round2(spec.startTime - 86_400 * 10 * random()));
    world.agents.push(agent);
    world.agentsById.set(agent.id, agent);
  }
  world.tasks = placeTasks(world, forkRandom(spec.seed, "tasks"), spec.tasks, (n) =>
    n % 97 === 5 ? "TASK_STAGING" : "TASK_RUNNING",
  );
  world.completedTasks = completedTasks(
    world,
    forkRandom(spec.seed, "completed"),
    Math.min(3000, Math.floor(spec.tasks * 0.3)),
  );
  world.offers = makeOffers(world, forkRandom(spec.seed, "offers"));
  return world;
}

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
