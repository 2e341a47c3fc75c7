import { describe, expect, it } from "vitest";
import { diffModels } from "./diff-models";
import { StreamModel } from "./stream-model";
import { agent, events, framework, task } from "./test-builders";
import type { V1GetState } from "./schemas";

const getState: V1GetState = {
  get_agents: { agents: [agent("S0", { cpus: 8 }), agent("S1", { cpus: 4 })] },
  get_frameworks: { frameworks: [framework("F")] },
  get_tasks: {
    tasks: [task("F", "t1", "S0", "TASK_RUNNING", { cpus: 1 }), task("F", "t2", "S1", "TASK_STAGING", { cpus: 1 })],
  },
};

function streamed(): StreamModel {
  const model = new StreamModel();
  model.applyEvent(events.subscribed(getState));
  return model;
}

describe("diffModels", () => {
  it("finds nothing between a stream model and the GET_STATE it was loaded from", () => {
    expect(diffModels(streamed(), StreamModel.fromGetState(getState))).toEqual({ count: 0, differences: [] });
  });

  it("names missing agents, frameworks and tasks, states that differ, and every total that moved", () => {
    const model = streamed();
    model.applyEvent(events.agentRemoved("S1"));
    model.applyEvent(events.taskUpdated("F", "t1", "S0", "TASK_KILLING"));
    model.applyEvent(events.frameworkAdded(framework("G")));
    const diff = diffModels(model, StreamModel.fromGetState(getState), 50);
    expect(diff.differences).toEqual([
      "agent S1 (S1.example.com) is registered in b but not in a",
      "task t2 of framework F is TASK_LOST in a, TASK_STAGING in b",
      "task t1 of framework F is TASK_KILLING in a, TASK_RUNNING in b",
      "framework G (G) is registered in a but not in b",
      "agents.active: 1 in a, 2 in b",
      "resources.cpus.total: 8 in a, 12 in b",
      "resources.cpus.allocated: 1 in a, 2 in b",
      "resources.cpus.idle: 7 in a, 10 in b",
      "tasks.staging: 0 in a, 1 in b",
      "tasks.running: 0 in a, 1 in b",
      "tasks.killing: 1 in a, 0 in b",
      "tasks.lost: 1 in a, 0 in b",
    ]);
    expect(diff.count).toBe(12);
  });

  it("caps the list and still counts everything", () => {
    const model = streamed();
    model.applyEvent(events.agentRemoved("S0"));
    model.applyEvent(events.agentRemoved("S1"));
    const diff = diffModels(model, StreamModel.fromGetState(getState), 2);
    expect(diff.differences).toHaveLength(2);
    expect(diff.count).toBeGreaterThan(2);
  });

  it("sees drain and activation that changed", () => {
    const model = streamed();
    model.applyResponse({
      type: "GET_AGENTS",
      get_agents: {
        agents: [
          agent("S0", { cpus: 8 }, { active: false, deactivated: true, drain_info: { state: "DRAINING" } }),
          agent("S1", { cpus: 4 }),
        ],
      },
    });
    expect(diffModels(model, StreamModel.fromGetState(getState)).differences.slice(0, 3)).toEqual([
      "agent S0: active is false in a, true in b",
      "agent S0: deactivated is true in a, false in b",
      "agent S0: drain state is DRAINING in a, none in b",
    ]);
  });
});
