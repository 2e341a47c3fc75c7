// The control API's changes to the simulated cluster (agents added, removed, unreachable, (de)activated; tasks launched
// and updated), applied in the same order by the supervisor and every master process, so that all of them keep the
// same world. Each returns what the operator API reports of it (docs/mesos/http.md#operator-api-v1), in the order the
// master does it: the status updates of an agent's tasks first, then AGENT_REMOVED.
import { atLeast, mesosFeatures } from "../lib/mesos/versions";
import { makeAgent } from "./world";
import type { SimAgent, SimTaskStatus, TaskState, World, WorldChange, WorldMutation } from "./world-model";
import { addActiveTask, applyTaskStatus } from "./world-task-store";

type Removal = "removed" | "unreachable";

/**
 * The status message of the tasks of an agent that is removed (`Master::_removeSlave`) or found unreachable
 * (`Master::markUnreachable`, after "health check timed out"), as `src/master/master.cpp` words it at each version:
 * 1.0 shuts such an agent down and removes it; "Slave" became "Agent" in 1.2; from 1.5 the unreachable message is
 * the bare cause.
 */
export function removalMessage(version: string, hostname: string, removal: Removal): string {
  const noun = atLeast(version, "1.2.0") ? "Agent" : "Slave";
  if (removal === "removed") return `${noun} ${hostname} removed: the agent unregistered`;
  if (!atLeast(version, "1.1.0")) return `${noun} ${hostname} removed: health check timed out`;
  if (!atLeast(version, "1.2.0")) return `${noun} ${hostname} is unreachable`;
  if (!atLeast(version, "1.5.0")) return `${noun} ${hostname} is unreachable: health check timed out`;
  return "health check timed out";
}

/**
 * Ends or parks the tasks of an agent that leaves. Removed: TASK_LOST. Unreachable, where the version keeps
 * unreachable tasks (1.2 and later in this simulator): TASK_UNREACHABLE for frameworks with the PARTITION_AWARE
 * capability, TASK_LOST for the others; before, TASK_LOST. The master makes these updates itself (SOURCE_MASTER,
 * REASON_SLAVE_REMOVED, which v1 names REASON_AGENT_REMOVED).
 */
function endTasksOn(world: World, agent: SimAgent, removal: Removal, version: string, at: number): WorldChange[] {
  const keepUnreachable = removal === "unreachable" && mesosFeatures(version).unreachableAndRecoveredSlaves;
  const partitionAware = new Set(
    world.frameworks.filter((f) => f.capabilities.includes("PARTITION_AWARE")).map((f) => f.id),
  );
  const changes: WorldChange[] = [];
  for (const task of [...(world.tasksByAgent.get(agent.id) ?? [])]) {
    if (removal === "unreachable" && task.state === "TASK_UNREACHABLE") continue;
    const state: TaskState = keepUnreachable && partitionAware.has(task.frameworkId) ? "TASK_UNREACHABLE" : "TASK_LOST";
    const status: SimTaskStatus = {
      state,
      timestamp: at,
      source: "SOURCE_MASTER",
      reason: "REASON_AGENT_REMOVED",
      message: removalMessage(version, agent.hostname, removal),
      // `unreachable_time` on the updates of an agent marked unreachable (1.1 and later, `Master::markUnreachable`).
      ...(removal === "unreachable" && atLeast(version, "1.1.0") ? { unreachableTime: at } : {}),
    };
    const updated = applyTaskStatus(world, task.id, status);
    if (updated) changes.push({ kind: "task-updated", task: updated, status });
  }
  world.offers = world.offers.filter((offer) => offer.agentId !== agent.id);
  return changes;
}

/** Applies one control-API change for a master of `version`; returns what the operator API reports of it. */
export function applyMutation(world: World, mutation: WorldMutation, version: string): WorldChange[] {
  world.revision++;
  if (mutation.type === "add-agents") {
    const first = world.agents.reduce((max, agent) => Math.max(max, agent.index), 0) + 1;
    for (let index = first; index < first + mutation.count; index++) {
      const agent = makeAgent(world.spec, world.epochId, index, mutation.at);
      world.agents.push(agent);
      world.agentsById.set(agent.id, agent);
    }
    return []; // AGENT_ADDED comes when each registers with the leader
  }
  if (mutation.type === "tasks") {
    const changes: WorldChange[] = [];
    for (const change of mutation.changes) {
      if (change.op === "launch") {
        if (world.tasks.has(change.task.id)) continue;
        const task = { ...change.task };
        addActiveTask(world, task);
        changes.push({ kind: "task-added", task });
      } else {
        const task = applyTaskStatus(world, change.taskId, change.status);
        if (task) changes.push({ kind: "task-updated", task, status: change.status });
      }
    }
    return changes;
  }
  const agent = world.agentsById.get(mutation.agentId);
  if (!agent || agent.status === "removed") return [];
  switch (mutation.type) {
    case "remove-agent": {
      const changes = endTasksOn(world, agent, "removed", version, mutation.at);
      agent.status = "removed";
      return [...changes, { kind: "agent-removed", agent }];
    }
    case "agent-unreachable": {
      if (agent.status === "unreachable") return [];
      const changes = endTasksOn(world, agent, "unreachable", version, mutation.at);
      agent.status = "unreachable";
      // Before 1.1 an agent that failed its health checks was shut down and removed (`Master::shutdownSlave`).
      return atLeast(version, "1.1.0") ? changes : [...changes, { kind: "agent-removed", agent }];
    }
    case "agent-deactivated":
      agent.status = "deactivated";
      world.offers = world.offers.filter((offer) => offer.agentId !== agent.id);
      return [];
    case "agent-activated":
      if (agent.status === "deactivated") agent.status = "active";
      return [];
  }
}
