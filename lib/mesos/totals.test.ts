import { describe, expect, it } from "vitest";
import { readMesosFixture, type MesosFixtureName } from "./fixtures";
import {
  parseMesosState,
  parseMetricsSnapshot,
  parseStateSummary,
  parseStatsJson,
  type MesosState,
  type ParseResult,
} from "./schemas";
import {
  agentCounts,
  frameworkSummaries,
  resourceTotals,
  roundResource,
  taskCounts,
  type ResourceTotals,
} from "./totals";

function valueOf<T>(result: ParseResult<T>): T {
  if (!result.ok) throw new Error(`expected a successful parse, got: ${result.error}`);
  return result.value;
}

const stateOf = (name: MesosFixtureName) => valueOf(parseMesosState(readMesosFixture(name)));
const stateFrom = (json: Record<string, unknown>) =>
  valueOf(
    parseMesosState({
      version: "1.11.0",
      id: "m",
      pid: "master@h:5050",
      hostname: "h",
      slaves: [],
      frameworks: [],
      ...json,
    }),
  );

const row = (total: number, allocated: number, offered: number, idle: number) => ({ total, allocated, offered, idle });
const zeroRow = row(0, 0, 0, 0);

describe("roundResource", () => {
  it("removes Mesos' float noise to 6 decimals and never returns -0", () => {
    expect(roundResource(0.0999999999999994)).toBe(0.1);
    expect(roundResource(12.100000000000213)).toBe(12.1);
    expect(Object.is(roundResource(-1.24344978758018e-14), 0)).toBe(true);
    expect(roundResource(0.001)).toBe(0.001);
  });
});

describe("resourceTotals on real states", () => {
  // Expected numbers were computed outside this code, with a python3 one-off over the fixture JSON:
  //   total     = sum(a["resources"].get(X, 0) for a in slaves)
  //   offered   = sum(o["resources"].get(X, 0) for f in frameworks for o in f.get("offers", []))
  //   allocated = sum(f.get("resources", {}).get(X, 0) for f in frameworks) - offered
  //   idle      = total - (offered + allocated)
  // then round(v, 6). No fixture has an outstanding offer, so offered is 0 everywhere.
  it.each<[MesosFixtureName, ResourceTotals]>([
    // 2 agents of 2 cpus / 1000 MB / 34068 MB; marathon holds 0.2 cpus and 32 MB; no gpus before 1.0.
    [
      "state_0_19",
      { cpus: row(4, 0.2, 0, 3.8), gpus: zeroRow, mem: row(2000, 32, 0, 1968), disk: row(68136, 0, 0, 68136) },
    ],
    ["state_0_26_empty", { cpus: zeroRow, gpus: zeroRow, mem: zeroRow, disk: zeroRow }],
    // Raw python sums: allocated cpus 12.100000000000213, idle 59.899999999999785 (Mesos' own float noise).
    [
      "state_0_27",
      {
        cpus: row(72, 12.1, 0, 59.9),
        gpus: zeroRow,
        mem: row(286464, 13888, 0, 272576),
        disk: row(102369, 0, 0, 102369),
      },
    ],
    [
      "state_1_2",
      {
        cpus: row(8, 2.503, 0, 5.497),
        gpus: zeroRow,
        mem: row(28036, 4174, 0, 23862),
        disk: row(71154, 5032, 0, 66122),
      },
    ],
    [
      "state_1_8",
      { cpus: row(8, 0.1, 0, 7.9), gpus: zeroRow, mem: row(30052, 128, 0, 29924), disk: row(152476, 0, 0, 152476) },
    ],
  ])("%s", (name, expected) => {
    expect(resourceTotals(stateOf(name))).toEqual(expected);
  });

  it("agrees with the agents' own used_resources where agents carry them (python3: sum of slaves[].used_resources)", () => {
    // python3: 0.27 → cpus 12.1, mem 13888; 1.2 → cpus 2.503, mem 4174, disk 5032; 1.8 → cpus 0.1, mem 128.
    expect(resourceTotals(stateOf("state_0_27")).cpus.allocated).toBe(12.1);
    expect(resourceTotals(stateOf("state_1_2")).disk.allocated).toBe(5032);
    expect(resourceTotals(stateOf("state_1_8")).mem.allocated).toBe(128);
  });
});

