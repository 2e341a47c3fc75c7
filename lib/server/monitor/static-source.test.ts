import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { systemClock } from "./clock";
import { LeaderPoller } from "./leader-poller";
import type { StateAnswer } from "./master-api";
import type { MonitorIo } from "./monitor-io";
import { StaticSource } from "./static-source";
import { leaderState } from "./test-fakes";

const URLS = ["http://a:5050", "http://b:5050", "http://c:5050"];

function sourceWith(reachable: Record<string, boolean | null> = {}) {
  return new StaticSource(URLS, (id) => reachable[id] ?? null);
}

const ids = (search: ReturnType<StaticSource["search"]>) =>
  search.kind === "ask" ? search.candidates.map((m) => m.id) : search;

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("StaticSource", () => {
  it("asks every master in order before a leader is known, and is not fresh", () => {
    const source = sourceWith();
    expect(source.fresh).toBe(false);
    expect(source.leader()).toBeNull();
    expect(source.zk()).toBeNull();
    expect(ids(source.search())).toEqual(URLS);
  });

  it("asks the last known leader first, and records its version and pid", () => {
    const source = sourceWith();
    const b = source.masters[1];
    if (!b) throw new Error("no master b");
    source.found(b, leaderState("master@10.0.0.2:5050", { version: "1.9.0" }));
    expect(source.fresh).toBe(true);
    expect(source.leader()).toMatchObject({ id: "http://b:5050", version: "1.9.0", pid: "master@10.0.0.2:5050" });
    expect(ids(source.search())).toEqual(["http://b:5050", "http://a:5050", "http://c:5050"]);
  });

  it("forgets the leader when a search fails: idle when a master knows no leader", () => {
    const source = sourceWith();
    const a = source.masters[0];
    if (!a) throw new Error("no master a");
    source.found(a, leaderState("master@10.0.0.1:5050"));
    expect(source.notFound(true)).toBe("idle");
    expect(source.leader()).toBeNull();
    expect(source.fresh).toBe(true);
  });

  it("is idle when every master is unreachable, failed while one may answer", () => {
    expect(sourceWith({ "http://a:5050": false, "http://b:5050": false, "http://c:5050": false }).notFound(false)).toBe(
      "idle",
    );
    expect(sourceWith({ "http://a:5050": false, "http://b:5050": false }).notFound(false)).toBe("failed");
  });

  it("is idle without masters", () => {
    expect(new StaticSource([], () => null).search()).toEqual({ kind: "wait", status: "idle" });
  });

  it("follows a not-leader's redirect to the leader when polled, and asks it first next time", async () => {
    const source = sourceWith();
    const asked: string[] = [];
    const answers: Record<string, StateAnswer> = {
      "http://a:5050": { kind: "not-leader", url: "http://a:5050/master/state", leaderUrl: "http://c:5050" },
      "http://c:5050": {
        kind: "state",
        url: "http://c:5050/master/state",
        state: leaderState("master@10.0.0.3:5050"),
        bytes: 100,
        durationMs: 5,
      },
    };
    const io: Pick<MonitorIo, "fetchState" | "fetchMetrics"> = {
      fetchState: async (url) => {
        asked.push(url);
        const answer = answers[url];
        if (!answer) throw new Error(`unexpected ${url}`);
        return answer;
      },
      fetchMetrics: async () => null,
    };
    const poller = new LeaderPoller({
      source,
      pollBaseMs: 1_000,
      requestTimeoutMs: 5_000,
      maxStateBytes: 1 << 20,
      auth: null,
      clock: systemClock,
      io,
      onRead: () => undefined,
    });
    await poller.readNow();
    poller.stop();
    expect(asked).toEqual(["http://a:5050", "http://c:5050"]);
    expect(source.leader()?.id).toBe("http://c:5050");
    expect(ids(source.search())).toEqual(["http://c:5050", "http://a:5050", "http://b:5050"]);
  });
});
