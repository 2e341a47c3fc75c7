import { describe, expect, it } from "vitest";
import { encodeMasterZnodeData, masterInfoFor } from "@/lib/mesos/master-info-encode";
import { leaderMember, memberNames, toMember } from "./masters";

const info = (version: string, port: number) =>
  masterInfoFor({
    version,
    ip: "10.0.0.11",
    port,
    hostname: "m1.example.com",
    startedAt: 1_700_000_000,
    pid: 42,
    random: () => 0.5,
  });

describe("memberNames", () => {
  it("keeps the members of every generation, lowest sequence first, and skips the rest", () => {
    expect(
      memberNames(["json.info_0000000007", "log_replicas", "info_0000000003", "0000000005", "foo_0000000001", "junk"]),
    ).toEqual([
      { znode: "info_0000000003", sequence: 3 },
      { znode: "0000000005", sequence: 5 },
      { znode: "json.info_0000000007", sequence: 7 },
    ]);
  });
});

describe("toMember and leaderMember", () => {
  it("decodes each generation and picks the lowest sequence whatever its format (docs/mesos/zookeeper.md#how-the-leader-is-chosen, docs/mesos/zookeeper.md#mixed-version-clusters)", () => {
    const members = [
      toMember("json.info_0000000007", encodeMasterZnodeData(info("1.11.0", 5050), "json")),
      toMember("info_0000000003", encodeMasterZnodeData(info("0.23.0", 5051), "protobuf")),
      toMember("0000000005", Buffer.from("master@10.0.0.12:5052")),
    ].flatMap((m) => (m ? [m] : []));
    expect(members.map((m) => m.decoded && [m.format, m.port, m.version])).toEqual([
      ["json", 5050, "1.11.0"],
      ["protobuf", 5051, "0.23.0"],
      ["legacy", 5052, null],
    ]);
    expect(leaderMember(members)?.znode).toBe("info_0000000003");
  });

  it("keeps an undecodable member with the reason, and it still counts for the leader rule", () => {
    const garbage = toMember("json.info_0000000001", Buffer.from([0xff, 0x00, 0x13]));
    expect(garbage).toMatchObject({ decoded: false, znode: "json.info_0000000001", sequence: 1, format: "json" });
    expect(garbage && !garbage.decoded && garbage.error.length).toBeGreaterThan(0);
    const good = toMember("json.info_0000000002", encodeMasterZnodeData(info("1.11.0", 5050), "json"));
    expect(leaderMember([good, garbage].flatMap((m) => (m ? [m] : [])))?.decoded).toBe(false);
    expect(toMember("log_replicas", Buffer.from("x"))).toBeNull();
  });
});
