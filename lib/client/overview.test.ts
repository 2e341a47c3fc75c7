import { expect, it } from "vitest";
import { type ClusterSummary, applyOverview } from "./overview";

const summary = (clusterId: number, name: string) => ({ clusterId, name }) as ClusterSummary;

it("replaces everything on a snapshot, updates one cluster on a state, drops a removed one", () => {
  let overview = applyOverview(
    { 9: summary(9, "old") },
    { type: "snapshot", summaries: [summary(1, "a"), summary(2, "b")] },
  );
  expect(Object.keys(overview)).toEqual(["1", "2"]);
  overview = applyOverview(overview, { type: "cluster-state", summary: summary(2, "b2") });
  expect(overview[2]?.name).toBe("b2");
  overview = applyOverview(overview, { type: "cluster-state", summary: summary(3, "c") });
  expect(Object.keys(overview)).toEqual(["1", "2", "3"]);
  overview = applyOverview(overview, { type: "cluster-removed", clusterId: 1 });
  expect(Object.keys(overview)).toEqual(["2", "3"]);
});
