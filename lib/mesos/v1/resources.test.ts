import { describe, expect, it } from "vitest";
import {
  fromMilli,
  legacyAttributes,
  legacyReservations,
  legacyResources,
  legacyUnreserved,
  reservationRole,
  ResourceSum,
  scalarMilli,
  toMilli,
} from "./resources";
import type { V1Resource } from "./schemas";

const scalar = (name: string, value: number, extra: Partial<V1Resource> = {}): V1Resource => ({
  name,
  type: "SCALAR",
  scalar: { value },
  role: "*",
  ...extra,
});
const ranges = (name: string, pairs: [number, number][]): V1Resource => ({
  name,
  type: "RANGES",
  ranges: { range: pairs.map(([begin, end]) => ({ begin, end })) },
});

describe("fixed point", () => {
  it("rounds to thousandths as llround does, halves away from zero", () => {
    expect(toMilli(0.1)).toBe(100);
    expect(toMilli(0.0005)).toBe(1);
    expect(toMilli(-0.0005)).toBe(-1);
    expect(toMilli(1.0004)).toBe(1000);
  });

  it("converts back by quotient and remainder, as convertToFloating does", () => {
    expect(fromMilli(3900)).toBe(3.9);
    expect(fromMilli(100)).toBe(0.1);
    expect(fromMilli(-1500)).toBe(-1.5);
    // 0.1 + 0.2 as doubles is 0.30000000000000004; in fixed point it is 0.3.
    expect(fromMilli(toMilli(0.1) + toMilli(0.2))).toBe(0.3);
  });
});

describe("legacyResources (model(Resources))", () => {
  it("always has cpus, gpus, mem and disk, adds scalars in order and merges ranges", () => {
    expect(
      legacyResources([
        scalar("cpus", 6),
        scalar("cpus", 2, { role: "web", reservations: [{ role: "web" }] }),
        scalar("mem", 100.5),
        ranges("ports", [[31005, 31010]]),
        ranges("ports", [
          [31000, 31004],
          [32000, 32000],
        ]),
        { name: "zones", type: "SET", set: { item: ["a", "b"] } },
        { name: "zones", type: "SET", set: { item: ["b", "c"] } },
        { name: "note", type: "TEXT" },
      ]),
    ).toEqual({ cpus: 8, gpus: 0, mem: 100.5, disk: 0, ports: "[31000-31010, 32000-32000]", zones: "{a, b, c}" });
  });

  it("suffixes revocable resources", () => {
    expect(legacyResources([scalar("cpus", 1), scalar("cpus", 3, { revocable: {} })])).toEqual({
      cpus: 1,
      gpus: 0,
      mem: 0,
      disk: 0,
      cpus_revocable: 3,
    });
  });

  it("gives zeros for nothing", () => {
    expect(legacyResources(undefined)).toEqual({ cpus: 0, gpus: 0, mem: 0, disk: 0 });
  });
});

describe("reservations", () => {
  it("takes the role of the last refinement, or a pre-refinement role other than *", () => {
    expect(reservationRole(scalar("cpus", 1, { reservations: [{ role: "a" }, { role: "a/b" }] }))).toBe("a/b");
    expect(reservationRole(scalar("cpus", 1, { role: "web", reservation: { principal: "p" } }))).toBe("web");
    expect(reservationRole(scalar("cpus", 1))).toBeNull();
  });

  it("splits an agent's resources into reserved-by-role and unreserved", () => {
    const total = [scalar("cpus", 6), scalar("cpus", 2, { role: "web", reservations: [{ role: "web" }] })];
    expect(legacyReservations(total)).toEqual({ web: { cpus: 2, gpus: 0, mem: 0, disk: 0 } });
    expect(legacyUnreserved(total)).toEqual({ cpus: 6, gpus: 0, mem: 0, disk: 0 });
  });
});

describe("ResourceSum", () => {
  it("adds and removes in any order to the same amount", () => {
    const values = [0.1, 0.2, 0.3, 1.7, 0.05];
    const forward = new ResourceSum();
    for (const value of values) forward.add([scalar("cpus", value)]);
    const backward = new ResourceSum();
    for (const value of [...values].reverse()) backward.add([scalar("cpus", value)]);
    expect(forward.toLegacy()).toEqual(backward.toLegacy());
    expect(forward.toLegacy().cpus).toBe(2.35);
  });

  it("combines sums, ranges included", () => {
    const used = new ResourceSum().add([scalar("cpus", 1.4), ranges("ports", [[31001, 31001]])]);
    const offered = new ResourceSum().add([scalar("cpus", 2.5), ranges("ports", [[31002, 31200]])]);
    expect(new ResourceSum().addSum(used).addSum(offered).toLegacy()).toEqual({
      cpus: 3.9,
      gpus: 0,
      mem: 0,
      disk: 0,
      ports: "[31001-31200]",
    });
  });

  it("gives the scalar thousandths of a list", () => {
    expect([...scalarMilli([scalar("cpus", 0.1), scalar("mem", 32), scalar("cpus", 0.2)])]).toEqual([
      ["cpus", 300],
      ["mem", 32000],
    ]);
  });
});

describe("legacyAttributes", () => {
  it("writes scalars as numbers and ranges, sets and text as strings", () => {
    expect(
      legacyAttributes([
        { name: "level", type: "SCALAR", scalar: { value: 3 } },
        { name: "rack", type: "TEXT", text: { value: "r1" } },
        { name: "span", type: "RANGES", ranges: { range: [{ begin: 1, end: 2 }] } },
        { name: "zones", type: "SET", set: { item: ["a", "b"] } },
      ]),
    ).toEqual({ level: 3, rack: "r1", span: "[1-2]", zones: "{a, b}" });
  });
});
