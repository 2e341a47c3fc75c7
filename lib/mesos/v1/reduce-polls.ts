// What the stream does not carry, folded from periodic calls: SUBSCRIBED's `get_state` (a full reload), and the "slow
// poll" of GET_AGENTS (activation, deactivation, drain, agents' offered resources), GET_FRAMEWORKS (offers, and the
// frameworks of masters before 1.4, which send no framework events), GET_EXECUTORS (executors: no event reports
// one starting or ending), GET_METRICS (`master/slaves_unreachable`), GET_MASTER and GET_VERSION.
import { setAgent } from "./reduce-agents";
import { removeFramework, setFramework } from "./reduce-frameworks";
import { addExecutor, addProblem, emptyModel, newTaskEntry, placeTask, removeExecutor } from "./model-index";
import { type TaskStateCounts, emptyTaskCounts } from "@/lib/mesos/totals";
import type { ModelData, TaskBucket } from "./model-types";
import type { V1GetAgents, V1GetExecutors, V1GetFrameworks, V1GetMetrics, V1GetState, V1Task } from "./schemas";
import { legacyAgentInfo } from "./to-legacy";

/** Replaces everything the model knows of the cluster with a GET_STATE; keeps its identity, limits and problems. */
export function loadState(model: ModelData, getState: V1GetState): void {
  beginState(model, getState);
  const tasks = getState.get_tasks;
  for (const task of tasks?.tasks ?? []) fileStateTask(model, task, "active");
  for (const task of tasks?.unreachable_tasks ?? []) fileStateTask(model, task, "unreachable");
  for (const task of tasks?.completed_tasks ?? []) fileStateTask(model, task, "completed");
  endState(model, getState);
}

/**
 * The first step of loading a state, which `loadState` does at once and a reader of a big GET_STATE in parts
 * (lib/mesos/proto/get-state-parts.ts) does step by step: the agents and frameworks of `getState` (its tasks are
 * not read), then each task with `fileStateTask`, then `endState`.
 */
export function beginState(model: ModelData, getState: V1GetState): void {
  const fresh = emptyModel(model.limits);
  Object.assign(model, {
    ...fresh,
    identity: model.identity,
    unreachableAgents: model.unreachableAgents,
    taskCounters: model.taskCounters,
    subscribed: model.subscribed,
    heartbeatIntervalSeconds: model.heartbeatIntervalSeconds,
    problems: model.problems,
    problemCount: model.problemCount,
    eventCounts: model.eventCounts,
    revision: model.revision,
  });
  for (const agent of getState.get_agents?.agents ?? []) setAgent(model, agent);
  applyRecovered(model, getState.get_agents?.recovered_agents);
  for (const framework of getState.get_frameworks?.frameworks ?? []) setFramework(model, framework, "GET_STATE", true);
  for (const framework of getState.get_frameworks?.completed_frameworks ?? [])
    setFramework(model, framework, "GET_STATE", true);
}

/** One task of the state, in the bucket its list says (`tasks`: active). A task of no known framework is left out. */
export function fileStateTask(model: ModelData, task: V1Task, bucket: TaskBucket): void {
  const framework = model.frameworks.get(task.framework_id.value);
  if (framework) placeTask(model, framework, newTaskEntry(task), bucket);
}

/** The last step: the executors, and the completed frameworks torn down, after their tasks were filed under them. */
export function endState(model: ModelData, getState: V1GetState): void {
  applyGetExecutors(model, getState.get_executors ?? {});
  for (const framework of getState.get_frameworks?.completed_frameworks ?? []) {
    const entry = model.frameworks.get(framework.framework_info.id?.value ?? "");
    if (entry) removeFramework(model, entry);
  }
}

function applyRecovered(model: ModelData, recovered: V1GetAgents["recovered_agents"]): void {
  model.recovered = new Map();
  for (const info of recovered ?? []) {
    const id = legacyAgentInfo(info).id;
    if (!model.agents.has(id)) model.recovered.set(id, info);
  }
}

/**
 * Refreshes registered agents (activation, deactivation, drain, offered and total resources, version). An agent the
 * poll has and the model lacks, or the other way round, is reported and left for reconciliation (`diffModels`): the
 * poll and the stream race, and the stream is the newer of the two for registrations.
 */
export function applyGetAgents(model: ModelData, getAgents: V1GetAgents): void {
  const seen = new Set<string>();
  for (const agent of getAgents.agents ?? []) {
    const id = agent.agent_info.id?.value ?? "";
    seen.add(id);
    if (model.agents.has(id)) setAgent(model, agent);
    else addProblem(model, "unknown-agent", "GET_AGENTS", `agent ${id} is registered but the stream did not add it`);
  }
  const missing = [...model.agents.keys()].filter((id) => !seen.has(id));
  if (missing.length > 0) {
    addProblem(
      model,
      "inconsistent",
      "GET_AGENTS",
      `${missing.length} agent(s) of the model are missing, e.g. ${missing[0]}`,
    );
  }
  applyRecovered(model, getAgents.recovered_agents);
}

/**
 * Refreshes frameworks and their offers. Before 1.4 there are no framework events, so new frameworks come from here
 * and torn-down ones leave from here; from 1.4 either is reported (`frameworkEventsExpected`) but applied too.
 */
export function applyGetFrameworks(
  model: ModelData,
  getFrameworks: V1GetFrameworks,
  frameworkEventsExpected: boolean,
): void {
  for (const framework of getFrameworks.frameworks ?? []) {
    const id = framework.framework_info.id?.value ?? "";
    if (frameworkEventsExpected && !model.frameworks.has(id) && !model.completedFrameworks.has(id)) {
      addProblem(model, "unknown-framework", "GET_FRAMEWORKS", `framework ${id} is registered but was never added`);
    }
    setFramework(model, framework, "GET_FRAMEWORKS", true);
  }
  for (const framework of getFrameworks.completed_frameworks ?? []) {
    const entry = model.frameworks.get(framework.framework_info.id?.value ?? "");
    if (!entry) continue;
    if (frameworkEventsExpected) {
      addProblem(model, "unknown-framework", "GET_FRAMEWORKS", `framework ${entry.id} was torn down unannounced`);
    }
    removeFramework(model, entry);
  }
}

/** Replaces every registered framework's executors with the poll's. */
export function applyGetExecutors(model: ModelData, getExecutors: V1GetExecutors): void {
  for (const framework of model.frameworks.values()) {
    for (const executor of [...framework.executors.values()]) removeExecutor(model, framework, executor);
  }
  for (const executor of getExecutors.executors ?? []) {
    const framework = model.frameworks.get(executor.executor_info.framework_id?.value ?? "");
    if (framework) addExecutor(model, framework, executor);
  }
}

/** Keeps `master/slaves_unreachable`, the one agent count v1 state lacks. */
export function applyGetMetrics(model: ModelData, getMetrics: V1GetMetrics): void {
  const values = new Map((getMetrics.metrics ?? []).map((m) => [m.name, m.value]));
  const unreachable = values.get("master/slaves_unreachable");
  if (unreachable !== undefined) model.unreachableAgents = unreachable;
  // As totals.ts `taskCounts`: the counters are the leader's only while it is elected.
  if (typeof values.get("master/tasks_running") !== "number" || values.get("master/elected") === 0) return;
  const metrics = emptyTaskCounts();
  for (const name of Object.keys(metrics) as (keyof TaskStateCounts)[]) {
    const value = values.get(`master/tasks_${name}`);
    if (typeof value === "number") metrics[name] = value;
  }
  model.taskCounters = { metrics, since: emptyTaskCounts() };
}
