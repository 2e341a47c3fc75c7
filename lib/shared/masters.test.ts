import { describe, expect, it } from "vitest";
import type { MasterView } from "./cluster-state";
import { isUndecodable, mastersByAddress, masterLabel, newestOf, supersededZnodes, masterViewId } from "./masters";

const znode = (sequence: number, host: string, port = 5050): MasterView => ({
  id: `json.info_${String(sequence).padStart(10, "0")}`,
  sequence,
  format: "json",
  hostname: host,
  ip: host,
  port,
  pid: null,
  version: "1.11.0",
  url: `http://${host}:${port}`,
  blocked: null,
  impostor: null,
  isLeader: false,
  reachable: true,
  elected: null,
  error: null,
  reachableSince: null,
});

describe("master-view", () => {
  it("labels a master by its address, or by its znode when the address is unknown", () => {
    expect(masterLabel({ id: "json.info_0000000001", hostname: "10.0.0.1", port: 5050 })).toBe("10.0.0.1:5050");
    expect(masterLabel({ id: "json.info_0000000001", hostname: null, port: null })).toBe("json.info_0000000001");
  });

  it("tells an undecodable znode from a static master", () => {
    expect(isUndecodable({ url: null, error: "not JSON", format: "json" })).toBe(true);
    expect(isUndecodable({ url: null, error: "refused", format: "static" })).toBe(false);
    expect(isUndecodable({ url: "http://10.0.0.1:5050", error: "refused", format: "json" })).toBe(false);
  });

  it("finds the newest znode at the same address for a restarted master's old znode, and nothing otherwise", () => {
    const masters = [
      znode(1, "10.0.0.1"),
      znode(2, "10.0.0.2"),
      znode(4, "10.0.0.2"),
      znode(6, "10.0.0.2"),
      znode(5, "10.0.0.2", 5051),
    ];
    const superseded = supersededZnodes(masters);
    expect(superseded.get("json.info_0000000002")?.id).toBe("json.info_0000000006");
    expect(superseded.get("json.info_0000000004")?.id).toBe("json.info_0000000006");
    expect(superseded.get("json.info_0000000006")).toBeUndefined();
    expect(superseded.get("json.info_0000000001")).toBeUndefined();
    expect(superseded.get("json.info_0000000005")).toBeUndefined();
    const statics = [
      { ...znode(1, "10.0.0.1"), id: "http://10.0.0.1:5050", format: "static" as const, sequence: null },
    ];
    expect(supersededZnodes(statics).size).toBe(0);
  });

  it("picks a master's newest znode by its sequence", () => {
    expect(newestOf([znode(3, "h"), znode(7, "h"), znode(5, "h")]).id).toBe("json.info_0000000007");
    expect(() => newestOf([])).toThrow();
  });
});

describe("mastersByAddress", () => {
  it("groups znodes by address with the newest first in standing, and leaves undecodable ones out", () => {
    const undecodable = { ...znode(3, "unknown"), hostname: null, ip: null, port: null, url: null, error: "not JSON" };
    const groups = mastersByAddress([znode(1, "10.0.0.1"), znode(2, "10.0.0.2"), undecodable, znode(4, "10.0.0.2")]);
    expect(groups.map((g) => [g.label, g.newest.id, g.znodes.length])).toEqual([
      ["10.0.0.1:5050", "json.info_0000000001", 1],
      ["10.0.0.2:5050", "json.info_0000000004", 2],
    ]);
  });
});

it("decodes a master id from a path segment once", () => {
  expect(masterViewId("json.info_0000000001")).toBe("json.info_0000000001");
  expect(masterViewId("http%3A%2F%2F10.0.0.1%3A5050")).toBe("http://10.0.0.1:5050");
  expect(masterViewId("100%")).toBe("100%");
});
