import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  parseFrameworksResponse,
  parseMesosState,
  parseMetricsSnapshot,
  parseSlavesResponse,
  parseStateSummary,
} from "@/lib/mesos/schemas";
import { resourceTotals } from "@/lib/mesos/totals";
import { atLeast, mesosFeatures } from "@/lib/mesos/versions";
import { connectString, type RunningSim, startSim } from "@/scripts/testbed";
import { zookeeperForThisFile } from "../helpers/zk";

// The simulator must produce what real masters produce: its responses go through the same schemas that parse the
// real captures in tests/fixtures/mesos (lib/mesos/schemas.test.ts).

const ensemble = zookeeperForThisFile("sim-schemas");

type Scalars = { cpus?: number; mem?: number; disk?: number; gpus?: number };
const sum = (items: Scalars[], key: keyof Scalars) => items.reduce((total, item) => total + (item[key] ?? 0), 0);
const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-6);

describe.each(["0.23.0", "0.27.0", "1.2.0", "1.11.0"])("the simulator's Mesos %s endpoints", (version) => {
  const features = mesosFeatures(version);
  let sim: RunningSim;
  let leader = "";
  const get = async (route: string) => {
    const response = await fetch(`${leader}${route}`);
    expect(response.status, route).toBe(200);
    return response.json() as Promise<unknown>;
  };

  beforeAll(async () => {
    sim = await startSim({
      zk: `zk://${connectString(ensemble())}/schemas-${version}`,
      agents: 12,
      mesosVersion: version,
      args: ["--seed", "3"],
    });
    leader = sim.ready.masters.find((m) => m.id === sim.ready.leader)?.url ?? "";
  });
  afterAll(async () => sim?.stop());

  it("serves a state that parses, with totals the stock UI would compute consistently", async () => {
    if (!features.stateEndpoint) await absent("/master/state");
    if (!features.stateJsonEndpoint) await absent("/master/state.json");
    const parsed = parseMesosState(await get(features.stateEndpoint ? "/master/state" : "/master/state.json"));
    if (!parsed.ok) throw new Error(parsed.error);
    const state = parsed.value;
    expect(state.version).toBe(version);
    expect(state.slaves).toHaveLength(12);
    expect(state.frameworks.map((f) => f.name).sort()).toEqual(["chronos", "marathon", "spark"]);
    const totals = resourceTotals(state);
    const hasAgentUsage = atLeast(version, "0.25.0");
    for (const r of ["cpus", "mem", "disk"] as const) {
      close(
        totals[r].total,
        sum(
          state.slaves.map((s) => s.resources ?? {}),
          r,
        ),
      );
      close(totals[r].allocated + totals[r].offered + totals[r].idle, totals[r].total);
      expect(totals[r].idle).toBeGreaterThanOrEqual(0);
      // Every framework and agent is registered: what frameworks use is what agents run, and offers match too.
      // Agents carry usage only from 0.25 (the 0.19 capture has none; the 0.27 one has it).
      if (hasAgentUsage) {
        close(
          totals[r].allocated,
          sum(
            state.slaves.map((s) => s.used_resources ?? {}),
            r,
          ),
        );
        close(
          totals[r].offered,
          sum(
            state.slaves.map((s) => s.offered_resources ?? {}),
            r,
          ),
        );
      }
    }
    expect(state.slaves.every((s) => s.used_resources !== undefined)).toBe(hasAgentUsage);
    expect(totals.cpus.allocated).toBeGreaterThan(0);
    expect(totals.cpus.offered).toBeGreaterThan(0);
  });

  // Endpoints the version did not have answer 404, like libprocess does for an unknown path.
  const absent = async (route: string) => expect((await fetch(`${leader}${route}`)).status, route).toBe(404);

  it("serves a state-summary that parses and agrees with the state, from 0.23", async () => {
    if (!features.stateSummary) return absent("/master/state-summary");
    const summary = parseStateSummary(await get("/master/state-summary"));
    if (!summary.ok) throw new Error(summary.error);
    expect(summary.value.slaves).toHaveLength(12);
    expect(summary.value.frameworks).toHaveLength(3);
  });

  it("serves /master/slaves that parses, from 0.22", async () => {
    if (!features.slavesEndpoint) return absent("/master/slaves");
    const slaves = parseSlavesResponse(await get("/master/slaves"));
    if (!slaves.ok) throw new Error(slaves.error);
    expect(slaves.value.slaves).toHaveLength(12);
  });

  it("serves /master/frameworks that parses, from 0.26", async () => {
    if (!features.frameworksEndpoint) return absent("/master/frameworks");
    const frameworks = parseFrameworksResponse(await get("/master/frameworks"));
    if (!frameworks.ok) throw new Error(frameworks.error);
    expect(frameworks.value.frameworks).toHaveLength(3);
  });

  it("serves /metrics/snapshot that parses, elected on the leader only", async () => {
    const metrics = parseMetricsSnapshot(await get("/metrics/snapshot"));
    if (!metrics.ok) throw new Error(metrics.error);
    expect(metrics.value["master/elected"]).toBe(1);
    expect(metrics.value["master/slaves_active"]).toBe(12);
    const follower = sim.ready.masters.find((m) => m.id !== sim.ready.leader);
    const theirs = parseMetricsSnapshot(await (await fetch(`${follower?.url}/metrics/snapshot`)).json());
    expect(theirs.ok && theirs.value["master/elected"]).toBe(0);
  });
});

describe("a simulated master started with --http-auth", () => {
  let sim: RunningSim;
  beforeAll(async () => {
    sim = await startSim({
      zk: `zk://${connectString(ensemble())}/auth`,
      agents: 2,
      args: ["--http-auth", "ops:s3cret"],
    });
  });
  afterAll(async () => sim?.stop());

  it("requires basic auth on the read-only realm only (docs/mesos/http.md#http-authentication)", async () => {
    const leader = sim.ready.masters.find((m) => m.id === sim.ready.leader)?.url ?? "";
    const denied = await fetch(`${leader}/master/state`);
    expect(denied.status).toBe(401);
    expect(denied.headers.get("www-authenticate")).toBe('Basic realm="mesos-master-readonly"');
    expect((await fetch(`${leader}/metrics/snapshot`)).status).toBe(401);
    const wrong = { Authorization: `Basic ${Buffer.from("ops:nope").toString("base64")}` };
    expect((await fetch(`${leader}/master/state`, { headers: wrong })).status).toBe(401);
    const right = { Authorization: `Basic ${Buffer.from("ops:s3cret").toString("base64")}` };
    const state = parseMesosState(await (await fetch(`${leader}/master/state`, { headers: right })).json());
    expect(state.ok).toBe(true);
    for (const open of ["/health", "/version", "/"]) expect((await fetch(`${leader}${open}`)).status, open).toBe(200);
    expect((await fetch(`${leader}/master/redirect`, { redirect: "manual" })).status).toBe(307);
  });
});
