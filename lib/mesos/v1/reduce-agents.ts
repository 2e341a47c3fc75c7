// AGENT_ADDED and AGENT_REMOVED (`Master::addSlave`, `Master::removeSlave` / `__removeSlave`, src/master/master.cpp),
// and the agent half of a GET_AGENTS poll.
import { legacyResources } from "./resources";
import { addProblem, placeTask, removeExecutor, touch, unplaceTask } from "./model-index";
import type { ModelData } from "./model-types";
import type { EventOf, V1GetAgentsAgent } from "./schemas";
import { isTerminalState } from "./task-state";

function sameTotal(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/**
 * Registers an agent or replaces what is known of it; returns false when it was already registered. A new agent is
 * appended, so the cluster total (a left fold over agents in order) only needs its amounts added; an agent whose total
 * changed in place makes the fold be redone on the next read.
 */
export function setAgent(model: ModelData, agent: V1GetAgentsAgent): boolean {
  const id = agent.agent_info.id?.value ?? "";
  const total = legacyResources(agent.total_resources);
  const existing = model.agents.get(id);
  model.recovered.delete(id);
  if (existing) {
    if (existing.agent.active) model.activeAgents--;
    if (!sameTotal(existing.total, total)) model.agentTotalFold = null;
  } else if (model.agentTotalFold) {
    const fold = model.agentTotalFold;
    for (const name of ["cpus", "gpus", "mem", "disk"] as const) {
      const value = total[name];
      fold[name] += typeof value === "number" ? value : 0;
    }
  }
  if (agent.active) model.activeAgents++;
  model.agents.set(id, { id, agent, total, base: null });
  touch(model, null, id);
  return existing === undefined;
}

/** An agent (re-)registered. A recovered agent re-registering is normal; one already registered is a duplicate. */
export function agentAdded(model: ModelData, event: EventOf<"AGENT_ADDED">): void {
  const agent = event.agent_added.agent;
  if (agent.agent_info.id === undefined) {
    addProblem(model, "inconsistent", "AGENT_ADDED", `agent ${agent.agent_info.hostname} has no id; ignored`);
    return;
  }
  if (!setAgent(model, agent)) {
    addProblem(model, "duplicate-add", "AGENT_ADDED", `agent ${agent.agent_info.id.value} is already registered`);
  }
}

/**
 * An agent was removed (gone, or unreachable). The master has already moved its tasks (terminal ones to completed,
 * TASK_UNREACHABLE ones to unreachable) and forgotten its executors; this does the same for whatever the events left.
 * A task still live means events were lost: it becomes TASK_LOST, as `removeSlave` would make it, and is reported.
 */
export function agentRemoved(model: ModelData, event: EventOf<"AGENT_REMOVED">): void {
  const id = event.agent_removed.agent_id.value;
  if (model.recovered.delete(id)) return;
  const entry = model.agents.get(id);
  if (!entry) {
    addProblem(model, "unknown-agent", "AGENT_REMOVED", `agent ${id} is not registered`);
    return;
  }
  let lost = 0;
  for (const task of [...(model.agentTasks.get(id) ?? [])]) {
    const framework = model.frameworks.get(task.frameworkId) ?? model.completedFrameworks.get(task.frameworkId);
    if (!framework) continue;
    unplaceTask(model, framework, task);
    if (task.task.state === "TASK_UNREACHABLE") {
      placeTask(model, framework, task, "unreachable");
      continue;
    }
    if (!isTerminalState(task.task.state)) {
      task.task.state = "TASK_LOST";
      lost++;
    }
    placeTask(model, framework, task, "completed");
  }
  if (lost > 0) {
    addProblem(model, "inconsistent", "AGENT_REMOVED", `agent ${id} left with ${lost} live task(s); marked TASK_LOST`);
  }
  for (const executor of [...(model.agentExecutors.get(id) ?? [])]) {
    const framework = model.frameworks.get(executor.frameworkId) ?? model.completedFrameworks.get(executor.frameworkId);
    if (framework) removeExecutor(model, framework, executor);
  }
  if (entry.agent.active) model.activeAgents--;
  model.agents.delete(id);
  model.snapshotCache.agents.delete(id);
  model.agentTotalFold = null;
}
