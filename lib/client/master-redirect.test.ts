import { describe, expect, it } from "vitest";
import type { ClusterStateView } from "@/lib/shared/cluster-state";
import { masterViewTarget } from "./master-redirect";

const leader = {
  id: "json.info_0000000001",
  hostname: "10.0.0.1",
  port: 5050,
  pid: null,
  version: null,
  url: "http://10.0.0.1:5050",
  electedAt: null,
};
const masters = ["json.info_0000000001", "json.info_0000000002"].map(
  (id) => ({ id }) as ClusterStateView["masters"][number],
);
const state = (overrides: Partial<ClusterStateView>) => ({ leader, masters, ...overrides }) as ClusterStateView;

describe("masterViewTarget", () => {
  it("stays on the leader, redirects from a standby to the leader, waits when no master leads", () => {
    expect(masterViewTarget(state({}), "json.info_0000000001")).toEqual({ kind: "leader" });
    expect(masterViewTarget(state({}), "json.info_0000000002")).toEqual({
      kind: "redirect",
      to: "json.info_0000000001",
      toLabel: "10.0.0.1:5050",
    });
    expect(masterViewTarget(state({ leader: null }), "json.info_0000000002")).toEqual({ kind: "no-leader" });
  });

  it("redirects from a master that is gone to the leader, and knows nothing before the first state", () => {
    expect(masterViewTarget(state({}), "json.info_0000000009")).toMatchObject({ kind: "redirect" });
    expect(masterViewTarget(state({ leader: null }), "json.info_0000000009")).toEqual({ kind: "unknown-master" });
    expect(masterViewTarget(null, "x")).toEqual({ kind: "unknown" });
  });
});
