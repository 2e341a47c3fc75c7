import { describe, expect, it } from "vitest";
import { parseResponse } from "../../lib/mesos/v1/schemas";
import { atLeast } from "../../lib/mesos/versions";
import { writeJson } from "../json";
import { stateJson } from "../master/render";
import type { MasterView } from "../master/view";
import { applyMutation } from "../world-mutations";
import type { Scalars, SimTask } from "../world-model";
import { v1Features } from "./features";
import { type V1Object, writeV1Json } from "./json";
import { v1Context } from "./objects";
import { getMaster, getState, getVersion, response } from "./responses";
import { V1_VERSIONS, leaderView } from "./testing";

type Obj = Record<string, unknown>;
const list = (value: unknown): Obj[] => (Array.isArray(value) ? (value as Obj[]) : []);
const obj = (value: unknown): Obj => (typeof value === "object" && value !== null ? (value as Obj) : {});

/** A leader whose world has an unreachable agent, a removed one and a fresh task, so every list has something. */
function busyLeader(version: string): MasterView {
  const view = leaderView(version);
  const agents = [...view.world.tasksByAgent].filter(([, tasks]) => tasks.size > 0).map(([id]) => id);
  const [unreachable, removed] = agents;
  for (const [type, agentId] of [
    ["agent-unreachable", unreachable],
    ["remove-agent", removed],
  ] as const) {
    applyMutation(view.world, { type, agentId: agentId ?? "", at: 1_700_000_100 }, version);
    view.registeredAgents.delete(agentId ?? "");
  }
  const template = [...view.world.tasks.values()].find((t) => t.state === "TASK_RUNNING") as SimTask;
  const task: SimTask = { ...template, id: "launched", state: "TASK_STAGING", statuses: [] };
  applyMutation(view.world, { type: "tasks", changes: [{ op: "launch", task }], at: 1_700_000_200 }, version);
  return view;
}

function render(view: MasterView, type: string, body: V1Object): { text: string; json: Obj } {
  const text = writeV1Json(v1Features(view.self.version).json, response(type, body));
  return { text, json: JSON.parse(text) as Obj };
}

/** Sums `{name, scalar:{value}}` resources into cpus/mem/disk/gpus, as `/master/state` shows them. */
function sums(resources: unknown): Scalars {
  const total: Scalars = { cpus: 0, gpus: 0, mem: 0, disk: 0 };
  for (const r of list(resources)) {
    const name = r.name as keyof Scalars;
    if (name in total) total[name] += Number(obj(r.scalar).value);
  }
  return total;
}
const scalarsOf = (json: unknown): Scalars => {
  const o = obj(json);
  return { cpus: Number(o.cpus ?? 0), gpus: Number(o.gpus ?? 0), mem: Number(o.mem ?? 0), disk: Number(o.disk ?? 0) };
};
const close = (a: Scalars, b: Scalars) =>
  expect(Object.values(a).map((n) => Math.round(n * 1000))).toEqual(Object.values(b).map((n) => Math.round(n * 1000)));
const taskKey = (t: Obj) => `${obj(t.framework_id).value ?? t.framework_id}/${obj(t.task_id).value ?? t.id}:${t.state}`;

describe.each(V1_VERSIONS)("GET_STATE of a simulated %s leader", (version) => {
  const view = busyLeader(version);
  const c = v1Context(view, v1Features(version));
  const { text, json } = render(view, "GET_STATE", getState(c));
  const v1 = obj(json.get_state);
  const state = JSON.parse(writeJson(view.style, stateJson(view))) as Obj;

  it("passes the v1 schemas", () => {
    const parsed = parseResponse(json);
    expect(parsed.ok ? "ok" : parsed.error).toBe("ok");
  });

  it("shows the agents /master/state shows, with the same resources", () => {
    const agents = list(obj(v1.get_agents).agents);
    const slaves = list(state.slaves);
    expect(agents.map((a) => obj(obj(a.agent_info).id).value)).toEqual(slaves.map((s) => s.id));
    for (const [i, agent] of agents.entries()) {
      const slave = slaves[i] ?? {};
      expect(obj(agent.agent_info).hostname).toBe(slave.hostname);
      expect(agent.active).toBe(slave.active ?? true);
      close(sums(agent.total_resources), scalarsOf(slave.resources));
      if (slave.used_resources) close(sums(agent.allocated_resources), scalarsOf(slave.used_resources));
      if (slave.offered_resources) close(sums(agent.offered_resources), scalarsOf(slave.offered_resources));
      expect(obj(agent.registered_time).nanoseconds).toBe(Math.round(Number(slave.registered_time) * 1e9));
    }
    const recovered = list(obj(v1.get_agents).recovered_agents).map((a) => obj(a.id).value);
    expect(recovered).toEqual(list(state.recovered_slaves).map((s) => s.id));
  });

  it("shows the frameworks, their tasks, offers and usage as /master/state does", () => {
    const frameworks = list(obj(v1.get_frameworks).frameworks);
    const stateFrameworks = list(state.frameworks);
    expect(frameworks.map((f) => obj(obj(f.framework_info).id).value)).toEqual(stateFrameworks.map((f) => f.id));
    for (const [i, framework] of frameworks.entries()) {
      const s = stateFrameworks[i] ?? {};
      close(sums(framework.allocated_resources), scalarsOf(s.used_resources));
      close(sums(framework.offered_resources), scalarsOf(s.offered_resources));
      expect(list(framework.offers).map((o) => obj(o.id).value)).toEqual(list(s.offers).map((o) => o.id));
    }
    const tasks = obj(v1.get_tasks);
    const stateTasks = stateFrameworks.flatMap((f) => list(f.tasks));
    expect(list(tasks.tasks).map(taskKey).sort()).toEqual(stateTasks.map(taskKey).sort());
    expect(list(tasks.unreachable_tasks).map(taskKey).sort()).toEqual(
      stateFrameworks
        .flatMap((f) => list(f.unreachable_tasks))
        .map(taskKey)
        .sort(),
    );
    expect(list(tasks.completed_tasks).map(taskKey).sort()).toEqual(
      stateFrameworks
        .flatMap((f) => list(f.completed_tasks))
        .map(taskKey)
        .sort(),
    );
    const byId = new Map(stateTasks.map((t) => [t.id, t]));
    for (const task of list(tasks.tasks)) {
      const statuses = list(byId.get(obj(task.task_id).value)?.statuses);
      expect(list(task.statuses).map((s) => [s.state, s.timestamp])).toEqual(
        statuses.map((s) => [s.state, s.timestamp]),
      );
    }
  });

  it("writes JSON the way this version's master does", () => {
    // 1.0-1.4 sort keys at every level (JSON::Object is a std::map); later versions follow the .proto.
    if (!atLeast(version, "1.5.0"))
      expect(text.startsWith('{"get_state":{"get_agents":{"agents":[{"active":')).toBe(true);
    else expect(text.startsWith('{"type":"GET_STATE","get_state":{"get_tasks":{"tasks":[{"name":')).toBe(true);
    // Doubles keep a decimal point; nanoseconds are integers.
    expect(text).toMatch(/"scalar":\{"value":\d+\.0\}/);
    expect(text).toMatch(/"nanoseconds":\d+[,}]/);
    expect(text.includes("\\/")).toBe(!atLeast(version, "1.7.0"));
    // From 1.10 the read-only lists are written even when empty (MESOS-10026); before, empty lists are left out.
    const direct = atLeast(version, "1.10.0");
    expect(text.includes('"completed_frameworks":[]')).toBe(direct);
    expect(text.includes('"executors":[]')).toBe(direct);
  });
});

