// What a master knows of the world: the agents and frameworks registered with it, and the resources, tasks and offers
// of theirs it sums once per response (memoized per revision), for every endpoint that renders them.
import { type Scalars, type SimAgent, type SimFramework, type SimTask, ZERO, addScalars } from "../world-model";
import type { MasterView } from "./view";

/** Per-agent and per-framework sums over what this master knows, computed once per response. */
export interface Usage {
  agentUsed: Map<string, { scalars: Scalars; ports: number[] }>;
  agentOffered: Map<string, Scalars>;
  frameworkUsed: Map<string, Scalars>;
  frameworkOffered: Map<string, Scalars>;
  tasksByFramework: Map<string, SimTask[]>;
  unreachableByFramework: Map<string, SimTask[]>;
  completedByFramework: Map<string, SimTask[]>;
}

export const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

export function registeredAgents(view: MasterView): SimAgent[] {
  return view.world.agents.filter(
    (a) => view.registeredAgents.has(a.id) && (a.status === "active" || a.status === "deactivated"),
  );
}

export function registeredFrameworks(view: MasterView): SimFramework[] {
  return view.world.frameworks.filter((f) => view.registeredFrameworks.has(f.id));
}

export function recoveredAgents(view: MasterView): SimAgent[] {
  if (!view.recovered) return [];
  return view.world.agents.filter(
    (a) => !view.registeredAgents.has(a.id) && (a.status === "active" || a.status === "deactivated"),
  );
}

const emptyUsage = (): Usage => ({
  agentUsed: new Map(),
  agentOffered: new Map(),
  frameworkUsed: new Map(),
  frameworkOffered: new Map(),
  tasksByFramework: new Map(),
  unreachableByFramework: new Map(),
  completedByFramework: new Map(),
});

const usageCache = new WeakMap<MasterView, { key: string; value: Usage }>();

/**
 * What the leader knows is in use and offered; empty on a non-leader, which has no registrations. Memoized per
 * revision.
 */
export function usage(view: MasterView): Usage {
  if (!view.elected) return emptyUsage();
  const key = `${view.revision}:${view.world.revision}`;
  const hit = usageCache.get(view);
  if (hit?.key === key) return hit.value;
  const value = computeUsage(view);
  usageCache.set(view, { key, value });
  return value;
}

function computeUsage(view: MasterView): Usage {
  const u = emptyUsage();
  const knownFramework = (id: string) => view.registeredFrameworks.has(id);
  for (const task of view.world.tasks.values()) {
    if (!knownFramework(task.frameworkId)) continue;
    if (task.state === "TASK_UNREACHABLE") {
      push(u.unreachableByFramework, task.frameworkId, task);
      continue;
    }
    if (!view.registeredAgents.has(task.agentId)) continue;
    const agent = u.agentUsed.get(task.agentId) ?? { scalars: ZERO, ports: [] };
    agent.scalars = addScalars(agent.scalars, task.resources);
    if (task.port !== null) agent.ports.push(task.port);
    u.agentUsed.set(task.agentId, agent);
    u.frameworkUsed.set(task.frameworkId, addScalars(u.frameworkUsed.get(task.frameworkId) ?? ZERO, task.resources));
    push(u.tasksByFramework, task.frameworkId, task);
  }
  for (const offer of view.world.offers) {
    if (!knownFramework(offer.frameworkId) || !view.registeredAgents.has(offer.agentId)) continue;
    u.agentOffered.set(offer.agentId, addScalars(u.agentOffered.get(offer.agentId) ?? ZERO, offer.resources));
    u.frameworkOffered.set(
      offer.frameworkId,
      addScalars(u.frameworkOffered.get(offer.frameworkId) ?? ZERO, offer.resources),
    );
  }
  // Completed tasks are per leader in Mesos; keep the newest 1000 per framework (--max_completed_tasks_per_framework).
  for (const task of view.world.completedTasks)
    if (knownFramework(task.frameworkId)) push(u.completedByFramework, task.frameworkId, task);
  for (const [id, list] of u.completedByFramework) u.completedByFramework.set(id, list.slice(-1000));
  return u;
}
