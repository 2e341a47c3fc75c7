import { describe, expect, it } from "vitest";
import { agentRows } from "@/lib/mesos/agents";
import { parseMesosState, type MesosState } from "@/lib/mesos/schemas";
import { agentCounts, frameworkSummaries, resourceTotals, taskCounts } from "@/lib/mesos/totals";
import { readV1Fixture } from "./fixtures";
import { parseEvent, parseResponse, type V1GetState, type MasterIdentity } from "./index";
import { legacyMasterFields, stateFromGetState } from "./state-from-v1";

function legacyState(): MesosState {
  const result = parseMesosState(readV1Fixture("masterState"));
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

function v1Inputs(): { getState: V1GetState; identity: MasterIdentity } {
  const event = parseEvent(readV1Fixture("subscribed"));
  const master = parseResponse(readV1Fixture("getMaster"));
  const version = parseResponse(readV1Fixture("getVersion"));
  if (!event.ok || event.value.type !== "SUBSCRIBED" || !event.value.subscribed.get_state) throw new Error("fixture");
  if (!master.ok || master.value.type !== "GET_MASTER") throw new Error("fixture");
  if (!version.ok || version.value.type !== "GET_VERSION") throw new Error("fixture");
  return {
    getState: event.value.subscribed.get_state,
    identity: { master: master.value.get_master, version: version.value.get_version.version_info },
  };
}

function converted(): MesosState {
  const { getState, identity } = v1Inputs();
  // v1 has no unreachable-agent list; the fixture's cluster has one (`master/slaves_unreachable` = 1).
  return stateFromGetState(getState, identity, 1);
}

describe("stateFromGetState against the /master/state of the same master", () => {
  it("passes the legacy state schema", () => {
    expect(parseMesosState(converted())).toMatchObject({ ok: true });
  });

  it("gives the same totals, framework summaries, task counts and agent rows", () => {
    const legacy = legacyState();
    const state = converted();
    expect(agentCounts(state)).toEqual(agentCounts(legacy));
    expect(resourceTotals(state)).toEqual(resourceTotals(legacy));
    expect(frameworkSummaries(state)).toEqual(frameworkSummaries(legacy));
    expect(taskCounts(state, null)).toEqual(taskCounts(legacy, null));
    expect(agentRows(state)).toEqual(agentRows(legacy));
  });

  it("gives the numbers worked out by hand", () => {
    const state = converted();
    expect(agentCounts(state)).toEqual({ active: 1, deactivated: 2, unreachable: 1, recovered: 1 });
    const totals = resourceTotals(state);
    // total 8+4+2 cpus; allocated = marathon 1.4 + spark 1.3; offered 2.5.
    expect(totals.cpus).toEqual({ total: 14, allocated: 2.7, offered: 2.5, idle: 8.8 });
    expect(totals.mem).toEqual({ total: 52000.5, allocated: 3488.5, offered: 4096, idle: 44416 });
    expect(totals.gpus).toEqual({ total: 1, allocated: 0, offered: 0, idle: 1 });
    expect(taskCounts(state, null)).toMatchObject({ running: 3, staging: 1, finished: 1, failed: 1, unreachable: 1 });
  });

  it("writes every object as the master does, except the flags GET_STATE cannot know", () => {
    const { cluster: _cluster, log_dir: _logDir, flags: _flags, ...legacy } = legacyState();
    expect(converted()).toEqual(legacy);
  });

  it("leaves unreachable_slaves out when no metric says it", () => {
    const { getState, identity } = v1Inputs();
    expect(stateFromGetState(getState, identity)).not.toHaveProperty("unreachable_slaves");
  });

  it("files completed tasks under their framework, registered or torn down", () => {
    const state = converted();
    expect(state.frameworks[0]?.completed_tasks?.map((task) => task.id)).toEqual(["web.c1", "web.c2"]);
    expect(state.completed_frameworks?.[0]?.completed_tasks?.map((task) => task.id)).toEqual(["old.c3"]);
  });
});

describe("legacyMasterFields", () => {
  it("builds pid and hostname from the packed ip when MasterInfo lacks them", () => {
    const fields = legacyMasterFields({ master: { master_info: { id: "m", ip: 184549386, port: 5050 } } });
    expect(fields).toMatchObject({ id: "m", pid: "master@10.0.0.11:5050", hostname: "10.0.0.11", version: "" });
    expect(fields.leader_info).toEqual({ id: "m", pid: "master@10.0.0.11:5050", port: 5050, hostname: "10.0.0.11" });
  });

  it("gives empty identity fields without GET_MASTER", () => {
    expect(legacyMasterFields({})).toEqual({ version: "", id: "", pid: "", hostname: "" });
  });
});
