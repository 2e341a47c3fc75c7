import { describe, expect, it } from "vitest";
import { agentRows } from "@/lib/mesos/agents";
import { StreamModel } from "./stream-model";
import { agent, events, executor, expectConsistent, framework, offer, task } from "./test-builders";

function small(version = "1.11.0"): StreamModel {
  const model = new StreamModel({ maxCompletedTasksPerFramework: 3, maxCompletedFrameworks: 2, maxProblems: 2 });
  model.setIdentity({ version: { version } });
  model.applyEvent(
    events.subscribed({
      get_agents: { agents: [agent("S0", { cpus: 8, mem: 1000 }), agent("S1", { cpus: 4, mem: 500 })] },
      get_frameworks: { frameworks: [framework("F")] },
    }),
  );
  return model;
}

describe("GET_AGENTS", () => {
  it("folds in deactivation, drain and offered resources, which no event reports", () => {
    const model = small();
    model.applyResponse({
      type: "GET_AGENTS",
      get_agents: {
        agents: [
          agent("S0", { cpus: 8, mem: 1000 }, { offered_resources: [] }),
          agent("S1", { cpus: 4, mem: 500 }, { active: false, deactivated: true, drain_info: { state: "DRAINED" } }),
        ],
      },
    });
    expect(model.totals().agents).toMatchObject({ active: 1, deactivated: 1 });
    expect(agentRows(model.snapshot()).map((row) => row.status)).toEqual(["active", "drained"]);
    expect(model.problemCount).toBe(0);
    expectConsistent(model);
  });

  it("reports agents the stream never added or the poll lacks, without adding or removing them", () => {
    const model = small();
    model.applyResponse({ type: "GET_AGENTS", get_agents: { agents: [agent("S0", { cpus: 8 }), agent("S9", {})] } });
    expect(model.problems.map((p) => p.kind)).toEqual(["unknown-agent", "inconsistent"]);
    expect(model.snapshot().slaves.map((s) => s.id)).toEqual(["S0", "S1"]);
  });

  it("redoes the cluster total when an agent's total changes", () => {
    const model = small();
    model.applyResponse({
      type: "GET_AGENTS",
      get_agents: { agents: [agent("S0", { cpus: 8.5, mem: 1000 }), agent("S1", { cpus: 4, mem: 500 })] },
    });
    expect(model.totals().resources.cpus.total).toBe(12.5);
    expectConsistent(model);
  });
});

describe("GET_FRAMEWORKS", () => {
  it("folds in offers: offered goes up, idle down, allocated unchanged", () => {
    const model = small();
    model.applyEvent(events.taskAdded(task("F", "t1", "S0", "TASK_RUNNING", { cpus: 0.1 })));
    model.applyResponse({
      type: "GET_FRAMEWORKS",
      get_frameworks: { frameworks: [framework("F", { offers: [offer("F", "o1", "S1", { cpus: 0.2, mem: 5 })] })] },
    });
    expect(model.totals().resources.cpus).toEqual({ total: 12, allocated: 0.1, offered: 0.2, idle: 11.7 });
    expect(model.snapshot().frameworks[0]?.resources).toMatchObject({ cpus: 0.3, mem: 5 });
    expectConsistent(model);
  });

  it("adds and tears down frameworks for masters without framework events (<1.4), silently", () => {
    const model = small("1.3.0");
    model.applyResponse({
      type: "GET_FRAMEWORKS",
      get_frameworks: { frameworks: [framework("G")], completed_frameworks: [framework("F", { active: false })] },
    });
    expect(model.totals().frameworks.map((f) => f.id)).toEqual(["G"]);
    expect(model.snapshot().completed_frameworks?.map((f) => f.id)).toEqual(["F"]);
    expect(model.problemCount).toBe(0);
  });

  it("applies but reports the same on a master that has framework events", () => {
    const model = small();
    model.applyResponse({ type: "GET_FRAMEWORKS", get_frameworks: { frameworks: [framework("F"), framework("G")] } });
    expect(model.problems.map((p) => p.kind)).toEqual(["unknown-framework"]);
  });
});

