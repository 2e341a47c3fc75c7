import { describe, expect, it } from "vitest";
import { readV1Fixture } from "./fixtures";
import { parseEvent, parseResponse, type MasterEvent, type V1GetState } from "./schemas";
import { stateFromGetState, type MasterIdentity } from "./state-from-v1";
import { StreamModel } from "./stream-model";
import { agent, events, expectConsistent, framework, task } from "./test-builders";

function fixtureInputs(): { event: MasterEvent; identity: MasterIdentity; getState: V1GetState } {
  const event = parseEvent(readV1Fixture("subscribed"));
  const master = parseResponse(readV1Fixture("getMaster"));
  const version = parseResponse(readV1Fixture("getVersion"));
  if (!event.ok || event.value.type !== "SUBSCRIBED" || !master.ok || master.value.type !== "GET_MASTER") {
    throw new Error("fixture");
  }
  if (!version.ok || version.value.type !== "GET_VERSION") throw new Error("fixture");
  const identity = { master: master.value.get_master, version: version.value.get_version.version_info };
  return { event: event.value, identity, getState: event.value.subscribed.get_state ?? {} };
}

/** A 1.11 model with agents S0 (8 cpus) and S1 (4 cpus), and framework F. */
function small(version = "1.11.0"): StreamModel {
  const model = new StreamModel();
  model.setIdentity({ version: { version } });
  model.applyEvent(
    events.subscribed({
      get_agents: { agents: [agent("S0", { cpus: 8, mem: 1000 }), agent("S1", { cpus: 4, mem: 500 })] },
      get_frameworks: { frameworks: [framework("F")] },
    }),
  );
  return model;
}

const kinds = (model: StreamModel) => model.problems.map((problem) => problem.kind);

describe("SUBSCRIBED", () => {
  it("loads get_state into the same /master/state a GET_STATE converts to", () => {
    const { event, identity, getState } = fixtureInputs();
    const model = new StreamModel();
    model.setIdentity(identity);
    expect(model.applyEvent(event)).toEqual({ changed: true, problems: 0 });
    expect(model.snapshot()).toEqual(stateFromGetState(getState, identity));
    expect(model.heartbeatIntervalSeconds).toBe(15);
    expectConsistent(model);
  });

  it("replaces everything on a second SUBSCRIBED (a resubscription is a full resync)", () => {
    const model = small();
    model.applyEvent(events.taskAdded(task("F", "t1", "S0", "TASK_RUNNING", { cpus: 1 })));
    model.applyEvent(events.subscribed({ get_agents: { agents: [agent("S9", { cpus: 2 })] } }));
    expect(model.snapshot().slaves.map((slave) => slave.id)).toEqual(["S9"]);
    expect(model.totals().tasks.running).toBe(0);
    expectConsistent(model);
  });

  it("ignores other events before SUBSCRIBED, and reports them", () => {
    const model = new StreamModel();
    expect(model.applyEvent(events.agentAdded(agent("S0", { cpus: 1 })))).toEqual({ changed: false, problems: 1 });
    expect(model.applyEvent(events.heartbeat())).toEqual({ changed: false, problems: 0 });
    expect(kinds(model)).toEqual(["before-subscribed"]);
  });
});