describe("resourceTotals fallbacks", () => {
  const agents = [
    {
      id: "S1",
      hostname: "a1",
      resources: { cpus: 4, mem: 4096, disk: 1000, gpus: 1 },
      used_resources: { cpus: 1, mem: 512 },
      offered_resources: { cpus: 2 },
    },
    { id: "S2", hostname: "a2", resources: { cpus: 4, mem: 4096, disk: 1000 }, used_resources: { cpus: 0.5 } },
  ];

  it("subtracts the offers from `resources` like the UI", () => {
    const state = stateFrom({
      slaves: agents,
      frameworks: [
        {
          id: "F1",
          name: "a",
          resources: { cpus: 3, mem: 1024, gpus: 1 },
          used_resources: { cpus: 99 },
          offered_resources: { cpus: 99 },
          offers: [
            { id: "O1", slave_id: "S1", resources: { cpus: 1.5, mem: 256 } },
            { id: "O2", slave_id: "S2", resources: { cpus: 0.5, gpus: 1 } },
          ],
        },
      ],
    });
    const totals = resourceTotals(state);
    expect(totals.cpus).toEqual(row(8, 1, 2, 5));
    expect(totals.mem).toEqual(row(8192, 768, 256, 7168));
    expect(totals.gpus).toEqual(row(1, 0, 1, 0));
  });

  it("uses offered_resources for a framework without `offers`", () => {
    const state = stateFrom({
      slaves: agents,
      frameworks: [{ id: "F1", name: "a", resources: { cpus: 3 }, offered_resources: { cpus: 1 } }],
    });
    expect(resourceTotals(state).cpus).toEqual(row(8, 2, 1, 5));
  });

  it("uses used_resources for a framework without `resources`", () => {
    const state = stateFrom({
      slaves: agents,
      frameworks: [
        { id: "F1", name: "a", used_resources: { cpus: 1.25 }, offered_resources: { cpus: 0.75 } },
        { id: "F2", name: "b", resources: { cpus: 1 }, offers: [] },
      ],
    });
    expect(resourceTotals(state).cpus).toEqual(row(8, 2.25, 0.75, 5));
  });

  it("falls back to the agents' used and offered resources when no framework carries usage", () => {
    const state = stateFrom({ slaves: agents, frameworks: [{ id: "F1", name: "a" }] });
    const totals = resourceTotals(state);
    expect(totals.cpus).toEqual(row(8, 1.5, 2, 4.5));
    expect(totals.mem).toEqual(row(8192, 512, 0, 7680));
  });

  it("does not use the agents when there are no frameworks, like the UI", () => {
    expect(resourceTotals(stateFrom({ slaves: agents })).cpus).toEqual(row(8, 0, 0, 8));
  });
});

describe("agentCounts", () => {
  it.each<[MesosFixtureName, ReturnType<typeof agentCounts>]>([
    // jq '.activated_slaves, .deactivated_slaves, .unreachable_slaves, (.recovered_slaves | length)'
    ["state_0_19", { active: 2, deactivated: 0, unreachable: 0, recovered: 0 }],
    ["state_0_26_empty", { active: 0, deactivated: 0, unreachable: 0, recovered: 0 }],
    ["state_0_27", { active: 3, deactivated: 0, unreachable: 0, recovered: 0 }],
    ["state_1_2", { active: 2, deactivated: 0, unreachable: 0, recovered: 0 }],
    ["state_1_8", { active: 2, deactivated: 0, unreachable: 0, recovered: 0 }],
  ])("%s", (name, expected) => {
    expect(agentCounts(stateOf(name))).toEqual(expected);
  });

  it("prefers the master's counters, else counts agents by `active` (absent counts as active)", () => {
    const slaves = [
      { id: "S1", hostname: "a", resources: {} },
      { id: "S2", hostname: "b", resources: {}, active: true },
      { id: "S3", hostname: "c", resources: {}, active: false },
    ];
    expect(agentCounts(stateFrom({ slaves }))).toEqual({ active: 2, deactivated: 1, unreachable: 0, recovered: 0 });
    const recovered_slaves = [{ id: "S9", hostname: "z" }];
    expect(
      agentCounts(
        stateFrom({ slaves, activated_slaves: 7, deactivated_slaves: 0, unreachable_slaves: 2.0, recovered_slaves }),
      ),
    ).toEqual({
      active: 7,
      deactivated: 0,
      unreachable: 2,
      recovered: 1,
    });
  });
});

