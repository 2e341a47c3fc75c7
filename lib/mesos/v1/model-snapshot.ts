// The model as a `/master/state` document, built as state-from-v1.ts builds one from GET_STATE. Legacy objects are
// cached (tasks and executors on their entries, frameworks and agents in `snapshotCache`) and rebuilt only when a
// reducer marked them stale, so a snapshot after one event re-converts one framework and one agent. Usage is recounted
// here from the tasks and executors themselves, independently of the reducers' running sums, which the tests compare
// against it. Snapshots share these cached objects: nobody may mutate them.
import type { MesosAgent, MesosFramework, MesosState, MesosTask } from "@/lib/mesos/schemas";
import { ResourceSum } from "./resources";
import { legacyMasterFields } from "./state-from-v1";
import { holdsResources } from "./task-state";
import { legacyAgent, legacyAgentInfo, legacyExecutor, legacyFramework, legacyOffer, legacyTask } from "./to-legacy";
import type { AgentEntry, FrameworkEntry, ModelData, TaskEntry } from "./model-types";

function taskOf(entry: TaskEntry): MesosTask {
  return (entry.legacy ??= legacyTask(entry.task));
}

/** Adds a live task's resources: its cached thousandths (exact, so the order does not matter) and its ranges. */
function addTask(sum: ResourceSum, entry: TaskEntry): void {
  if (!holdsResources(entry.task.state)) return;
  sum.addMilli(entry.milli);
  if (entry.nonScalar) sum.add(entry.nonScalar);
}

function frameworkOf(framework: FrameworkEntry): MesosFramework {
  const used = new ResourceSum();
  for (const entry of framework.active.values()) addTask(used, entry);
  for (const executor of framework.executors.values()) used.add(executor.executor.executor_info.resources);
  const offered = new ResourceSum();
  for (const offer of framework.offers) offered.add(offer.resources);
  return legacyFramework(framework.framework, {
    tasks: Array.from(framework.active.values(), taskOf),
    unreachableTasks: Array.from(framework.unreachable.values(), taskOf),
    completedTasks: Array.from(framework.completed.values(), taskOf),
    offers: framework.offers.map(legacyOffer),
    executors: Array.from(framework.executors.values(), (entry) => (entry.legacy ??= legacyExecutor(entry.executor))),
    used: used.toLegacy(),
    offered: offered.toLegacy(),
    resources: new ResourceSum().addSum(used).addSum(offered).toLegacy(),
  });
}

function agentOf(model: ModelData, agent: AgentEntry): MesosAgent {
  const used = new ResourceSum();
  for (const entry of model.agentTasks.get(agent.id) ?? []) addTask(used, entry);
  for (const executor of model.agentExecutors.get(agent.id) ?? []) used.add(executor.executor.executor_info.resources);
  // Only `used_resources` changes with tasks; the rest is converted once per agent entry.
  agent.base ??= legacyAgent(agent.agent, {});
  return { ...agent.base, used_resources: used.toLegacy() };
}

function cached<E extends { id: string }, L>(
  entries: Iterable<E>,
  cache: Map<string, L>,
  stale: ReadonlySet<string>,
  build: (entry: E) => L,
): L[] {
  const out: L[] = [];
  for (const entry of entries) {
    let legacy = stale.has(entry.id) ? undefined : cache.get(entry.id);
    if (legacy === undefined) cache.set(entry.id, (legacy = build(entry)));
    out.push(legacy);
  }
  return out;
}

export function buildSnapshot(model: ModelData): MesosState {
  const cache = model.snapshotCache;
  const frameworks = cached(model.frameworks.values(), cache.frameworks, cache.staleFrameworks, frameworkOf);
  const completed = cached(model.completedFrameworks.values(), cache.frameworks, cache.staleFrameworks, frameworkOf);
  const slaves = cached(model.agents.values(), cache.agents, cache.staleAgents, (agent) => agentOf(model, agent));
  cache.staleFrameworks.clear();
  cache.staleAgents.clear();
  const active = slaves.filter((agent) => agent.active === true).length;
  return {
    ...legacyMasterFields(model.identity),
    activated_slaves: active,
    deactivated_slaves: slaves.length - active,
    ...(model.unreachableAgents === undefined ? {} : { unreachable_slaves: model.unreachableAgents }),
    slaves,
    recovered_slaves: Array.from(model.recovered.values(), legacyAgentInfo),
    frameworks,
    completed_frameworks: completed,
    orphan_tasks: [],
    unregistered_frameworks: [],
  };
}
