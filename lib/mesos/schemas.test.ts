import { describe, expect, it } from "vitest";
import { MESOS_FIXTURES, listMesosFixtureFiles, readMesosFixture, type MesosFixtureName } from "./fixtures";
import {
  parseFlagsResponse,
  parseFrameworksResponse,
  parseMesosState,
  parseMetricsSnapshot,
  parseSlavesResponse,
  parseStateSummary,
  parseStatsJson,
  parseVersionResponse,
  type ParseResult,
} from "./schemas";

function valueOf<T>(result: ParseResult<T>): T {
  if (!result.ok) throw new Error(`expected a successful parse, got: ${result.error}`);
  return result.value;
}

function errorOf<T>(result: ParseResult<T>): string {
  if (result.ok) throw new Error("expected the parse to fail");
  return result.error;
}

const fixture = (name: MesosFixtureName) => readMesosFixture(name);

/** The smallest state every version 0.19–1.11 writes. */
const minimalState = () => ({
  version: "1.11.0",
  id: "b5eac2c5-609b-4ca1-a352-61941702fc9e",
  pid: "master@10.0.0.11:5050",
  hostname: "m1.example.com",
  slaves: [] as unknown[],
  frameworks: [] as unknown[],
});

const agent = (extra: Record<string, unknown> = {}) => ({
  id: "S1",
  hostname: "a1",
  pid: "slave(1)@10.0.0.21:5051",
  resources: { cpus: 4, mem: 1024, disk: 2048, ports: "[31000-32000]" },
  ...extra,
});

describe("fixtures", () => {
  const parserByFixture: Record<MesosFixtureName, ((json: unknown) => ParseResult<unknown>) | "znode"> = {
    state_0_19: parseMesosState,
    state_0_26_empty: parseMesosState,
    state_0_27: parseMesosState,
    state_1_2: parseMesosState,
    stateSummary_1_2: parseStateSummary,
    state_1_8: parseMesosState,
    slaves_1_4_1: parseSlavesResponse,
    metrics_1_0: parseMetricsSnapshot,
    stats_0_22: parseStatsJson,
    znode_1_6: "znode",
    znode_0_25: "znode",
  };

  it("knows every JSON file in the fixture folder", () => {
    expect(listMesosFixtureFiles()).toEqual(Object.values(MESOS_FIXTURES).sort());
  });

  it.each(Object.entries(parserByFixture).filter(([, parser]) => parser !== "znode"))("%s parses", (name, parser) => {
    if (parser === "znode") return;
    const result = parser(fixture(name as MesosFixtureName));
    expect(result.ok ? "ok" : result.error).toBe("ok");
  });

  it("0.19 state.json: agents have the old shape and frameworks a single role", () => {
    const state = valueOf(parseMesosState(fixture("state_0_19")));
    expect(state.version).toBe("0.19.0");
    expect(state.leader_info).toBeUndefined();
    expect(state.slaves).toHaveLength(2);
    expect(state.slaves[0]?.active).toBeUndefined();
    expect(state.slaves[0]?.used_resources).toBeUndefined();
    expect(state.slaves[0]?.resources.ports).toBe("[31000-32000]");
    expect(state.staged_tasks).toBe(13);
    expect(state.frameworks[0]?.role).toBe("*");
    expect(state.frameworks[0]?.used_resources).toBeUndefined();
    expect(state.frameworks[0]?.completed_tasks).toHaveLength(13);
  });

  it("0.26 empty state: float counters and empty lists", () => {
    const state = valueOf(parseMesosState(fixture("state_0_26_empty")));
    expect(state.activated_slaves).toBe(0);
    expect(state.slaves).toEqual([]);
    expect(state.frameworks).toEqual([]);
    expect(state.git_tag).toBe("0.26.0-rc5");
  });

  it("0.27 production state: role-keyed reservations and keeps unknown keys", () => {
    const state = valueOf(parseMesosState(fixture("state_0_27")));
    expect(state.cluster).toBe("dcos-snc1-production");
    expect(state.slaves.map((a) => a.reserved_resources?.["slave_public"]?.cpus)).toEqual([24, undefined, undefined]);
    const marathon = state.frameworks.find((f) => f.name === "marathon");
    expect(marathon?.tasks).toHaveLength(102);
    expect(marathon?.completed_tasks).toHaveLength(1000);
    expect(marathon?.tasks?.[0]?.["labels"]).toBeInstanceOf(Array);
  });

  it("1.2 state: leader_info and gpus, but no unreachable_slaves in this capture", () => {
    const state = valueOf(parseMesosState(fixture("state_1_2")));
    expect(state.leader_info).toEqual({
      id: state.id,
      pid: "master@10.0.6.207:5050",
      port: 5050,
      hostname: "10.0.6.207",
    });
    expect(state.slaves.map((a) => a.resources.gpus)).toEqual([0, 0]);
    expect(state.unreachable_slaves).toBeUndefined();
    expect(state.recovered_slaves).toBeUndefined();
    expect(state.completed_frameworks?.map((f) => f.name)).toEqual(["jenkins"]);
  });

  it("1.8 state: capabilities, domain, recovered_slaves, unreachable_tasks", () => {
    const state = valueOf(parseMesosState(fixture("state_1_8")));
    expect(state.capabilities).toEqual(["AGENT_UPDATE"]);
    expect(state.domain?.fault_domain?.zone?.name).toBe("aws/us-west-2b");
    expect(state.leader_info?.domain?.fault_domain?.region?.name).toBe("aws/us-west-2");
    expect(state.unreachable_slaves).toBe(0);
    expect(state.recovered_slaves).toEqual([]);
    expect(state.slaves[0]?.capabilities).toContain("MULTI_ROLE");
    expect(state.frameworks.map((f) => f.unreachable_tasks)).toEqual([[], []]);
    expect(state.flags?.["zk"]).toBe("/run/dcos/etc/mesos/master_zk_creds");
  });

  it("1.2 state-summary: per-state task counts without TASK_UNREACHABLE", () => {
    const summary = valueOf(parseStateSummary(fixture("stateSummary_1_2")));
    const marathon = summary.frameworks.find((f) => f.name === "marathon");
    expect([marathon?.TASK_RUNNING, marathon?.TASK_FINISHED, marathon?.TASK_KILLED]).toEqual([4, 138, 134]);
    expect(marathon?.TASK_UNREACHABLE).toBeUndefined();
    expect(summary.slaves[0]?.framework_ids).toHaveLength(2);
  });

  it("1.4.1 /master/slaves: resource maps and *_full arrays", () => {
    const response = valueOf(parseSlavesResponse(fixture("slaves_1_4_1")));
    expect(response.recovered_slaves).toEqual([]);
    const only = response.slaves[0];
    expect(only?.used_resources?.cpus).toBe(7.8);
    expect(only?.used_resources_full?.find((r) => r.name === "cpus")?.scalar?.value).toBe(7.8);
    expect(only?.used_resources_full?.find((r) => r.name === "ports")?.ranges?.range).toHaveLength(9);
    expect(only?.reserved_resources_full).toEqual({});
  });

  it("metrics snapshot: 131 numeric keys", () => {
    const metrics = valueOf(parseMetricsSnapshot(fixture("metrics_1_0")));
    expect(Object.keys(metrics)).toHaveLength(131);
    expect(metrics["master/elected"]).toBe(1);
    expect(metrics["allocator/mesos/offer_filters/roles/*/active"]).toBe(3);
  });

  it("legacy stats.json: known counters typed, the rest kept", () => {
    const stats = valueOf(parseStatsJson(fixture("stats_0_22")));
    expect(stats.uptime).toBe(706.524240128);
    expect(stats.activated_slaves).toBe(1);
    expect(stats["master/tasks_running"]).toBe(1);
  });
});

