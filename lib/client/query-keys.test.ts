import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { queryKeys, streamFedQuery } from "./query-keys";

describe("queryKeys", () => {
  it("keeps the keys the cache has always used", () => {
    expect(queryKeys.overview()).toEqual(["overview"]);
    expect(queryKeys.liveCluster(3)).toEqual(["cluster", 3, "live"]);
    expect(queryKeys.actions(3)).toEqual(["cluster", 3, "actions"]);
    expect(queryKeys.agents(3)).toEqual(["cluster", 3, "agents"]);
    expect(queryKeys.master(3, "m1")).toEqual(["cluster", 3, "master", "m1"]);
    expect(queryKeys.zk(3)).toEqual(["cluster", 3, "zk"]);
    expect(queryKeys.eventHistory(3, "limit=100")).toEqual(["cluster", 3, "events", "history", "limit=100"]);
    expect(queryKeys.leaderTimeline(3, 60_000, 12)).toEqual(["cluster", 3, "events", "timeline", 60_000, 12]);
    expect(queryKeys.users()).toEqual(["users"]);
    expect(queryKeys.tokens()).toEqual(["tokens"]);
  });

  it("nests every query of a cluster under cluster(id), and the event queries under clusterEvents(id)", () => {
    const client = new QueryClient();
    const keys = [
      queryKeys.liveCluster(3),
      queryKeys.actions(3),
      queryKeys.agents(3),
      queryKeys.master(3, "m1"),
      queryKeys.zk(3),
      queryKeys.eventHistory(3, ""),
      queryKeys.leaderTimeline(3, 1, 2),
      queryKeys.zk(4),
      queryKeys.overview(),
    ];
    for (const key of keys) client.setQueryData(key, 1);
    const under = (prefix: readonly unknown[]) =>
      client
        .getQueryCache()
        .findAll({ queryKey: prefix })
        .map((q) => q.queryKey);
    expect(under(queryKeys.cluster(3))).toHaveLength(7);
    expect(under(queryKeys.clusterEvents(3))).toEqual([
      queryKeys.eventHistory(3, ""),
      queryKeys.leaderTimeline(3, 1, 2),
    ]);
  });
});

describe("streamFedQuery", () => {
  it("never fetches: invalidating its cluster keeps what the stream wrote", async () => {
    const client = new QueryClient();
    const observer = new QueryObserver(client, streamFedQuery(queryKeys.liveCluster(3), { from: "page" }));
    const unsubscribe = observer.subscribe(() => {});
    client.setQueryData(queryKeys.liveCluster(3), { from: "stream" });
    await client.invalidateQueries({ queryKey: queryKeys.cluster(3) });
    expect(client.getQueryData(queryKeys.liveCluster(3))).toEqual({ from: "stream" });
    expect(observer.getCurrentResult().fetchStatus).toBe("idle");
    unsubscribe();
  });
});
