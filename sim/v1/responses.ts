// The answers of the read-only v1 calls the dashboard uses, as `mesos.v1.master.Response` objects
// (include/mesos/v1/master/master.proto; `Master::Http::getState` and the others in src/master/http.cpp, and from 1.10
// src/master/readonly_handler.cpp). They show what the same master's `/master/state` shows (sim/master/render.ts):
// the registered agents and frameworks, their tasks, offers and usage (sim/master/usage.ts).
import type { SimFramework, SimTask } from "../world-model";
import { buildInfoValues } from "../master/render";
import { recoveredAgents, registeredAgents, registeredFrameworks, usage } from "../master/usage";
import type { MasterView } from "../master/view";
import type { V1Object } from "./json";
import {
  type FrameworkUsage,
  type V1Context,
  agentInfoJson,
  agentJson,
  frameworkJson,
  masterInfoJson,
  taskJson,
} from "./objects";
import { ShareSum } from "./resources";

export function getTasks(c: V1Context): V1Object {
  const u = usage(c.view);
  const frameworks = registeredFrameworks(c.view);
  const of = (lists: Map<string, SimTask[]>) =>
    frameworks.flatMap((fw) => (lists.get(fw.id) ?? []).map((task) => taskJson(c, task)));
  const json: V1Object = { tasks: of(u.tasksByFramework) };
  if (c.f.recoveredAndUnreachable) json.unreachable_tasks = of(u.unreachableByFramework);
  json.completed_tasks = of(u.completedByFramework);
  return json;
}

export function getExecutors(): V1Object {
  // The simulated frameworks' executors are not modelled; `/master/state` lists none either.
  return { executors: [] };
}

function frameworkUsage(c: V1Context, framework: SimFramework): FrameworkUsage {
  const u = usage(c.view);
  const allocated = new ShareSum();
  for (const task of u.tasksByFramework.get(framework.id) ?? [])
    allocated.add(task.resources, task.role, framework.role, task.port);
  const offers = c.view.world.offers.filter(
    (o) => o.frameworkId === framework.id && c.view.registeredAgents.has(o.agentId),
  );
  const offered = new ShareSum();
  for (const offer of offers) offered.add(offer.resources, "*", framework.role, null);
  return { allocated, offered, offers };
}

export function getFrameworks(c: V1Context): V1Object {
  return {
    frameworks: registeredFrameworks(c.view).map((fw) => frameworkJson(c, fw, frameworkUsage(c, fw))),
    completed_frameworks: [],
  };
}

export function getAgents(c: V1Context): V1Object {
  const json: V1Object = { agents: registeredAgents(c.view).map((agent) => agentJson(c, agent)) };
  if (c.f.recoveredAndUnreachable)
    json.recovered_agents = recoveredAgents(c.view).map((agent) => agentInfoJson(c, agent));
  return json;
}

export function getState(c: V1Context): V1Object {
  return {
    get_tasks: getTasks(c),
    get_executors: getExecutors(),
    get_frameworks: getFrameworks(c),
    get_agents: getAgents(c),
  };
}

export function getMaster(c: V1Context): V1Object {
  const { view } = c;
  const json: V1Object = { master_info: masterInfoJson(view.masterInfo) };
  if (c.f.masterTimes) {
    json.start_time = view.self.startTime;
    if (view.electedTime !== null) json.elected_time = view.electedTime;
  }
  return json;
}

/** `VersionInfo`, as `/version` shows it (`version()`, src/version/version.cpp), in the .proto's field order. */
export function getVersion(view: MasterView): V1Object {
  const build = buildInfoValues(view);
  return {
    version_info: {
      version: build.version,
      build_date: build.build_date,
      build_time: build.build_time,
      build_user: build.build_user,
      git_sha: build.git_sha,
      git_tag: build.git_tag,
    },
  };
}

/**
 * `GetMetrics`: the `/metrics/snapshot` of this master as `{name, value}` pairs (`Master::Http::getMetrics`), by name
 * (a `std::map` from 1.10; a hashmap, in no particular order, before).
 */
export function getMetrics(metrics: Record<string, number>): V1Object {
  return {
    metrics: Object.keys(metrics)
      .sort()
      .map((name) => ({ name, value: metrics[name] ?? 0 })),
  };
}

/** A `Response` of `type` carrying `body` in its field (`get_state` for GET_STATE …). */
export function response(type: string, body: V1Object): V1Object {
  return { type, [type.toLowerCase()]: body };
}
