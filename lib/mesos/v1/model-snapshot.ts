// The model as a `/master/state` document, built as state-from-v1.ts builds one from GET_STATE. Per-task and
// per-executor legacy objects are cached on their entries, so a snapshot after a few events re-converts only what
// changed. Usage is recounted here from the tasks and executors themselves (exact thousandths), independently of the
// reducers' running sums, which the tests compare against it.
import type { MesosAgent, MesosFramework, MesosState, MesosTask } from "@/lib/mesos/schemas";
import { ResourceSum } from "./resources";
import { legacyMasterFields } from "./state-from-v1";
import { holdsResources } from "./task-state";
import { legacyAgent, legacyAgentInfo, legacyExecutor, legacyFramework, legacyOffer, legacyTask } from "./to-legacy";
import type { FrameworkEntry, ModelData, TaskEntry } from "./model-types";

function taskOf(entry: TaskEntry): MesosTask {
  return (entry.legacy ??= legacyTask(entry.task));
}

function frameworkOf(framework: FrameworkEntry, agentUsed: Map<string, ResourceSum>): MesosFramework {
  const used = new ResourceSum();
  const count = (agentId: string, resources: Parameters<ResourceSum["add"]>[0]) => {
    used.add(resources);
    let agent = agentUsed.get(agentId);
    if (!agent) agentUsed.set(agentId, (agent = new ResourceSum()));
    agent.add(resources);
  };
  for (const entry of framework.active.values()) {
    if (holdsResources(entry.task.state)) count(entry.agentId, entry.task.resources);
  }
  for (const executor of framework.executors.values())
    count(executor.agentId, executor.executor.executor_info.resources);
  const offered = new ResourceSum();
  for (const offer of framework.offers) offered.add(offer.resources);
  return legacyFramework(framework.framework, {
    tasks: [...framework.active.values()].map(taskOf),
    unreachableTasks: [...framework.unreachable.values()].map(taskOf),
    completedTasks: [...framework.completed.values()].map(taskOf),
    offers: framework.offers.map(legacyOffer),
    executors: [...framework.executors.values()].map((entry) => (entry.legacy ??= legacyExecutor(entry.executor))),
    used: used.toLegacy(),
    offered: offered.toLegacy(),
    resources: new ResourceSum().addSum(used).addSum(offered).toLegacy(),
  });
}

export function buildSnapshot(model: ModelData): MesosState {
  const agentUsed = new Map<string, ResourceSum>();
  const frameworks = [...model.frameworks.values()].map((framework) => frameworkOf(framework, agentUsed));
  const completedFrameworks = [...model.completedFrameworks.values()].map((framework) =>
    frameworkOf(framework, new Map()),
  );
  const slaves: MesosAgent[] = [...model.agents.values()].map((entry) =>
    legacyAgent(entry.agent, (agentUsed.get(entry.id) ?? new ResourceSum()).toLegacy()),
  );
  const active = slaves.filter((agent) => agent.active === true).length;
  return {
    ...legacyMasterFields(model.identity),
    activated_slaves: active,
    deactivated_slaves: slaves.length - active,
    ...(model.unreachableAgents === undefined ? {} : { unreachable_slaves: model.unreachableAgents }),
    slaves,
    recovered_slaves: [...model.recovered.values()].map(legacyAgentInfo),
    frameworks,
    completed_frameworks: completedFrameworks,
    orphan_tasks: [],
    unregistered_frameworks: [],
  };
}
