import { describe, expect, it } from "vitest";
import { parseMesosDuration } from "./duration";

describe("parseMesosDuration", () => {
  it.each([
    ["5secs", 5000],
    ["500ms", 500],
    ["1mins", 60_000],
    ["1.5secs", 1500],
    ["2hrs", 7_200_000],
    ["10us", 0.01],
  ])("%s", (text, ms) => {
    expect(parseMesosDuration(text)).toBe(ms);
  });
  it.each(["5", "5s", "secs", "-1secs", "5 secs"])("rejects %s", (text) => {
    expect(() => parseMesosDuration(text)).toThrow(/not a duration/);
  });
});
