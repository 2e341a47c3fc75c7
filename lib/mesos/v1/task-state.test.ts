import { describe, expect, it } from "vitest";
import { holdsResources, isTerminalState, taskStateKey } from "./task-state";

describe("task states", () => {
  it("treats the eight terminal states as terminal, and TASK_UNREACHABLE as not", () => {
    expect(isTerminalState("TASK_GONE_BY_OPERATOR")).toBe(true);
    expect(isTerminalState("TASK_UNREACHABLE")).toBe(false);
    expect(isTerminalState("TASK_KILLING")).toBe(false);
  });

  it("counts resources for live tasks only", () => {
    expect(["TASK_STAGING", "TASK_STARTING", "TASK_RUNNING", "TASK_KILLING"].every(holdsResources)).toBe(true);
    expect(["TASK_UNREACHABLE", "TASK_FINISHED", "TASK_LOST"].some(holdsResources)).toBe(false);
  });

  it("maps states to the keys of lib/mesos/totals.ts", () => {
    expect(taskStateKey("TASK_GONE_BY_OPERATOR")).toBe("gone_by_operator");
    expect(taskStateKey("TASK_RUNNING")).toBe("running");
    expect(taskStateKey("TASK_SOMETHING_NEW")).toBe("other");
    expect(taskStateKey("RUNNING")).toBe("other");
  });
});
