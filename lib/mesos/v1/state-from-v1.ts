// A whole `/master/state` document from v1 responses: `GET_STATE` (or SUBSCRIBED's `get_state`) for the cluster, and
// `GET_MASTER` / `GET_VERSION` for the master's own fields (`ReadOnlyHandler::state`, src/master/readonly_handler.cpp).
// Pure.
import { unpackIp } from "@/lib/mesos/master-info";
import type { MesosAgent, MesosState, MesosTask } from "@/lib/mesos/schemas";
import { ResourceSum } from "./resources";
import type { V1Executor, V1GetMaster, V1GetState, V1Task, V1VersionInfo } from "./schemas";
import { holdsResources } from "./task-state";
import {
  capabilityNames,
  legacyAgent,
  legacyAgentInfo,
  legacyExecutor,
  legacyFramework,
  legacyOffer,
  legacyTask,
} from "./to-legacy";

/** What `/master/state` says about the master itself, from `GET_MASTER` and `GET_VERSION`. */
export interface MasterIdentity {
  master?: V1GetMaster;
  version?: V1VersionInfo;
}

type MasterFields = Pick<
  MesosState,
  | "version"
  | "git_sha"
  | "git_branch"
  | "git_tag"
  | "build_date"
  | "build_time"
  | "build_user"
  | "start_time"
  | "elected_time"
  | "id"
  | "pid"
  | "hostname"
  | "capabilities"
  | "domain"
  | "leader"
  | "leader_info"
>;

function ipText(ip: number): string {
  try {
    return unpackIp(ip);
  } catch {
    return "0.0.0.0";
  }
}

/**
 * The master's own keys. The stream is only served by the leader, so `leader` and `leader_info` are the master itself.
 * `version` is `GET_VERSION`'s, else `MasterInfo.version`, else `""`; `pid` is `MasterInfo.pid`, else
 * `master@<ip>:<port>` from the packed `ip`. `cluster`, `log_dir` and `flags` need `GET_FLAGS` and are left out.
 */
export function legacyMasterFields(identity: MasterIdentity): MasterFields {
  const info = identity.master?.master_info;
  const version = identity.version;
  const pid = info ? (info.pid ?? `master@${ipText(info.ip)}:${info.port}`) : "";
  const hostname = info ? (info.hostname ?? info.address?.hostname ?? ipText(info.ip)) : "";
  const fields: MasterFields = {
    version: version?.version ?? info?.version ?? "",
    git_sha: version?.git_sha,
    git_branch: version?.git_branch,
    git_tag: version?.git_tag,
    build_date: version?.build_date,
    build_time: version?.build_time,
    build_user: version?.build_user,
    start_time: identity.master?.start_time,
    elected_time: identity.master?.elected_time,
    id: info?.id ?? "",
    pid,
    hostname,
    capabilities: info ? capabilityNames(info.capabilities) : undefined,
    domain: info?.domain,
    leader: info ? pid : undefined,
    leader_info: info
      ? { id: info.id, pid, port: info.port, hostname, ...(info.domain ? { domain: info.domain } : {}) }
      : undefined,
  };
  for (const key of Object.keys(fields) as (keyof MasterFields)[]) if (fields[key] === undefined) delete fields[key];
  return fields;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function sumOf(map: Map<string, ResourceSum>, key: string): ResourceSum {
  let sum = map.get(key);
  if (!sum) map.set(key, (sum = new ResourceSum()));
  return sum;
}

/**
 * Converts a `GET_STATE` to `/master/state`. Tasks, unreachable tasks, completed tasks and executors are filed under
 * their framework (registered → `frameworks`, torn down → `completed_frameworks`; a task of neither is dropped, as the
 * master's authorization filter would); used resources are derived from them (see to-legacy.ts), offered from `offers`.
 * `unreachableAgents` (`master/slaves_unreachable` of `GET_METRICS`) fills `unreachable_slaves`, which v1 lacks.
 */
export function stateFromGetState(
  getState: V1GetState,
  identity: MasterIdentity = {},
  unreachableAgents?: number,
): MesosState {
  const tasks = new Map<string, MesosTask[]>();
  const unreachable = new Map<string, MesosTask[]>();
  const completed = new Map<string, MesosTask[]>();
  const executors = new Map<string, V1Executor[]>();
  const frameworkUsed = new Map<string, ResourceSum>();
  const agentUsed = new Map<string, ResourceSum>();
  const countUsage = (frameworkId: string, agentId: string, resources: V1Task["resources"]) => {
    sumOf(frameworkUsed, frameworkId).add(resources);
    sumOf(agentUsed, agentId).add(resources);
  };

  for (const task of getState.get_tasks?.tasks ?? []) {
    push(tasks, task.framework_id.value, legacyTask(task));
    if (holdsResources(task.state)) countUsage(task.framework_id.value, task.agent_id.value, task.resources);
  }
  for (const task of getState.get_tasks?.unreachable_tasks ?? []) {
    push(unreachable, task.framework_id.value, legacyTask(task));
  }
  for (const task of getState.get_tasks?.completed_tasks ?? []) {
    push(completed, task.framework_id.value, legacyTask(task));
  }
  for (const executor of getState.get_executors?.executors ?? []) {
    const frameworkId = executor.executor_info.framework_id?.value;
    if (frameworkId === undefined) continue;
    push(executors, frameworkId, executor);
    countUsage(frameworkId, executor.agent_id.value, executor.executor_info.resources);
  }

  const frameworkOf = (framework: NonNullable<NonNullable<V1GetState["get_frameworks"]>["frameworks"]>[number]) => {
    const id = framework.framework_info.id?.value ?? "";
    const used = frameworkUsed.get(id) ?? new ResourceSum();
    const offered = new ResourceSum();
    for (const offer of framework.offers ?? []) offered.add(offer.resources);
    return legacyFramework(framework, {
      tasks: tasks.get(id) ?? [],
      unreachableTasks: unreachable.get(id) ?? [],
      completedTasks: completed.get(id) ?? [],
      offers: (framework.offers ?? []).map(legacyOffer),
      executors: (executors.get(id) ?? []).map(legacyExecutor),
      used: used.toLegacy(),
      offered: offered.toLegacy(),
      resources: new ResourceSum().addSum(used).addSum(offered).toLegacy(),
    });
  };

  const agents = getState.get_agents?.agents ?? [];
  const slaves: MesosAgent[] = agents.map((agent) =>
    legacyAgent(agent, (agentUsed.get(agent.agent_info.id?.value ?? "") ?? new ResourceSum()).toLegacy()),
  );
  const registered = new Set(slaves.map((agent) => agent.id));
  const active = agents.filter((agent) => agent.active).length;
  return {
    ...legacyMasterFields(identity),
    // `_const_slaves_active()` / `_const_slaves_inactive()` count registered agents by `active`.
    activated_slaves: active,
    deactivated_slaves: agents.length - active,
    ...(unreachableAgents === undefined ? {} : { unreachable_slaves: unreachableAgents }),
    slaves,
    recovered_slaves: (getState.get_agents?.recovered_agents ?? [])
      .map(legacyAgentInfo)
      .filter((agent) => !registered.has(agent.id)),
    frameworks: (getState.get_frameworks?.frameworks ?? []).map(frameworkOf),
    completed_frameworks: (getState.get_frameworks?.completed_frameworks ?? []).map(frameworkOf),
    orphan_tasks: [],
    unregistered_frameworks: [],
  };
}
