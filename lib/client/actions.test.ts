import { expect, it } from "vitest";
import type { ActionView } from "@/lib/shared/actions";
import { EMPTY_ACTIONS, applyAction, secondsLeft } from "./actions";

const action = (id: string, status: ActionView["status"]) => ({ id, status }) as ActionView;

it("tracks the running action and moves it to recent once it finishes", () => {
  let list = applyAction(EMPTY_ACTIONS, action("a", "running"));
  expect(list.active?.id).toBe("a");
  list = applyAction(list, action("a", "running"));
  expect(list.recent).toEqual([]);
  list = applyAction(list, action("a", "verified"));
  expect(list.active).toBeNull();
  expect(list.recent.map((a) => a.id)).toEqual(["a"]);
  list = applyAction(list, action("a", "verified"));
  expect(list.recent.map((a) => a.id)).toEqual(["a"]);
  list = applyAction(applyAction(list, action("b", "running")), action("c", "failed"));
  expect(list.active?.id).toBe("b");
  expect(list.recent.map((a) => a.id)).toEqual(["c", "a"]);
});

it("counts down in whole seconds", () => {
  expect(secondsLeft(5_000, 0)).toBe(5);
  expect(secondsLeft(5_000, 4_001)).toBe(1);
  expect(secondsLeft(5_000, 6_000)).toBe(0);
});
