import { describe, expect, it } from "vitest";
import { mesosFeatures } from "../lib/mesos/versions";
import { double, jsonStyle, jsonp, writeJson } from "./json";

const render = (version: string, value: (d: (n: number) => unknown) => unknown) => {
  const style = jsonStyle(mesosFeatures(version));
  return writeJson(
    style,
    value((n) => double(style, n)),
  );
};

describe("the Mesos JSON writer of each version", () => {
  it("prints whole doubles as the captures show them", () => {
    const body = (d: (n: number) => unknown) => ({
      activated_slaves: d(3),
      cpus: d(0.5),
      start_time: d(1482162156.595231),
    });
    expect(render("0.19.0", body)).toBe('{"activated_slaves":3,"cpus":0.5,"start_time":1482162156.59523}');
    expect(render("0.27.0", body)).toBe('{"activated_slaves":3.0,"cpus":0.5,"start_time":1482162156.59523}');
    expect(render("1.2.0", body)).toBe('{"activated_slaves":3,"cpus":0.5,"start_time":1482162156.59523}');
    expect(render("1.8.0", body)).toBe('{"activated_slaves":3.0,"cpus":0.5,"start_time":1482162156.595231}');
  });

  it("escapes slashes up to 1.6 only", () => {
    expect(render("1.6.0", () => ({ "master/elected": 1 }))).toBe('{"master\\/elected":1}');
    expect(render("1.7.0", (d) => ({ "master/elected": d(1) }))).toBe('{"master/elected":1.0}');
  });

  it("does not mistake strings for numbers", () => {
    expect(render("1.11.0", (d) => ({ id: "3", n: d(-2), s: "\u0001" }))).toBe('{"id":"3","n":-2.0,"s":"\\u0001"}');
  });

  it("wraps JSONP only for safe callback names", () => {
    expect(jsonp("angular.callbacks._0", "{}")).toBe("angular.callbacks._0({});");
    expect(jsonp("alert(1)//", "{}")).toBeNull();
  });
});
