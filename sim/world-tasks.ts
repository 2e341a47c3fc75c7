// The tasks of the simulated cluster: their shapes per framework, placed within the agents' resources and
// reservations, and the completed ones that a leader remembers; seeded, so every process places the same tasks.
import { between, pick, type Random, uuid } from "./random";
import { type Scalars, type SimTask, type TaskState, type World, ZERO, fits, round2, subScalars } from "./world-model";

const APPS = ["web", "api", "auth", "cache", "search", "billing", "reports", "gateway", "ingest", "notifier"];
const JOBS = ["nightly-backup", "cleanup", "etl-orders", "etl-users", "rollup"];

export interface TaskShape {
  framework: number;
  name: string;
  resources: Scalars;
  port: boolean;
}

/** A task of a random framework (60 % Marathon, 15 % Chronos, 25 % Spark), or of the given one (index 0-2). */
export function taskShape(random: Random, n: number, framework?: number): TaskShape {
  const draw = random();
  const roll = framework === undefined ? draw : ([0.3, 0.7, 0.9][framework] ?? draw);
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

export function taskId(random: Random, shape: TaskShape, n: number, time: number): string {
  if (shape.framework === 0) return `${shape.name}.${uuid(random)}`;
  if (shape.framework === 1) return `ct:${Math.floor(time * 1000)}:0:${shape.name}:`;
  return `${n}`;
}

/** Places tasks first-fit from a random agent; pools per role keep reservations honest. */
export function placeTasks(world: World, random: Random, count: number, state: (n: number) => TaskState): SimTask[] {
  const pools = new Map<string, Record<string, Scalars>>();
  for (const agent of world.agents) {
    const unreserved = Object.values(agent.reserved).reduce(subScalars, agent.total);
    pools.set(agent.id, {
      "*": unreserved,
      ...Object.fromEntries(Object.entries(agent.reserved).map(([r, s]) => [r, { ...s }])),
    });
  }
  const placed: SimTask[] = [];
  const ids = new Set<string>();
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
      let id = taskId(random, shape, n, startedAt);
      // Task ids are unique per framework in Mesos; two Chronos runs in the same millisecond would collide here.
      if (ids.has(id)) id = `${id}${n}`;
      ids.add(id);
      placed.push({
        id,
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

export function completedTasks(world: World, random: Random, count: number): SimTask[] {
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