describe("TASK_ADDED", () => {
  it("counts a live task's resources for its framework", () => {
    const model = small();
    model.applyEvent(events.taskAdded(task("F", "t1", "S0", "TASK_STAGING", { cpus: 0.5, mem: 64 })));
    const [summary] = model.totals().frameworks;
    expect(summary).toMatchObject({ activeTasks: 1, used: { cpus: 0.5, mem: 64 } });
    expect(model.totals().resources.cpus).toEqual({ total: 12, allocated: 0.5, offered: 0, idle: 11.5 });
    expect(model.snapshot().slaves[0]?.used_resources).toMatchObject({ cpus: 0.5, mem: 64 });
    expectConsistent(model);
  });

  it("does not count a task added in a terminal state", () => {
    const model = small();
    model.applyEvent(events.taskAdded(task("F", "t1", "S0", "TASK_FINISHED", { cpus: 1 })));
    expect(model.totals().frameworks[0]).toMatchObject({ activeTasks: 1, used: { cpus: 0 } });
    expect(model.totals().tasks.finished).toBe(1);
    expectConsistent(model);
  });

  it("reports a duplicate and keeps the newer copy", () => {
    const model = small();
    model.applyEvent(events.taskAdded(task("F", "t1", "S0", "TASK_STAGING", { cpus: 1 })));
    model.applyEvent(events.taskAdded(task("F", "t1", "S0", "TASK_RUNNING", { cpus: 2 })));
    expect(kinds(model)).toEqual(["duplicate-add"]);
    expect(model.totals().frameworks[0]).toMatchObject({ activeTasks: 1, runningTasks: 1, used: { cpus: 2 } });
    expectConsistent(model);
  });

  it("brings an unreachable task back without a problem (its agent re-registered)", () => {
    const model = small();
    model.applyEvent(events.taskAdded(task("F", "t1", "S0", "TASK_RUNNING", { cpus: 1 })));
    model.applyEvent(events.taskUpdated("F", "t1", "S0", "TASK_UNREACHABLE"));
    expect(model.totals().tasks.unreachable).toBe(1);
    model.applyEvent(events.taskAdded(task("F", "t1", "S0", "TASK_RUNNING", { cpus: 1 })));
    expect(model.problemCount).toBe(0);
    expect(model.totals().tasks).toMatchObject({ unreachable: 0, running: 1 });
    expectConsistent(model);
  });

  it("stands in for an unknown framework, reporting it only where FRAMEWORK_ADDED exists (≥1.4)", () => {
    const recent = small("1.11.0");
    recent.applyEvent(events.taskAdded(task("G", "t1", "S0", "TASK_RUNNING", { cpus: 1 })));
    expect(kinds(recent)).toEqual(["unknown-framework"]);
    expect(recent.snapshot().frameworks.map((f) => [f.id, f.recovered])).toEqual([
      ["F", false],
      ["G", true],
    ]);
    expectConsistent(recent);
    const old = small("1.3.0");
    old.applyEvent(events.taskAdded(task("G", "t1", "S0", "TASK_RUNNING", { cpus: 1 })));
    expect(old.problemCount).toBe(0);
  });

  it("reports a task on an agent that is not registered, and keeps it", () => {
    const model = small();
    model.applyEvent(events.taskAdded(task("F", "t1", "S7", "TASK_RUNNING", { cpus: 1 })));
    expect(kinds(model)).toEqual(["unknown-agent"]);
    expect(model.totals().tasks.running).toBe(1);
    expectConsistent(model);
  });
});

