import { describe, expect, it } from "vitest";
import { type MasterClaim, leaderDispute } from "./dispute";

const ZK_LEADER = { id: "json.info_0000000001", label: "m1:5050 (json.info_0000000001)", pid: "master@10.0.0.1:5050" };

function claim(n: number, overrides: Partial<MasterClaim> = {}): MasterClaim {
  return {
    id: `json.info_000000000${n}`,
    label: `m${n}:5050 (json.info_000000000${n})`,
    reachable: true,
    elected: n === 1,
    ...overrides,
  };
}

describe("leaderDispute", () => {
  it("is null when ZooKeeper's leader and the masters agree", () => {
    expect(
      leaderDispute(ZK_LEADER, [claim(1), claim(2), claim(3)], {
        pid: "master@10.0.0.1:5050",
        leaderPid: "master@10.0.0.1:5050",
      }),
    ).toBeNull();
  });

  it("names a non-leader that reports elected=1 and ZooKeeper's leader", () => {
    expect(leaderDispute(ZK_LEADER, [claim(1), claim(2, { elected: true }), claim(3)], null)).toBe(
      "m2:5050 (json.info_0000000002) reports master/elected=1, but ZooKeeper's leader is m1:5050 (json.info_0000000001)",
    );
  });

  it("reports a master with elected=1 while ZooKeeper lists no leader", () => {
    expect(leaderDispute(null, [claim(1, { elected: false }), claim(2, { elected: true })], null)).toBe(
      "m2:5050 (json.info_0000000002) reports master/elected=1, but ZooKeeper lists no leader",
    );
  });

  it("is null without a ZooKeeper leader when no master claims to lead", () => {
    expect(leaderDispute(null, [claim(1, { elected: false }), claim(2, { elected: null })], null)).toBeNull();
  });

  it("reports a reachable ZooKeeper leader that says elected=0", () => {
    expect(leaderDispute(ZK_LEADER, [claim(1, { elected: false }), claim(2)], null)).toBe(
      "ZooKeeper's leader m1:5050 (json.info_0000000001) reports master/elected=0",
    );
  });

  it("is null when the ZooKeeper leader with elected=0 is unreachable (unknown, not a dispute)", () => {
    expect(leaderDispute(ZK_LEADER, [claim(1, { reachable: false, elected: false }), claim(2)], null)).toBeNull();
    expect(leaderDispute(ZK_LEADER, [claim(1, { reachable: null, elected: false }), claim(2)], null)).toBeNull();
  });

  it("is null when the leader's elected flag is unknown", () => {
    expect(leaderDispute(ZK_LEADER, [claim(1, { elected: null }), claim(2, { elected: null })], null)).toBeNull();
  });

  it("reports a state that names another leader pid", () => {
    expect(
      leaderDispute(ZK_LEADER, [claim(1), claim(2)], {
        pid: "master@10.0.0.1:5050",
        leaderPid: "master@10.0.0.2:5050",
      }),
    ).toBe("the leader's state names master@10.0.0.2:5050 as leader, but ZooKeeper's leader is master@10.0.0.1:5050");
  });

  it("is null when the state's leader pid matches, is absent, or ZooKeeper's leader has no pid", () => {
    expect(
      leaderDispute(ZK_LEADER, [claim(1)], { pid: "master@10.0.0.1:5050", leaderPid: "master@10.0.0.1:5050" }),
    ).toBeNull();
    expect(leaderDispute(ZK_LEADER, [claim(1)], { pid: "master@10.0.0.1:5050", leaderPid: null })).toBeNull();
    expect(
      leaderDispute({ ...ZK_LEADER, pid: null }, [claim(1)], {
        pid: "master@10.0.0.1:5050",
        leaderPid: "master@10.0.0.2:5050",
      }),
    ).toBeNull();
  });
});
