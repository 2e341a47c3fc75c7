import { expect, it } from "vitest";
import { pageWindow, visibleRange } from "./agent-table";

it("renders only the rows in view, with overscan, within bounds", () => {
  expect(visibleRange(0, 600, 36, 10_000, 8)).toEqual({ start: 0, end: 26 });
  expect(visibleRange(36_000, 600, 36, 10_000, 8)).toEqual({ start: 992, end: 1026 });
  expect(visibleRange(1_000_000, 600, 36, 100, 8)).toEqual({ start: 100, end: 100 });
});

it("asks for an aligned page around the rows in view, two pages long or more", () => {
  expect(pageWindow(0, 26, 100)).toEqual({ offset: 0, limit: 200 });
  expect(pageWindow(992, 1026, 100)).toEqual({ offset: 900, limit: 200 });
  expect(pageWindow(150, 420, 100)).toEqual({ offset: 100, limit: 400 });
  expect(pageWindow(-5, 10, 100)).toEqual({ offset: 0, limit: 200 });
});
