import { describe, expect, it } from "vitest";
import { describeEvent, masterLabel } from "./describe-event";

const m1 = { id: "json.info_0000000001", hostname: "10.0.0.1", port: 5050, sequence: 1 };
const m2 = { id: "json.info_0000000002", hostname: "10.0.0.2", port: 5050, sequence: 2 };

describe("describeEvent", () => {
  it.each([
    [
      { type: "leader.elected", data: { leader: m2, previous: m1, noLeaderMs: 0, previousUnreachableMs: 10_600 } },
      "10.0.0.2:5050 (json.info_0000000002) was elected leader, after 10.0.0.1:5050 (json.info_0000000001); the previous leader had not answered for 10 s",
    ],
    [
      { type: "leader.elected", data: { leader: m1, previous: null, noLeaderMs: null, initial: true } },
      "10.0.0.1:5050 (json.info_0000000001) was elected leader (first seen)",
    ],
    [
      { type: "leader.elected", data: { leader: m2, previous: null, noLeaderMs: 45_000 } },
      "10.0.0.2:5050 (json.info_0000000002) was elected leader; no leader for 45 s",
    ],
    [
      { type: "leader.elected", data: { leader: m2, previous: m1, noLeaderMs: null, whileDashboardDown: true } },
      "10.0.0.2:5050 (json.info_0000000002) was elected leader, after 10.0.0.1:5050 (json.info_0000000001) (while the dashboard was down)",
    ],
    [
      { type: "leader.lost", data: { previous: m1 } },
      "No master leads: 10.0.0.1:5050 (json.info_0000000001) lost leadership",
    ],
    [
      { type: "master.left", data: { master: m1, unreachableMs: 10_618 } },
      "10.0.0.1:5050 (json.info_0000000001) left after 10 s without answering",
    ],
    [
      { type: "master.unreachable", data: { master: m1, isLeader: true, error: "refused" } },
      "10.0.0.1:5050 (json.info_0000000001), the leader, stopped answering: refused",
    ],
    [
      { type: "master.reachable", data: { master: m1, downMs: 2_500 } },
      "10.0.0.1:5050 (json.info_0000000001) answers again after 2.5 s",
    ],
    [
      {
        type: "agents.changed",
        data: {
          before: { active: 5, deactivated: 0, unreachable: 0, recovered: 0 },
          after: { active: 3, deactivated: 0, unreachable: 2, recovered: 0 },
        },
      },
      "Agents changed from 5 active to 3 active, 2 unreachable",
    ],
    [{ type: "zk.disconnected", data: {} }, "Lost the connection to ZooKeeper: the master list is the last known"],
    [
      { type: "poll.failed", data: { error: "http://x/master/state refused the connection" } },
      "Reading the leader's state failed: http://x/master/state refused the connection",
    ],
    [
      {
        type: "action.requested",
        data: {
          kind: "stop",
          target: { id: "json.info_0000000002", label: "10.0.0.2:5050" },
          actor: "ops",
          reason: "disk",
          forced: false,
        },
      },
      "ops asked to stop 10.0.0.2:5050: “disk”",
    ],
    [
      {
        type: "action.requested",
        data: { kind: "rolling-restart", order: ["a:1", "b:1"], actor: "ops", reason: null, forced: true },
      },
      "ops asked for a rolling restart (a:1, b:1) (quorum guard overridden)",
    ],
    [
      {
        type: "action.progress",
        data: { state: "master_stopped", detail: "10.0.0.2:5050 stopped: its znode is gone" },
      },
      "master_stopped: 10.0.0.2:5050 stopped: its znode is gone",
    ],
    [
      {
        type: "action.progress",
        data: {
          state: "running_command",
          command: { command: "POST /masters/m2/stop", via: "http://127.0.0.1:5049", exitCode: 0, output: "{}" },
        },
      },
      "ran POST /masters/m2/stop via http://127.0.0.1:5049: exit 0 · {}",
    ],
    [
      {
        type: "action.finished",
        data: {
          kind: "restart",
          target: { label: "10.0.0.1:5050" },
          result: "failed",
          error: "not verified within 120 s",
          durationMs: 120_500,
        },
      },
      "restart of 10.0.0.1:5050 failed after 2 min: not verified within 120 s",
    ],
    [{ type: "something.new", data: {} }, "something.new"],
  ])("%j", (event, text) => {
    expect(describeEvent(event)).toBe(text);
  });

  it("survives malformed data", () => {
    expect(describeEvent({ type: "master.joined", data: null })).toBe("an unknown master joined");
    expect(describeEvent({ type: "leader.elected", data: [1, 2] })).toBe("an unknown master was elected leader");
  });
  it("describes a row whose payload does not match its type raw: its type and its data", () => {
    expect(describeEvent({ type: "master.left", data: { master: "m1" } })).toBe('master.left: {"master":"m1"}');
    expect(describeEvent({ type: "poll.failed", data: { error: 42 } })).toBe('poll.failed: {"error":42}');
    expect(describeEvent({ type: "agents.changed", data: { before: { active: 1 } } })).toBe(
      'agents.changed: {"before":{"active":1}}',
    );
    expect(describeEvent({ type: "leader.lost", data: null })).toBe("leader.lost: null");
  });

  it("describes an unknown type raw, its data cut short, and never throws", () => {
    expect(describeEvent({ type: "master.renamed", data: { from: "a", to: "b" } })).toBe(
      'master.renamed: {"from":"a","to":"b"}',
    );
    const long = describeEvent({ type: "x.y", data: { text: "z".repeat(1000) } });
    expect(long.startsWith('x.y: {"text":"zzz')).toBe(true);
    expect(long.length).toBeLessThanOrEqual("x.y: ".length + 200);
    expect(long.endsWith("…")).toBe(true);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => describeEvent({ type: "zk.connected", data: circular })).not.toThrow();
    expect(describeEvent({ type: "x.y", data: { big: 1n } })).toBe("x.y: [object Object]");
  });
});

it("labels static masters by their address only", () => {
  expect(masterLabel({ id: "http://10.0.0.1:5050", hostname: "10.0.0.1", port: 5050 })).toBe("10.0.0.1:5050");
});