describe("TASK_UPDATED", () => {
  function withTask(state = "TASK_STAGING"): StreamModel {
    const model = small();
    model.applyEvent(events.taskAdded(task("F", "t1", "S0", state, { cpus: 1, mem: 10 })));
    return model;
  }

  it("moves the task's count to its new state and appends the status", () => {
    const model = withTask();
    model.applyEvent(events.taskUpdated("F", "t1", "S0", "TASK_RUNNING"));
    expect(model.totals().tasks).toMatchObject({ staging: 0, running: 1 });
    expect(model.snapshot().frameworks[0]?.tasks?.[0]?.statuses).toEqual([
      { state: "TASK_RUNNING", timestamp: 1_700_000_000.5 },
    ]);
    expectConsistent(model);
  });

  it("replaces the last status when the state repeats (a health update), as the master does", () => {
    const model = withTask("TASK_RUNNING");
    model.applyEvent(events.taskUpdated("F", "t1", "S0", "TASK_RUNNING"));
    model.applyEvent(events.taskUpdated("F", "t1", "S0", "TASK_RUNNING"));
    expect(model.snapshot().frameworks[0]?.tasks?.[0]?.statuses).toHaveLength(1);
  });

  it("completes a task whose forwarded status is terminal, releasing its resources", () => {
    const model = withTask("TASK_RUNNING");
    model.applyEvent(events.taskUpdated("F", "t1", "S0", "TASK_FINISHED"));
    expect(model.totals().frameworks[0]).toMatchObject({ activeTasks: 0, used: { cpus: 0 } });
    expect(model.snapshot().frameworks[0]?.completed_tasks?.map((t) => t.state)).toEqual(["TASK_FINISHED"]);
    expectConsistent(model);
  });

  it("keeps a task active but releases it when only the latest state is terminal", () => {
    const model = withTask("TASK_RUNNING");
    model.applyEvent(events.taskUpdated("F", "t1", "S0", "TASK_FAILED", "TASK_RUNNING"));
    expect(model.totals().frameworks[0]).toMatchObject({ activeTasks: 1, runningTasks: 0, used: { cpus: 0 } });
    expect(model.totals().tasks.failed).toBe(1);
    model.applyEvent(events.taskUpdated("F", "t1", "S0", "TASK_FAILED"));
    expect(model.totals().frameworks[0]).toMatchObject({ activeTasks: 0 });
    expectConsistent(model);
  });

  it("never changes a terminal state back", () => {
    const model = withTask("TASK_RUNNING");
    model.applyEvent(events.taskUpdated("F", "t1", "S0", "TASK_KILLED", "TASK_RUNNING"));
    model.applyEvent(events.taskUpdated("F", "t1", "S0", "TASK_RUNNING"));
    expect(model.snapshot().frameworks[0]?.tasks?.[0]?.state).toBe("TASK_KILLED");
  });

  it("files TASK_UNREACHABLE under unreachable_tasks", () => {
    const model = withTask("TASK_RUNNING");
    model.applyEvent(events.taskUpdated("F", "t1", "S0", "TASK_UNREACHABLE"));
    expect(model.snapshot().frameworks[0]?.unreachable_tasks?.map((t) => t.id)).toEqual(["t1"]);
    expect(model.totals().tasks).toMatchObject({ unreachable: 1, running: 0 });
    expectConsistent(model);
  });

  it("reads the 1.0 form, which has task_id and no status", () => {
    const model = withTask("TASK_RUNNING");
    model.applyEvent({
      type: "TASK_UPDATED",
      task_updated: { task_id: { value: "t1" }, framework_id: { value: "F" }, state: "TASK_LOST" },
    });
    expect(model.totals().tasks).toMatchObject({ lost: 1, running: 0 });
    expectConsistent(model);
  });

  it("reports unknown tasks and frameworks, and updates to completed tasks", () => {
    const model = withTask("TASK_RUNNING");
    model.applyEvent(events.taskUpdated("F", "nope", "S0", "TASK_RUNNING"));
    model.applyEvent(events.taskUpdated("G", "t1", "S0", "TASK_RUNNING"));
    model.applyEvent(events.taskUpdated("F", "t1", "S0", "TASK_FINISHED"));
    model.applyEvent(events.taskUpdated("F", "t1", "S0", "TASK_FINISHED"));
    expect(kinds(model)).toEqual(["unknown-task", "unknown-framework", "inconsistent"]);
    expectConsistent(model);
  });
});

describe("AGENT_ADDED and AGENT_REMOVED", () => {
  it("adds an agent to the total, and takes a recovered one off the recovered list", () => {
    const model = new StreamModel();
    model.applyEvent(events.subscribed({ get_agents: { recovered_agents: [{ hostname: "h", id: { value: "S5" } }] } }));
    expect(model.totals().agents).toMatchObject({ active: 0, recovered: 1 });
    model.applyEvent(events.agentAdded(agent("S5", { cpus: 2.3 })));
    expect(model.totals().agents).toMatchObject({ active: 1, recovered: 0 });
    expect(model.totals().resources.cpus.total).toBe(2.3);
    expect(model.problemCount).toBe(0);
    expectConsistent(model);
  });

  it("reports a duplicate and takes its new total", () => {
    const model = small();
    model.applyEvent(events.agentAdded(agent("S0", { cpus: 16 })));
    expect(kinds(model)).toEqual(["duplicate-add"]);
    expect(model.totals().resources.cpus.total).toBe(20);
    expectConsistent(model);
  });

  it("moves what the agent's tasks left behind and forgets its executors", () => {
    const model = small();
    model.applyEvent(events.taskAdded(task("F", "gone", "S0", "TASK_RUNNING", { cpus: 1 })));
    model.applyEvent(events.taskAdded(task("F", "away", "S0", "TASK_RUNNING", { cpus: 1 })));
    model.applyEvent(events.taskAdded(task("F", "done", "S0", "TASK_RUNNING", { cpus: 1 })));
    model.applyEvent(events.taskUpdated("F", "away", "S0", "TASK_UNREACHABLE"));
    model.applyEvent(events.taskUpdated("F", "done", "S0", "TASK_GONE", "TASK_RUNNING"));
    model.applyEvent(events.agentRemoved("S0"));
    expect(kinds(model)).toEqual(["inconsistent"]);
    expect(model.totals().tasks).toMatchObject({ lost: 1, gone: 1, unreachable: 1, running: 0 });
    expect(model.totals().resources.cpus).toEqual({ total: 4, allocated: 0, offered: 0, idle: 4 });
    expectConsistent(model);
  });

  it("reports an unknown agent", () => {
    const model = small();
    model.applyEvent(events.agentRemoved("S9"));
    expect(kinds(model)).toEqual(["unknown-agent"]);
  });
});