describe("taskCounts", () => {
  const base = {
    staging: 0,
    starting: 0,
    running: 0,
    killing: 0,
    finished: 0,
    killed: 0,
    failed: 0,
    lost: 0,
    error: 0,
    dropped: 0,
    unreachable: 0,
    gone: 0,
    gone_by_operator: 0,
    unknown: 0,
    other: 0,
  };

  it.each<[MesosFixtureName, Partial<typeof base>]>([
    // python3: Counter(t["state"] for f in frameworks for t in f["tasks"] + f["completed_tasks"])
    ["state_0_19", { running: 2, killed: 9, lost: 4 }],
    ["state_0_26_empty", {}],
    ["state_0_27", { running: 102, killed: 729, failed: 247, lost: 23, finished: 1 }],
    ["state_1_2", { running: 5, finished: 138, killed: 134 }],
    ["state_1_8", { running: 1 }],
  ])("counts %s from the state without metrics", (name, expected) => {
    expect(taskCounts(stateOf(name), null)).toEqual({ ...base, ...expected, source: "state" });
  });

  it("takes the counts from /metrics/snapshot like the UI (values read with jq from the fixture)", () => {
    const metrics = valueOf(parseMetricsSnapshot(readMesosFixture("metrics_1_0")));
    expect(taskCounts(stateOf("state_0_26_empty"), metrics)).toEqual({
      ...base,
      running: 51,
      finished: 1004,
      failed: 706,
      killed: 108,
      lost: 6,
      source: "metrics",
    });
  });

  it("also reads the master/tasks_* keys of the legacy stats.json", () => {
    const stats = valueOf(parseStatsJson(readMesosFixture("stats_0_22")));
    expect(taskCounts(stateOf("state_0_26_empty"), stats)).toEqual({ ...base, running: 1, source: "metrics" });
  });

  it("ignores a non-leader's metrics and metrics without task gauges", () => {
    const state = stateOf("state_1_8");
    expect(taskCounts(state, { "master/elected": 0, "master/tasks_running": 0 }).source).toBe("state");
    expect(taskCounts(state, { "system/cpus_total": 2 }).source).toBe("state");
  });

  it("counts unreachable tasks from the state in both modes", () => {
    const task = (id: string, state: string) => ({
      id,
      name: id,
      framework_id: "F",
      slave_id: "S",
      state,
      resources: {},
    });
    const state = stateFrom({
      frameworks: [
        {
          id: "F",
          name: "n",
          tasks: [task("a", "TASK_RUNNING"), task("b", "TASK_FUTURE")],
          unreachable_tasks: [task("c", "TASK_UNREACHABLE")],
        },
      ],
    });
    expect(taskCounts(state, null)).toEqual({ ...base, running: 1, unreachable: 1, other: 1, source: "state" });
    expect(
      taskCounts(state, { "master/elected": 1, "master/tasks_running": 3, "master/tasks_unreachable": 9 }),
    ).toEqual({
      ...base,
      running: 3,
      unreachable: 1,
      source: "metrics",
    });
  });
});

