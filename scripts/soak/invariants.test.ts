import { describe, expect, it } from "vitest";
import { checkInvariants } from "./invariants-process";
import type { ClusterLog, SoakEvent, SoakLog, TruthSample } from "./log";
import { leaderIntervals, observedMs } from "./timeline";

const T0 = Date.parse("2026-12-01T10:00:00Z");
const s = (seconds: number) => T0 + seconds * 1000;
const ref = (id: string) => ({ id, hostname: "127.0.0.1", port: 5050, sequence: Number(id.slice(-2)) });

let nextId = 1;
function ev(type: string, seconds: number, data: Record<string, unknown>): SoakEvent {
  return { id: nextId++, type, at: s(seconds), data };
}
const elected = (seconds: number, id: string, extra: Record<string, unknown> = {}) =>
  ev("leader.elected", seconds, { leader: ref(id), previous: null, ...extra });
const joined = (seconds: number, id: string, extra: Record<string, unknown> = {}) =>
  ev("master.joined", seconds, { master: ref(id), ...extra });
const left = (seconds: number, id: string, extra: Record<string, unknown> = {}) =>
  ev("master.left", seconds, { master: ref(id), ...extra });

const truth = (seconds: number, members: string[]): TruthSample => ({
  at: s(seconds),
  members,
  leader: [...members].sort()[0] ?? null,
});

/** A healthy run: m01 leads, is killed at 100 s, m02 takes over and m04 joins; a restart at 200 s with no change. */
function cleanCluster(): ClusterLog {
  return {
    name: "c",
    id: 1,
    path: "/c",
    registeredAt: s(1),
    truth: [truth(0, ["i_01", "i_02", "i_03"]), truth(100, ["i_02", "i_03"]), truth(130, ["i_02", "i_03", "i_04"])],
    events: [
      elected(2, "i_01", { initial: true }),
      joined(2, "i_01", { initial: true }),
      joined(2, "i_02", { initial: true }),
      joined(2, "i_03", { initial: true }),
      left(100.3, "i_01"),
      elected(100.3, "i_02"),
      joined(130.2, "i_04"),
      ev("zk.session_expired", 262, { previous: "connected" }),
    ],
  };
}

function cleanLog(cluster = cleanCluster()): SoakLog {
  return {
    seed: 1,
    startedAt: s(-10),
    faultsFrom: s(5),
    faultsUntil: s(280),
    endedAt: s(300),
    actions: [],
    clusters: [cluster],
    restarts: [{ killedAt: s(200), spawnedAt: s(210), healthyAt: s(220) }],
    pauses: [{ pausedAt: s(250), resumedAt: s(260) }],
    rss: Array.from({ length: 100 }, (_, i) => ({ at: s(i * 3), incarnation: 1, rssKiB: 300_000 })),
    api: Array.from({ length: 290 }, (_, i) => ({
      at: s(6 + i),
      what: "health" as const,
      ok: !(i >= 195 && i <= 216),
      status: 200,
      ms: 3,
    })),
    listener: { address: "127.0.0.2:4000", hostileZnodes: 2, hits: [] },
    httpAuth: true,
    allowlist: false,
  };
}

const violationsOf = (log: SoakLog) =>
  Object.fromEntries(checkInvariants(log).map((r) => [r.name.replace(/ \(c\)$/, ""), r.violations.length]));