describe("FRAMEWORK_ADDED, FRAMEWORK_UPDATED, FRAMEWORK_REMOVED", () => {
  it("adds, updates and tears down a framework", () => {
    const model = small();
    model.applyEvent(events.frameworkAdded(framework("G", { roles: ["a", "b"] })));
    model.applyEvent(events.taskAdded(task("G", "t1", "S1", "TASK_RUNNING", { cpus: 1 })));
    model.applyEvent(events.frameworkUpdated(framework("G", { roles: ["a"], active: false })));
    expect(model.totals().frameworks[1]).toMatchObject({ id: "G", roles: ["a"], active: false, runningTasks: 1 });
    expectConsistent(model);
    model.applyEvent(events.frameworkRemoved("G"));
    expect(model.totals().frameworks.map((f) => f.id)).toEqual(["F"]);
    expect(model.totals().tasks.running).toBe(0);
    expect(model.snapshot().completed_frameworks?.[0]?.completed_tasks?.map((t) => t.state)).toEqual(["TASK_KILLED"]);
    expect(model.problemCount).toBe(0);
    expectConsistent(model);
  });

  it("reports duplicates and unknown frameworks", () => {
    const model = small();
    model.applyEvent(events.frameworkAdded(framework("F")));
    model.applyEvent(events.frameworkUpdated(framework("H")));
    model.applyEvent(events.frameworkRemoved("X"));
    expect(kinds(model)).toEqual(["duplicate-add", "unknown-framework", "unknown-framework"]);
    expect(model.totals().frameworks.map((f) => f.id)).toEqual(["F", "H"]);
  });

  it("fills in a stand-in framework silently", () => {
    const model = small("1.3.0");
    model.applyEvent(events.taskAdded(task("G", "t1", "S0", "TASK_RUNNING", { cpus: 1 })));
    model.setIdentity({ version: { version: "1.4.0" } });
    model.applyEvent(events.frameworkAdded(framework("G", { name: "spark" })));
    expect(model.problemCount).toBe(0);
    expect(model.totals().frameworks[1]).toMatchObject({ name: "spark", runningTasks: 1 });
  });
});

describe("event types and versions", () => {
  it("reports event types the master's version does not send, and applies them", () => {
    const model = small("1.3.0");
    model.applyEvent(events.frameworkAdded(framework("G")));
    model.applyEvent(events.heartbeat());
    expect(model.problems.map((p) => `${p.kind} ${p.source}`)).toEqual([
      "unexpected-event-type FRAMEWORK_ADDED",
      "unexpected-event-type HEARTBEAT",
    ]);
    expect(model.totals().frameworks).toHaveLength(2);
  });

  it("counts unknown event types as problems and changes nothing", () => {
    const model = small();
    const revision = model.revision;
    expect(model.applyEvent({ type: "UNKNOWN", originalType: "AGENT_UPDATED" })).toEqual({
      changed: false,
      problems: 1,
    });
    expect(model.revision).toBe(revision);
    expect(model.eventCounts).toMatchObject({ AGENT_UPDATED: 1, SUBSCRIBED: 1 });
  });
});