describe("frameworkSummaries", () => {
  it("summarises the 1.2 frameworks (python3: used_resources.X / sum(slaves[].resources.X), round 6)", () => {
    const summaries = frameworkSummaries(stateOf("state_1_2"));
    const zero = { cpus: 0, gpus: 0, mem: 0, disk: 0 };
    expect(summaries.map(({ taskStates: _, ...rest }) => rest)).toEqual([
      {
        id: "c116a0cf-3d63-45f5-898d-5bc2136e2c5b-0003",
        name: "confluent-kafka",
        active: true,
        roles: ["confluent-kafka-role"],
        runningTasks: 1,
        activeTasks: 1,
        used: { cpus: 1.5, gpus: 0, mem: 2560, disk: 5000 },
        offered: zero,
        share: { cpus: 0.1875, gpus: 0, mem: 0.091311, disk: 0.07027 },
        maxShare: 0.1875,
      },
      {
        id: "c116a0cf-3d63-45f5-898d-5bc2136e2c5b-0001",
        name: "marathon",
        active: true,
        roles: ["slave_public"],
        runningTasks: 4,
        activeTasks: 4,
        used: { cpus: 1.003, gpus: 0, mem: 1614, disk: 32 },
        offered: zero,
        share: { cpus: 0.125375, gpus: 0, mem: 0.057569, disk: 0.00045 },
        maxShare: 0.125375,
      },
      {
        id: "c116a0cf-3d63-45f5-898d-5bc2136e2c5b-0000",
        name: "metronome",
        active: true,
        roles: ["*"],
        runningTasks: 0,
        activeTasks: 0,
        used: zero,
        offered: zero,
        share: zero,
        maxShare: 0,
      },
    ]);
  });

  it("agrees with the 1.2 state-summary of the same cluster and moment", () => {
    const summary = valueOf(parseStateSummary(readMesosFixture("stateSummary_1_2")));
    const fromState = frameworkSummaries(stateOf("state_1_2"));
    for (const framework of summary.frameworks) {
      const mine = fromState.find((f) => f.id === framework.id);
      expect(mine?.taskStates.running).toBe(framework.TASK_RUNNING);
      expect(mine?.taskStates.finished).toBe(framework.TASK_FINISHED);
      expect(mine?.taskStates.killed).toBe(framework.TASK_KILLED);
      expect(mine?.used.cpus).toBe(framework.used_resources?.cpus);
    }
    const marathon = fromState.find((f) => f.name === "marathon");
    expect([marathon?.taskStates.running, marathon?.taskStates.finished, marathon?.taskStates.killed]).toEqual([
      4, 138, 134,
    ]);
  });

  it("falls back to resources minus offers before used_resources existed (0.19: 0.2/4 cpus, 32/2000 mem)", () => {
    const [marathon] = frameworkSummaries(stateOf("state_0_19"));
    expect(marathon?.used).toEqual({ cpus: 0.2, gpus: 0, mem: 32, disk: 0 });
    expect(marathon?.share).toEqual({ cpus: 0.05, gpus: 0, mem: 0.016, disk: 0 });
    expect(marathon?.maxShare).toBe(0.05);
    expect(marathon?.taskStates).toMatchObject({ running: 2, killed: 9, lost: 4 });
  });

  it("handles MULTI_ROLE frameworks, missing fields and an empty cluster", () => {
    const state = stateFrom({
      frameworks: [
        {
          id: "F1",
          name: "multi",
          roles: ["a", "b"],
          active: false,
          offers: [{ id: "O", slave_id: "S", resources: { cpus: 2 } }],
          resources: { cpus: 3 },
        },
        { id: "F2", name: "bare" },
      ],
    });
    const [multi, bare] = frameworkSummaries(state);
    expect(multi).toMatchObject({
      roles: ["a", "b"],
      active: false,
      used: { cpus: 1 },
      offered: { cpus: 2 },
      maxShare: 0,
    });
    expect(bare).toMatchObject({
      roles: [],
      active: true,
      runningTasks: 0,
      used: { cpus: 0, gpus: 0, mem: 0, disk: 0 },
    });
    expect(frameworkSummaries(stateOf("state_0_26_empty"))).toEqual([]);
  });
});

it("keeps the MesosState type usable for hand-built states", () => {
  const state: Pick<MesosState, "slaves" | "frameworks"> = { slaves: [], frameworks: [] };
  expect(resourceTotals(state).cpus).toEqual(zeroRow);
});
