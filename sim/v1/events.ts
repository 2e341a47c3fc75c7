// The events of the master's SUBSCRIBE stream (include/mesos/v1/master/master.proto `Event`), built as JSON-shaped
// objects: SUBSCRIBED first, then what changes, only of the kinds the simulated version has
// (docs/mesos/http.md#operator-api-v1): TASK_ADDED and TASK_UPDATED from 1.0, AGENT_ADDED and AGENT_REMOVED from 1.1,
// FRAMEWORK_ADDED, _UPDATED and _REMOVED from 1.4, HEARTBEAT from 1.5.
import type { OperatorEventType } from "../../lib/mesos/versions";
import type { SimAgent, SimFramework, SimTask, SimTaskStatus, WorldChange } from "../world-model";
import type { V1Object } from "./json";
import { type V1Context, agentJson, frameworkJson, taskJson, taskStatusJson } from "./objects";
import { getState } from "./responses";

const event = (type: OperatorEventType, field?: string, body?: V1Object): V1Object =>
  field === undefined || body === undefined ? { type } : { type, [field]: body };

/**
 * The first record: the whole state (`_getState`), and from 1.5 the heartbeat interval, which real masters fix at 15
 * seconds (`DEFAULT_HEARTBEAT_INTERVAL`, src/master/constants.hpp); the simulator's `--heartbeat-interval` changes it.
 */
export function subscribedEvent(c: V1Context, heartbeatSeconds: number): V1Object {
  const subscribed: V1Object = { get_state: getState(c) };
  if (c.f.heartbeats) subscribed.heartbeat_interval_seconds = heartbeatSeconds;
  return event("SUBSCRIBED", "subscribed", subscribed);
}

export const HEARTBEAT: V1Object = event("HEARTBEAT");

export function taskAddedEvent(c: V1Context, task: SimTask): V1Object {
  return event("TASK_ADDED", "task_added", { task: taskJson(c, task) });
}

/**
 * TASK_UPDATED (`createTaskUpdated`, src/common/protobuf_utils.cpp): from 1.1 the framework, the status the update
 * carried and the task's latest state; 1.0 sent the task's ids and the new state only.
 */
export function taskUpdatedEvent(c: V1Context, task: SimTask, status: SimTaskStatus): V1Object {
  const frameworkId = { value: task.frameworkId };
  if (c.f.taskUpdatedStatus)
    return event("TASK_UPDATED", "task_updated", {
      framework_id: frameworkId,
      status: taskStatusJson(c, task, status),
      state: task.state,
    });
  const body: V1Object = { task_id: { value: task.id }, framework_id: frameworkId, agent_id: { value: task.agentId } };
  if (task.executorId !== "") body.executor_id = { value: task.executorId };
  body.state = task.state;
  return event("TASK_UPDATED", "task_updated", body);
}

export function agentAddedEvent(c: V1Context, agent: SimAgent): V1Object {
  return event("AGENT_ADDED", "agent_added", { agent: agentJson(c, agent) });
}

export function agentRemovedEvent(agentId: string): V1Object {
  return event("AGENT_REMOVED", "agent_removed", { agent_id: { value: agentId } });
}

export function frameworkAddedEvent(c: V1Context, framework: SimFramework): V1Object {
  return event("FRAMEWORK_ADDED", "framework_added", { framework: frameworkJson(c, framework, null) });
}

/**
 * The events a leader sends for world changes, in order, leaving out what it does not know (tasks of frameworks or on
 * agents not registered with it) and kinds the version lacks. Call before the leader forgets a removed agent.
 */
export function eventsForChanges(c: V1Context, changes: readonly WorldChange[]): V1Object[] {
  const { view, f } = c;
  const known = (task: SimTask) =>
    view.registeredFrameworks.has(task.frameworkId) && view.registeredAgents.has(task.agentId);
  const events: V1Object[] = [];
  for (const change of changes) {
    if (change.kind === "task-added") {
      if (f.events.has("TASK_ADDED") && known(change.task)) events.push(taskAddedEvent(c, change.task));
    } else if (change.kind === "task-updated") {
      if (f.events.has("TASK_UPDATED") && known(change.task))
        events.push(taskUpdatedEvent(c, change.task, change.status));
    } else if (f.events.has("AGENT_REMOVED") && view.registeredAgents.has(change.agent.id)) {
      events.push(agentRemovedEvent(change.agent.id));
    }
  }
  return events;
}

/**
 * An agent (re-)registering with the leader: its tasks become known (TASK_ADDED each, `Framework::addTask`), then
 * AGENT_ADDED (`Master::addSlave`, src/master/master.cpp @1.11.0). Call after registering it.
 */
export function eventsForAgentRegistered(c: V1Context, agent: SimAgent): V1Object[] {
  const events: V1Object[] = [];
  if (c.f.events.has("TASK_ADDED"))
    for (const task of c.view.world.tasksByAgent.get(agent.id) ?? [])
      if (task.state !== "TASK_UNREACHABLE" && c.view.registeredFrameworks.has(task.frameworkId))
        events.push(taskAddedEvent(c, task));
  if (c.f.events.has("AGENT_ADDED")) events.push(agentAddedEvent(c, agent));
  return events;
}

/**
 * A framework subscribing to the leader: FRAMEWORK_ADDED (1.4), then its tasks on registered agents, which this
 * master now shows (`Master::recoverFramework` sends them in this order). Call after registering it.
 */
export function eventsForFrameworkRegistered(c: V1Context, framework: SimFramework): V1Object[] {
  const events: V1Object[] = [];
  if (c.f.events.has("FRAMEWORK_ADDED")) events.push(frameworkAddedEvent(c, framework));
  if (c.f.events.has("TASK_ADDED"))
    for (const task of c.view.world.tasks.values())
      if (
        task.frameworkId === framework.id &&
        task.state !== "TASK_UNREACHABLE" &&
        c.view.registeredAgents.has(task.agentId)
      )
        events.push(taskAddedEvent(c, task));
  return events;
}