describe("tolerance", () => {
  it("accepts a minimal state and keeps unknown keys everywhere", () => {
    const input = {
      ...minimalState(),
      some_future_field: { nested: true },
      slaves: [agent({ future: "x", resources: { cpus: 1, mem: 2, disk: 3, fpgas: 2, cpus_revocable: 0.5 } })],
      frameworks: [{ id: "F1", name: "svc", whatever: 1 }],
    };
    const state = valueOf(parseMesosState(input));
    expect(state["some_future_field"]).toEqual({ nested: true });
    expect(state.slaves[0]?.["future"]).toBe("x");
    expect(state.slaves[0]?.resources["fpgas"]).toBe(2);
    expect(state.frameworks[0]?.["whatever"]).toBe(1);
    expect(state.frameworks[0]?.offers).toBeUndefined();
  });

  it("accepts `3.0`-style counts, a missing leader and MULTI_ROLE frameworks", () => {
    const state = valueOf(
      parseMesosState(
        JSON.parse(
          '{"version":"1.11.0","id":"m","pid":"master@h:5050","hostname":"h",' +
            '"activated_slaves":3.0,"slaves":[],"frameworks":[{"id":"F","name":"n","roles":["a","b"],"tasks":[]}]}',
        ),
      ),
    );
    expect(state.activated_slaves).toBe(3);
    expect(state.leader).toBeUndefined();
    expect(state.frameworks[0]?.roles).toEqual(["a", "b"]);
  });

  it("accepts /master/slaves without recovered_slaves, /master/frameworks, /version and /master/flags", () => {
    expect(valueOf(parseSlavesResponse({ slaves: [agent()] })).recovered_slaves).toBeUndefined();
    const frameworks = valueOf(
      parseFrameworksResponse({ frameworks: [{ id: "F", name: "n" }], completed_frameworks: [] }),
    );
    expect(frameworks.frameworks[0]?.name).toBe("n");
    const version = valueOf(
      parseVersionResponse({
        version: "1.11.0",
        build_date: "2020-11-19 10:00:28",
        build_time: 1605780028.0,
        build_user: "root",
      }),
    );
    expect(version.git_sha).toBeUndefined();
    expect(valueOf(parseFlagsResponse({ flags: { quorum: "2", zk_session_timeout: "10secs" } })).flags["quorum"]).toBe(
      "2",
    );
  });
});

