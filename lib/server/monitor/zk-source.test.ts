import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { systemClock } from "./clock";
import type { SourceChange } from "./master-source";
import { FakeEnsemble, undecodable, zkMember } from "./test-fakes";
import { ZkSource } from "./zk-source";

const RECORDED = [{ id: "json.info_0000000001", hostname: "m1", port: 5050, sequence: 1 }];

function started(recorded = RECORDED) {
  const ensemble = new FakeEnsemble();
  const source = new ZkSource(ensemble, "/mesos", recorded, systemClock);
  const changes: SourceChange[] = [];
  source.start((change) => changes.push(change));
  return { ensemble, source, changes };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(1_000_000);
});
afterEach(() => vi.useRealTimers());

describe("ZkSource", () => {
  it("shows the recorded masters, not fresh, until ZooKeeper lists them", () => {
    const { source } = started();
    expect(source.masters.map((m) => m.id)).toEqual(["json.info_0000000001"]);
    expect(source.masters[0]?.url).toBe("http://m1:5050");
    expect(source.fresh).toBe(false);
    expect(source.leader()?.id).toBe("json.info_0000000001");
  });

  it("takes a members snapshot as the fresh list, the lowest sequence leading", () => {
    const { ensemble, source, changes } = started();
    ensemble.connect("connected");
    ensemble.list("/mesos", [zkMember(7, "m7"), zkMember(4, "m4")]);
    expect(source.masters.map((m) => m.hostname)).toEqual(["m7", "m4"]);
    expect(source.fresh).toBe(true);
    expect(source.leader()?.hostname).toBe("m4");
    expect(changes).toEqual(["zk", "members"]);
  });

  it("counts an undecodable znode for the leader, and will not ask it", () => {
    const { ensemble, source } = started();
    ensemble.list("/mesos", [zkMember(4, "m4"), undecodable(2, "truncated")]);
    expect(source.leader()?.id).toBe("json.info_0000000002");
    expect(source.search(false)).toEqual({
      kind: "fail",
      error: "the leader's znode json.info_0000000002 does not decode: truncated",
    });
  });

  it("marks the list not fresh on every connection change but connected, with since from the clock", () => {
    const { ensemble, source } = started();
    expect(source.zk()).toEqual({
      status: "disconnected",
      since: 1_000_000,
      expiryPending: false,
      connectString: "zk1:2181,zk2:2181",
    });
    vi.setSystemTime(1_005_000);
    ensemble.connect("connected");
    ensemble.list("/mesos", [zkMember(1, "m1")]);
    expect(source.zk()?.status).toBe("connected");
    expect(source.zk()?.since).toBe(1_005_000);
    vi.setSystemTime(1_009_000);
    ensemble.connect("disconnected");
    expect(source.fresh).toBe(false);
    expect(source.zk()).toMatchObject({ status: "disconnected", since: 1_009_000 });
    vi.setSystemTime(1_010_000);
    ensemble.connect("connecting"); // the same status: `since` stays
    expect(source.zk()?.since).toBe(1_009_000);
    ensemble.connect("connected");
    expect(source.fresh).toBe(false); // fresh again only with the next list
  });

  it("keeps an expiry pending until it is recorded, even after reconnecting", () => {
    const { ensemble, source, changes } = started();
    ensemble.connect("connected");
    ensemble.connect("expired");
    ensemble.emit("expired"); // ZkEnsemble's order: the status, then the expiry, then a new session
    ensemble.connect("connected");
    expect(source.zk()).toMatchObject({ status: "connected", expiryPending: true });
    expect(changes).toEqual(["zk", "zk", "zk", "zk"]);
    source.expiryRecorded();
    expect(source.zk()?.expiryPending).toBe(false);
  });

  it("waits before the first list, unless a state is already shown", () => {
    const { ensemble, source } = started();
    expect(source.search(false)).toEqual({ kind: "wait", status: "pending" });
    expect(source.search(true)).toMatchObject({ kind: "ask", candidates: [{ id: "json.info_0000000001" }] });
    ensemble.list("/mesos", []);
    expect(source.search(true)).toEqual({ kind: "wait", status: "idle" });
  });

  it("asks only ZooKeeper's leader, and never calls a failed read idle", () => {
    const { ensemble, source } = started();
    ensemble.list("/mesos", [zkMember(3, "m3"), zkMember(2, "m2")]);
    expect(source.search(false)).toMatchObject({ kind: "ask", candidates: [{ hostname: "m2" }] });
    expect(source.notFound(true)).toBe("failed");
  });

  it("stops watching on stop and ignores a late snapshot", () => {
    const { ensemble, source, changes } = started();
    const listener = ensemble.watches.get("/mesos");
    source.stop();
    expect(ensemble.watches.size).toBe(0);
    expect(ensemble.listenerCount("connection") + ensemble.listenerCount("expired")).toBe(0);
    listener?.({ path: "/mesos", pathExists: true, members: [zkMember(9, "m9")] });
    expect(source.masters.map((m) => m.hostname)).toEqual(["m1"]);
    expect(changes).toEqual([]);
  });

  it("reports no ZooKeeper for a cluster without a path", () => {
    const source = new ZkSource(null, null, [], systemClock);
    source.start(() => undefined);
    expect(source.zk()).toBeNull();
    expect(source.leader()).toBeNull();
  });
});
