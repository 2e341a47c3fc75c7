import { describe, expect, it } from "vitest";
import type { MasterView } from "./types";
import { isUndecodable, mastersByAddress, masterLabel, newestOf, supersededBy } from "./master-view";

type Listed = Parameters<typeof supersededBy>[0];
const znode = (sequence: number, host: string, port = 5050): Listed => ({ id: `json.info_${String(sequence).padStart(10, "0")}`, hostname: host, port, sequence, format: "json" });

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
    const masters = [znode(1, "10.0.0.1"), znode(2, "10.0.0.2"), znode(4, "10.0.0.2"), znode(6, "10.0.0.2"), znode(5, "10.0.0.2", 5051)];
    expect(supersededBy(masters[1] as Listed, masters)?.id).toBe("json.info_0000000006");
    expect(supersededBy(masters[2] as Listed, masters)?.id).toBe("json.info_0000000006");
    expect(supersededBy(masters[3] as Listed, masters)).toBeNull();
    expect(supersededBy(masters[0] as Listed, masters)).toBeNull();
    expect(supersededBy(masters[4] as Listed, masters)).toBeNull();
    const statics = [{ ...znode(1, "10.0.0.1"), format: "static" as const, sequence: null }];
    expect(supersededBy(statics[0] as Listed, statics)).toBeNull();
  });

  it("picks a master's newest znode by its sequence", () => {
    expect(newestOf([znode(3, "h"), znode(7, "h"), znode(5, "h")]).id).toBe("json.info_0000000007");
    expect(() => newestOf([])).toThrow();
  });
});

describe("mastersByAddress", () => {
  it("groups znodes by address with the newest first in standing, and leaves undecodable ones out", () => {
    const view = (sequence: number, host: string | null, extra: Partial<MasterView> = {}): MasterView => ({
      id: `json.info_${String(sequence).padStart(10, "0")}`, sequence, format: "json", hostname: host, ip: host, port: host ? 5050 : null, pid: null,
      version: "1.11.0", url: host ? `http://${host}:5050` : null, isLeader: false, reachable: true, elected: null, error: null, reachableSince: null, ...extra,
    });
    const groups = mastersByAddress([view(1, "10.0.0.1"), view(2, "10.0.0.2"), view(3, null, { error: "not JSON" }), view(4, "10.0.0.2")]);
    expect(groups.map((g) => [g.label, g.newest.id, g.znodes.length])).toEqual([
      ["10.0.0.1:5050", "json.info_0000000001", 1],
      ["10.0.0.2:5050", "json.info_0000000004", 2],
    ]);
  });
});