describe("v1 objects across versions", () => {
  const state = (version: string) => {
    const view = leaderView(version);
    return obj(render(view, "GET_STATE", getState(v1Context(view, v1Features(version)))).json.get_state);
  };
  const agentResources = (version: string) =>
    list(obj(state(version).get_agents).agents).flatMap((a) => list(a.total_resources));

  it("writes reservations as `role` before 1.4, and with `reservations` in the endpoint format from 1.4", () => {
    const reserved = (version: string) => agentResources(version).find((r) => r.role === "slave_public");
    expect(reserved("1.3.0")).toMatchObject({ role: "slave_public" });
    expect(reserved("1.3.0")?.reservations).toBeUndefined();
    expect(reserved("1.11.0")).toMatchObject({
      role: "slave_public",
      reservations: [{ type: "STATIC", role: "slave_public" }],
    });
    // agent_info keeps the post-refinement format, where the deprecated `role` is unset and not written from 1.4.
    const info = (version: string) => list(obj(list(obj(state(version).get_agents).agents)[0]?.agent_info).resources);
    expect(info("1.11.0").every((r) => r.role === undefined)).toBe(true);
    expect(info("1.3.0").every((r) => r.role === "*")).toBe(true);
  });

  it("adds allocation_info from 1.2, agent capabilities from 1.3 and deactivated from 1.9", () => {
    const task = (version: string) => list(obj(state(version).get_tasks).tasks)[0] ?? {};
    expect(list(task("1.1.0").resources)[0]?.allocation_info).toBeUndefined();
    expect(list(task("1.2.0").resources)[0]?.allocation_info).toEqual({ role: expect.any(String) });
    const agent = (version: string) => list(obj(state(version).get_agents).agents)[0] ?? {};
    expect(agent("1.2.0").capabilities).toBeUndefined();
    expect(agent("1.3.0").capabilities).toEqual([{ type: "MULTI_ROLE" }]);
    expect(agent("1.8.0").deactivated).toBeUndefined();
    expect(agent("1.9.0").deactivated).toBe(false);
    const framework = (version: string) => list(obj(state(version).get_frameworks).frameworks)[0] ?? {};
    expect(framework("1.0.0").recovered).toBeUndefined();
    expect(obj(framework("1.0.0").framework_info).capabilities).toBeUndefined(); // PARTITION_AWARE is 1.1
    expect(framework("1.11.0")).toMatchObject({ recovered: false, offer_constraints: {} });
  });

  it("answers GET_MASTER with the start and election times from 1.5, and GET_VERSION as /version", () => {
    for (const version of ["1.4.0", "1.5.0"]) {
      const view = leaderView(version);
      const { json } = render(view, "GET_MASTER", getMaster(v1Context(view, v1Features(version))));
      expect(parseResponse(json).ok).toBe(true);
      const master = obj(json.get_master);
      expect(obj(master.master_info).id).toBe(view.self.id);
      expect(master.elected_time).toBe(version === "1.5.0" ? 1_700_000_020.5 : undefined);
    }
    const view = leaderView("1.11.0");
    const { text } = render(view, "GET_VERSION", getVersion(view));
    expect(text).toBe(
      '{"type":"GET_VERSION","get_version":{"version_info":{"version":"1.11.0","build_date":"2020-11-19 10:00:28",' +
        '"build_time":1605780028.0,"build_user":"root","git_sha":"e3b8d3ab4c35eb9d5f3c1c5bce2f7d5d17d5c4f1",' +
        '"git_tag":"1.11.0"}}}',
    );
  });
});
