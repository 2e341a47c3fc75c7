import { describe, expect, it } from "vitest";
import { formatCount, formatDuration, formatMegabytes, formatPercent, formatUtc } from "./format";

describe("formatMegabytes", () => {
  it.each([
    [0, "0 B"],
    [0.5, "512 KB"],
    [512, "512 MB"],
    [1024, "1 GB"],
    [1536, "1.5 GB"],
    [13696, "13.4 GB"],
    [90552, "88.4 GB"],
    [3 * 1024 * 1024, "3 TB"],
  ])("%d MB → %s (binary units like the stock UI's dataSize)", (mb, text) => {
    expect(formatMegabytes(mb)).toBe(text);
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0 s"],
    [800, "0.8 s"],
    [1_500, "1.5 s"],
    [12_400, "12 s"],
    [184_000, "3 min 4 s"],
    [180_000, "3 min"],
    [7_500_000, "2 h 5 min"],
    [273_600_000, "3 d 4 h"],
    [-5, "0 s"],
  ])("%d ms → %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

it("formats counts, percentages and UTC times", () => {
  expect(formatCount(31.8199999)).toBe("31.82");
  expect(formatCount(2)).toBe("2");
  expect(formatPercent(0.425)).toBe("42.5 %");
  expect(formatPercent(0)).toBe("0 %");
  expect(formatUtc("2026-11-22T10:04:05.123Z")).toBe("2026-11-22 10:04:05 UTC");
});
