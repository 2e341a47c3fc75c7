// New tasks for the control API and the churn: a framework's task shape placed on an agent with room for it, and the
// status updates its executor sends. Placement looks at a few random agents and at what each holds (its tasks and
// offers), never at the whole cluster, so a launch costs the same at 10 agents and at 10,000.
import { ConflictError } from "./master-record";
import { type Random, uuid } from "./random";
import {
  type Scalars,
  type SimAgent,
  type SimFramework,
  type SimOffer,
  type SimTask,
  type SimTaskStatus,
  type TaskState,
  type World,
  ZERO,
  addScalars,
  fits,
  round2,
  subScalars,
} from "./world-model";
import { taskId, taskShape } from "./world-tasks";

const PLACEMENT_ATTEMPTS = 25;

let offeredCache: { offers: SimOffer[]; byAgent: Map<string, Scalars> } | null = null;

/** Offered resources per agent; rebuilt only when the world's offer list is replaced (agents removed). */
function offeredOn(world: World, agentId: string): Scalars {
  if (offeredCache?.offers !== world.offers) {
    const byAgent = new Map<string, Scalars>();
    for (const offer of world.offers)
      byAgent.set(offer.agentId, addScalars(byAgent.get(offer.agentId) ?? ZERO, offer.resources));
    offeredCache = { offers: world.offers, byAgent };
  }
  return offeredCache.byAgent.get(agentId) ?? ZERO;
}

/** What is free on an agent for a role: its reservation for the role, or the unreserved part less offers. */
function free(world: World, agent: SimAgent, role: string): Scalars {
  const reserved = Object.values(agent.reserved).reduce(addScalars, ZERO);
  let pool = role === "*" ? subScalars(agent.total, reserved) : (agent.reserved[role] ?? ZERO);
  for (const task of world.tasksByAgent.get(agent.id) ?? [])
    if (task.role === role && task.state !== "TASK_UNREACHABLE") pool = subScalars(pool, task.resources);
  return role === "*" ? subScalars(pool, offeredOn(world, agent.id)) : pool;
}

/** A status update from the task's executor, with a status-update UUID (base64, as `bytes` are in JSON). */
export function executorStatus(random: Random, state: TaskState, at: number, extra: Partial<SimTaskStatus> = {}) {
  const bytes = Buffer.from(uuid(random).replace(/-/g, ""), "hex").toString("base64");
  return { state, timestamp: at, source: "SOURCE_EXECUTOR", uuid: bytes, ...extra } satisfies SimTaskStatus;
}

export interface LaunchRequest {
  framework?: SimFramework;
  agent?: SimAgent;
}

/**
 * A new task in TASK_STAGING, of the given or a random framework, on the given agent or one with room; null when
 * none of the agents tried has room. `serial` makes ids unique within this run.
 */
export function newTask(
  world: World,
  random: Random,
  serial: number,
  at: number,
  request: LaunchRequest,
): SimTask | null {
  const frameworkIndex = request.framework ? world.frameworks.indexOf(request.framework) : undefined;
  const shape = taskShape(random, serial, frameworkIndex);
  const framework = world.frameworks[shape.framework];
  if (!framework) return null;
  const candidates = request.agent
    ? [request.agent]
    : Array.from({ length: Math.min(PLACEMENT_ATTEMPTS, world.agents.length) }, () => {
        return world.agents[Math.floor(random() * world.agents.length)];
      });
  for (const agent of candidates) {
    if (!agent || agent.status !== "active" || agent.reserved.slave_public) continue;
    const role =
      agent.reserved[framework.role] && fits(shape.resources, free(world, agent, framework.role))
        ? framework.role
        : "*";
    if (!fits(shape.resources, free(world, agent, role))) continue;
    let id = taskId(random, { ...shape, name: shape.name }, 200_000_000 + serial, at);
    if (world.tasks.has(id)) id = `${id}-${serial}`;
    return {
      id,
      name: shape.name,
      frameworkId: framework.id,
      executorId: shape.framework === 2 ? `executor-${serial % 50}` : "",
      agentId: agent.id,
      role,
      state: "TASK_STAGING",
      resources: shape.resources,
      port: shape.port ? 31000 + Math.floor(random() * 1000) : null,
      startedAt: round2(at),
      finishedAt: null,
      statuses: [],
    };
  }
  if (request.agent) throw new ConflictError(`agent "${request.agent.id}" has no room for a ${framework.name} task`);
  return null;
}