describe("rejection", () => {
  const state = minimalState;
  it.each<[string, (json: unknown) => ParseResult<unknown>, unknown, string]>([
    ["null state", parseMesosState, null, "(root): Invalid input: expected object, received null"],
    ["array state", parseMesosState, [state()], "(root): Invalid input: expected object, received array"],
    ["string state", parseMesosState, "<html>", "(root): Invalid input: expected object, received string"],
    [
      "slaves not an array",
      parseMesosState,
      { ...state(), slaves: {} },
      "slaves: Invalid input: expected array, received object",
    ],
    [
      "missing frameworks",
      parseMesosState,
      { ...state(), frameworks: undefined },
      "frameworks: Invalid input: expected array, received undefined",
    ],
    [
      "hostname not a string",
      parseMesosState,
      { ...state(), hostname: 42 },
      "hostname: Invalid input: expected string, received number",
    ],
    [
      "cpus as a string",
      parseMesosState,
      { ...state(), slaves: [agent({ resources: { cpus: "4" } })] },
      "slaves[0].resources.cpus: Invalid input: expected number, received string",
    ],
    [
      "agent without hostname",
      parseMesosState,
      { ...state(), slaves: [agent({ hostname: undefined })] },
      "slaves[0].hostname: Invalid input: expected string",
    ],
    [
      "ports as an object",
      parseMesosState,
      { ...state(), slaves: [agent({ resources: { ports: { begin: 1 } } })] },
      "slaves[0].resources.ports: expected a number (scalar) or a string (ranges or set)",
    ],
    [
      "task state not a string",
      parseMesosState,
      {
        ...state(),
        frameworks: [
          {
            id: "F",
            name: "n",
            tasks: [{ id: "t", name: "t", framework_id: "F", slave_id: "S", state: 1, resources: {} }],
          },
        ],
      },
      "frameworks[0].tasks[0].state: Invalid input: expected string, received number",
    ],
    [
      "leader_info port as a string",
      parseMesosState,
      { ...state(), leader_info: { id: "m", pid: "p", port: "5050", hostname: "h" } },
      "leader_info.port: Invalid input: expected number, received string",
    ],
    [
      "active not a boolean",
      parseMesosState,
      { ...state(), slaves: [agent({ active: "true" })] },
      "slaves[0].active: Invalid input: expected boolean, received string",
    ],
    [
      "summary count as a string",
      parseStateSummary,
      { hostname: "h", slaves: [], frameworks: [{ id: "F", name: "n", TASK_RUNNING: "4" }] },
      "frameworks[0].TASK_RUNNING: Invalid input: expected number",
    ],
    [
      "recovered_slaves not an array",
      parseSlavesResponse,
      { slaves: [], recovered_slaves: {} },
      "recovered_slaves: Invalid input: expected array, received object",
    ],
    [
      "metric as a string",
      parseMetricsSnapshot,
      { "master/elected": "1" },
      "master/elected: Invalid input: expected number, received string",
    ],
    ["metrics as an array", parseMetricsSnapshot, [1, 2], "(root): Invalid input: expected record, received array"],
    [
      "stats uptime as a string",
      parseStatsJson,
      { uptime: "706" },
      "uptime: Invalid input: expected number, received string",
    ],
    [
      "version without version",
      parseVersionResponse,
      { build_user: "root" },
      "version: Invalid input: expected string, received undefined",
    ],
    [
      "flag value as a number",
      parseFlagsResponse,
      { flags: { port: 5050 } },
      "flags.port: Invalid input: expected string, received number",
    ],
  ])("rejects %s", (_name, parse, input, expected) => {
    expect(errorOf(parse(input))).toContain(expected);
  });

  it("summarises at most three issues on one line", () => {
    const error = errorOf(parseMesosState({ slaves: [] }));
    expect(error).toBe(
      "version: Invalid input: expected string, received undefined; id: Invalid input: expected string, received undefined; " +
        "pid: Invalid input: expected string, received undefined (+2 more)",
    );
  });
});