describe("GET_EXECUTORS, GET_METRICS, GET_MASTER, GET_VERSION", () => {
  it("counts executors' resources as used, and replaces them on every poll", () => {
    const model = small();
    const poll = (list: ReturnType<typeof executor>[]) =>
      model.applyResponse({ type: "GET_EXECUTORS", get_executors: { executors: list } });
    poll([executor("F", "e1", "S0", { cpus: 0.1, mem: 32 })]);
    expect(model.totals().frameworks[0]?.used).toMatchObject({ cpus: 0.1, mem: 32 });
    expect(model.snapshot().slaves[0]?.used_resources).toMatchObject({ cpus: 0.1, mem: 32 });
    expectConsistent(model);
    poll([]);
    expect(model.totals().frameworks[0]?.used.cpus).toBe(0);
    expectConsistent(model);
  });

  it("keeps master/slaves_unreachable as the unreachable agent count", () => {
    const model = small();
    model.applyResponse({
      type: "GET_METRICS",
      get_metrics: { metrics: [{ name: "master/slaves_unreachable", value: 3 }] },
    });
    expect(model.totals().agents.unreachable).toBe(3);
    expect(model.snapshot().unreachable_slaves).toBe(3);
    expectConsistent(model);
  });

  it("shows terminal task counts as the stock UI does: the master's counters, plus the events since", () => {
    const model = small();
    model.applyEvent(events.taskAdded(task("F", "t1", "S0", "TASK_RUNNING", { cpus: 1 })));
    model.applyEvent(events.taskAdded(task("F", "t2", "S0", "TASK_RUNNING", { cpus: 1 })));
    expect(model.totals().tasks).toMatchObject({ source: "state", failed: 0, running: 2 });
    const metric = (name: string, value: number) => ({ name, value });
    model.applyResponse({
      type: "GET_METRICS",
      get_metrics: {
        metrics: [
          metric("master/elected", 1),
          metric("master/tasks_running", 2),
          metric("master/tasks_failed", 40),
          metric("master/tasks_finished", 7),
        ],
      },
    });
    expect(model.totals().tasks).toMatchObject({ source: "metrics", failed: 40, finished: 7, running: 2 });
    model.applyEvent(events.taskUpdated("F", "t1", "S0", "TASK_FAILED"));
    model.applyEvent(events.taskUpdated("F", "t1", "S0", "TASK_FAILED")); // a retried update: counted once
    expect(model.totals().tasks).toMatchObject({ source: "metrics", failed: 41, running: 1 });
    expectConsistent(model);
    // The next check's counters include that failure: nothing is counted twice.
    model.applyResponse({
      type: "GET_METRICS",
      get_metrics: {
        metrics: [metric("master/elected", 1), metric("master/tasks_running", 1), metric("master/tasks_failed", 41)],
      },
    });
    expect(model.totals().tasks.failed).toBe(41);
  });

  it("takes the master's identity for the snapshot", () => {
    const model = small();
    model.applyResponse({
      type: "GET_MASTER",
      get_master: { master_info: { id: "m1", ip: 184549386, port: 5050, hostname: "m1" }, start_time: 1 },
    });
    model.applyResponse({ type: "GET_VERSION", get_version: { version_info: { version: "1.11.0" } } });
    expect(model.snapshot()).toMatchObject({ id: "m1", pid: "master@10.0.0.11:5050", version: "1.11.0" });
  });

  it("does not fold GET_STATE, GET_TASKS or GET_HEALTH", () => {
    const model = small();
    expect(model.applyResponse({ type: "GET_HEALTH", get_health: { healthy: true } })).toEqual({
      changed: false,
      problems: 0,
    });
  });
});

describe("caps", () => {
  it("forgets the oldest completed tasks beyond --max_completed_tasks_per_framework", () => {
    const model = small();
    for (const id of ["a", "b", "c", "d", "e"]) {
      model.applyEvent(events.taskAdded(task("F", id, "S0", "TASK_RUNNING", { cpus: 1 })));
      model.applyEvent(events.taskUpdated("F", id, "S0", "TASK_FINISHED"));
    }
    expect(model.snapshot().frameworks[0]?.completed_tasks?.map((t) => t.id)).toEqual(["c", "d", "e"]);
    expect(model.totals().tasks.finished).toBe(3);
    expectConsistent(model);
  });

  it("forgets the oldest completed frameworks beyond --max_completed_frameworks", () => {
    const model = small();
    for (const id of ["G", "H", "I"]) {
      model.applyEvent(events.frameworkAdded(framework(id)));
      model.applyEvent(events.frameworkRemoved(id));
    }
    expect(model.snapshot().completed_frameworks?.map((f) => f.id)).toEqual(["H", "I"]);
  });

  it("keeps the first problems and counts all", () => {
    const model = small();
    for (const id of ["X", "Y", "Z"]) model.applyEvent(events.agentRemoved(id));
    expect(model.problems.map((p) => p.message)).toEqual(["agent X is not registered", "agent Y is not registered"]);
    expect(model.problemCount).toBe(3);
  });
});

describe("snapshot and totals caching", () => {
  it("returns the same objects until something changes", () => {
    const model = small();
    const state = model.snapshot();
    const totals = model.totals();
    model.applyEvent(events.heartbeat());
    expect(model.snapshot()).toBe(state);
    expect(model.totals()).toBe(totals);
    model.applyEvent(events.taskAdded(task("F", "t", "S0", "TASK_RUNNING", { cpus: 1 })));
    expect(model.snapshot()).not.toBe(state);
    expect(model.totals()).not.toBe(totals);
  });
});