describe("the soak's invariants", () => {
  it("find nothing wrong with a run that did everything right", () => {
    const results = checkInvariants(cleanLog());
    expect(results.flatMap((r) => r.violations)).toEqual([]);
    expect(results.every((r) => r.checks > 0)).toBe(true);
  });

  it("catch a leader.elected without a real change, one recorded twice, and a real leader never recorded", () => {
    const cluster = cleanCluster();
    cluster.events.push(elected(150, "i_03")); // i_03 never led
    cluster.events.push(elected(160, "i_02")); // i_02 again, no change
    cluster.truth.push(truth(170, ["i_03", "i_04"])); // i_03 leads from 170 s on and is not recorded
    const result = checkInvariants(cleanLog(cluster)).find((r) => r.name.startsWith("leader.elected"));
    expect(result?.violations.map((v) => v.message)).toEqual([
      expect.stringMatching(/says i_03 was elected, but ZooKeeper's leader then was i_02/),
      expect.stringMatching(/records i_02 elected again/),
      expect.stringMatching(/i_03 led from .* and no leader.elected names it/),
    ]);
  });

  it("accept a leader that led only between two samples, as expired sessions go one by one, and note it", () => {
    const cluster = cleanCluster();
    // i_02..i_04 expire within ms of each other at ~150 s; the dashboard read the list once between two of them.
    cluster.truth.push(truth(150, ["i_05"]));
    cluster.events.push(elected(149.9, "i_03"), left(150, "i_02"), left(150, "i_03"), left(150, "i_04"));
    cluster.events.push(elected(150, "i_05"));
    const result = checkInvariants(cleanLog(cluster)).find((r) => r.name.startsWith("leader.elected"));
    expect(result?.violations).toEqual([]);
    expect(result?.notes).toEqual([expect.stringMatching(/i_03 led between two samples/)]);
    // Not when something below it stayed: i_02 was still there, so i_03 never led.
    const other = cleanCluster();
    other.events.push(elected(131, "i_03"));
    const wrong = checkInvariants(cleanLog(other)).find((r) => r.name.startsWith("leader.elected"));
    expect(wrong?.violations).toHaveLength(1);
  });

  it("let a leader the dashboard could not observe long enough go unrecorded", () => {
    const cluster = cleanCluster();
    // i_03 leads only while the dashboard is down (200-223 s): never observable, so never due.
    cluster.truth.push(truth(201, ["i_03", "i_04"]), truth(204, ["i_04"]));
    cluster.truth.push(truth(205, ["i_04", "i_05"]));
    const log = cleanLog(cluster);
    const intervals = leaderIntervals(cluster.truth, log.endedAt);
    const i03 = intervals.find((i) => i.leader === "i_03");
    expect(i03 && observedMs(i03, [{ from: s(200), to: s(223) }])).toBe(0);
    const result = checkInvariants(log).find((r) => r.name.startsWith("leader.elected"));
    expect(result?.violations.map((v) => v.message)).toEqual([
      expect.stringMatching(/i_04 led from .* and no leader.elected names it/),
    ]);
  });

  it("catch a master.left for a master that stayed, and a master that joins twice", () => {
    const cluster = cleanCluster();
    cluster.events.push(left(140, "i_03"), joined(141, "i_04"));
    expect(violationsOf(cleanLog(cluster))["no master.left for a master that stayed"]).toBe(2);
  });

  it("catch a change made while the dashboard was down that is not recorded, or recorded twice", () => {
    const cluster = cleanCluster();
    cluster.truth.push(truth(205, ["i_03", "i_04"])); // i_02 stopped while down: i_03 leads
    cluster.events.push(
      elected(221, "i_03", { whileDashboardDown: true }),
      elected(222, "i_03", { whileDashboardDown: true }),
    );
    const result = checkInvariants(cleanLog(cluster)).find((r) => r.name.startsWith("changes while"));
    expect(result?.violations.map((v) => v.message)).toEqual([
      expect.stringMatching(/master.left i_02 not recorded/),
      expect.stringMatching(/unexpected leader.elected i_03/),
    ]);
    expect(result?.skipped).toBe(0);
  });

  it("give each restart only its own whileDashboardDown events when two restarts follow closely", () => {
    const cluster = cleanCluster();
    // A second restart 8 s after the first was healthy: i_03 stopped while it was down.
    cluster.truth.push(truth(232, ["i_02", "i_04"]));
    cluster.events.push(left(241, "i_03", { whileDashboardDown: true }));
    const log = cleanLog(cluster);
    log.restarts.push({ killedAt: s(228), spawnedAt: s(238), healthyAt: s(240) });
    const result = checkInvariants(log).find((r) => r.name.startsWith("changes while"));
    expect(result).toMatchObject({ checks: 2, violations: [] });
  });

  it("skip a restart around which ZooKeeper changed", () => {
    const cluster = cleanCluster();
    cluster.truth.push(truth(215, ["i_03", "i_04"]));
    cluster.events.push(elected(215.2, "i_03"), left(215.2, "i_02"));
    const result = checkInvariants(cleanLog(cluster)).find((r) => r.name.startsWith("changes while"));
    expect(result).toMatchObject({ checks: 0, skipped: 1, violations: [] });
  });

  it("catch a missing session expiry, memory over the bound or growing, an API failure, credentials to the listener", () => {
    const cluster = cleanCluster();
    cluster.events = cluster.events.filter((e) => e.type !== "zk.session_expired");
    const log = cleanLog(cluster);
    log.rss = Array.from({ length: 150 }, (_, i) => ({
      at: s(i * 3),
      incarnation: 1,
      rssKiB: i > 100 ? 700_000 : 300_000,
    }));
    log.rss[10] = { at: s(30), incarnation: 1, rssKiB: 1_200_000 };
    const probe = log.api[50];
    if (probe) probe.ok = false;
    log.listener.hits.push({ at: s(120), requestLine: "GET /metrics/snapshot HTTP/1.1", authorization: true });
    const v = violationsOf(log);
    expect(v["a session expiry recorded once"]).toBe(1);
    expect(v["server RSS bounded"]).toBe(2);
    expect(v["the API answered throughout"]).toBe(1);
    expect(v["no credentials to a host named by a hostile znode"]).toBe(1);
  });

  it("count any request to the listener once the allowlist is registered", () => {
    const log = cleanLog();
    log.allowlist = true;
    log.listener.hits.push({ at: s(120), requestLine: "GET /health HTTP/1.1", authorization: false });
    expect(violationsOf(log)["no credentials to a host named by a hostile znode"]).toBe(1);
  });
});
