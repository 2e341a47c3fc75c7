// The monitor following the leader's v1 event stream, against a real ZooKeeper ensemble and the simulator: which mode
// each version gets, totals equal to what polling shows, changes seen within a second, and a failover followed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ControlPlane } from "@/lib/server/collector/control-plane";
import type { ClusterStateView } from "@/lib/shared/cluster-state";
import { RecordIoDecoder } from "@/lib/mesos/recordio";
import { v1Subscribe } from "@/lib/server/monitor/v1-http";
import { connectString, type RunningSim, startSim, waitFor } from "@/scripts/testbed";
import { zookeeperForThisFile } from "../helpers/zk";

const zookeeperEnsemble = zookeeperForThisFile("event-stream-test");
let dir: string;
const planes: ControlPlane[] = [];
const sims: RunningSim[] = [];

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "event-stream-test-"));
  process.env.DATABASE_URL = `file:${path.join(dir, "dashboard.db")}`;
});

afterAll(async () => {
  for (const plane of planes) await plane.close();
  for (const sim of sims) await sim.stop();
  const { getDb } = await import("@/lib/server/db");
  await getDb().$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

async function newControlPlane(env: Record<string, string>): Promise<ControlPlane> {
  const { ControlPlane } = await import("@/lib/server/collector/control-plane");
  const { settingsFromEnv } = await import("@/lib/server/monitor/settings");
  const plane = new ControlPlane(settingsFromEnv({ MONITOR_POLL_MS: "500", ZK_SESSION_TIMEOUT_MS: "6000", ...env }));
  planes.push(plane);
  await plane.start();
  return plane;
}

async function register(plane: ControlPlane, name: string, zk: string): Promise<number> {
  const { createCluster } = await import("@/lib/server/clusters/repository");
  const cluster = await createCluster({ name, zk });
  await plane.sync(cluster.id);
  return cluster.id;
}

function view(plane: ControlPlane, clusterId: number): ClusterStateView {
  const state = plane.state(clusterId);
  if (!state) throw new Error(`cluster ${clusterId} is not monitored`);
  return state;
}

async function cluster(
  version: string,
  chroot: string,
  extraArgs: string[] = [],
): Promise<{ sim: RunningSim; zk: string }> {
  const zk = `zk://${connectString(zookeeperEnsemble())}${chroot}`;
  const sim = await startSim({
    zk,
    masters: 3,
    agents: 6,
    mesosVersion: version,
    args: ["--session-timeout", "4000", "--restart-delay", "off", "--seed", "13", ...extraArgs],
  });
  sims.push(sim);
  return { sim, zk };
}

/**
 * A subscriber of our own on the leader, recording when each event type last arrived: the moment the leader told its
 * subscribers, against which the dashboard's delay is measured (the simulator's agents register after a random
 * backoff, so the control API's answer is not when the leader knew).
 */
async function referenceSubscriber(leaderUrl: string) {
  const seen = new Map<string, number>();
  const decoder = new RecordIoDecoder();
  const answer = await v1Subscribe(
    leaderUrl,
    { auth: null, timeoutMs: 5_000, encoding: "json" },
    {
      onChunk: (chunk) => {
        for (const record of decoder.push(chunk).records) {
          const { type } = JSON.parse(Buffer.from(record).toString()) as { type: string };
          seen.set(type, Date.now());
        }
      },
      onEnd: () => undefined,
    },
  );
  if (answer.kind !== "open") throw new Error(`SUBSCRIBE answered ${answer.kind}`);
  return { seen, close: answer.close };
}

/**
 * What polling and streaming must agree on: the resources table, the agent counts, the frameworks, and the task counts
 * as the stock UI shows them (terminal states from the master's counters, in both modes).
 */
function comparable(state: ClusterStateView) {
  return {
    resources: state.resources,
    agents: state.agents,
    frameworks: state.frameworks.map((f) => ({ id: f.id, active: f.active, used: f.used, activeTasks: f.activeTasks })),
    tasks: state.tasks,
  };
}

describe.each([
  { version: "1.11.0", mode: "stream", encoding: "protobuf" },
  { version: "1.4.0", mode: "stream", encoding: "protobuf" },
  { version: "1.0.0", mode: "stream", encoding: "json" },
  { version: "0.28.2", mode: "poll", encoding: null },
])("a Mesos $version cluster", ({ version, mode, encoding }) => {
  it(`is read in ${mode} mode, with the same totals as polling shows`, async () => {
    const { zk } = await cluster(version, `/es-${version.replaceAll(".", "-")}`);
    const streaming = await newControlPlane({});
    const polling = await newControlPlane({ MONITOR_STREAM: "off" });
    const streamed = await register(streaming, `stream-${version}`, zk);
    const polled = await register(polling, `poll-${version}`, zk);
    await waitFor("both read the leader's state", async () =>
      view(streaming, streamed).poll.status === "ok" && view(polling, polled).poll.status === "ok" ? true : undefined,
    );
    const state = view(streaming, streamed);
    expect(state.poll.mode).toBe(mode);
    if (mode === "stream") expect(state.poll.stream?.encoding).toBe(encoding);
    else expect(state.poll.modeReason).toMatch(/has no v1 operator API/);
    expect(view(polling, polled).poll).toMatchObject({ mode: "poll", modeReason: expect.stringMatching(/off/) });
    await waitFor("the totals agree", async () =>
      JSON.stringify(comparable(view(streaming, streamed))) === JSON.stringify(comparable(view(polling, polled)))
        ? true
        : undefined,
    );
    expect(comparable(view(streaming, streamed))).toEqual(comparable(view(polling, polled)));
  });
});

describe("a Mesos 1.11 cluster followed by its event stream", () => {
  it("shows an added agent and a failed task within a second, and follows a SIGKILLed leader", async () => {
    const { sim, zk } = await cluster("1.11.0", "/es-live");
    const plane = await newControlPlane({});
    const id = await register(plane, "live", zk);
    // Subscribed, and the terminal task counts are the master's counters (the first GET_METRICS is in).
    await waitFor("subscribed", async () =>
      view(plane, id).poll.stream && view(plane, id).tasks?.source === "metrics" ? true : undefined,
    );
    const before = view(plane, id);

    const masters = (await sim.control<{ id: string; url: string; leader: boolean }[]>("GET", "/masters")).body;
    const leader = masters.find((m) => m.leader);
    if (!leader) throw new Error("no leader");
    const reference = await referenceSubscriber(leader.url);
    try {
      await sim.control("POST", "/agents", { count: 1 });
      await waitFor(
        "the new agent",
        async () => (view(plane, id).agents?.active === (before.agents?.active ?? 0) + 1 ? true : undefined),
        5_000,
        10,
      );
      const agentShown = Date.now();
      const [task] = (await sim.control<{ id: string }[]>("GET", "/tasks?state=TASK_RUNNING&limit=1")).body;
      if (!task) throw new Error("the simulator has no running task");
      await sim.control("POST", `/tasks/${encodeURIComponent(task.id)}/fail`);
      await waitFor(
        "the failed task",
        async () => ((view(plane, id).tasks?.failed ?? 0) > (before.tasks?.failed ?? 0) ? true : undefined),
        5_000,
        10,
      );
      const taskShown = Date.now();
      const agentMs = agentShown - (reference.seen.get("AGENT_ADDED") ?? Number.NaN);
      const taskMs = taskShown - (reference.seen.get("TASK_UPDATED") ?? Number.NaN);
      console.log(`[measure] leader's event → view: agent added ${agentMs} ms, task failed ${taskMs} ms`);
      expect(agentMs).toBeLessThan(1_000);
      expect(taskMs).toBeLessThan(1_000);
    } finally {
      reference.close();
    }
    expect(view(plane, id).poll.stream?.events).toBeGreaterThan(0);

    await sim.control("POST", `/masters/${leader.id}/kill`);
    await waitFor(
      "the stream from the new leader",
      async () => {
        const state = view(plane, id);
        return state.poll.mode === "stream" &&
          state.poll.status === "ok" &&
          state.poll.source !== before.poll.source &&
          state.agents?.active === (before.agents?.active ?? 0) + 1
          ? true
          : undefined;
      },
      40_000,
    );
  });
});

describe("a 1.11 leader whose API breaks while it streams", () => {
  let sim: RunningSim;
  let plane: ControlPlane;
  let id: number;

  beforeAll(async () => {
    // Heartbeats every 0.5 s: a silent stream is dead after 2.5 s.
    const made = await cluster("1.11.0", "/es-hostile", ["--heartbeat-interval", "0.5"]);
    sim = made.sim;
    plane = await newControlPlane({ MONITOR_REQUEST_TIMEOUT_MS: "2000", MONITOR_STREAM_CHECK_MS: "1000" });
    id = await register(plane, "hostile-stream", made.zk);
  }, 120_000);

  it("checks the stream against the leader's own counts, and they agree", async () => {
    await waitFor("two checks", async () => ((view(plane, id).poll.stream?.checks ?? 0) >= 2 ? true : undefined));
    expect(view(plane, id).poll.stream).toMatchObject({ differences: 0, problems: 0 });
  });

  it.each([
    { mode: "garbage", error: /broke|answered SUBSCRIBE with|did not send JSON/ },
    { mode: "huge", error: /does not decode|answered SUBSCRIBE with|more than the|does not validate/ },
    { mode: "silent", error: /sent nothing for|did not answer within 2000 ms/ },
  ])("$mode: the stream ends in a visible failure with the reason, and is followed again", async ({ mode, error }) => {
    await waitFor("a healthy state", async () => (view(plane, id).poll.status === "ok" ? true : undefined), 30_000);
    const masters = (await sim.control<{ id: string; leader: boolean }[]>("GET", "/masters")).body;
    const leader = masters.find((m) => m.leader);
    if (!leader) throw new Error("no leader");
    await sim.control("POST", `/masters/${leader.id}/fault`, { mode });
    try {
      const failed = await waitFor(
        `the ${mode} fault seen`,
        async () => (view(plane, id).poll.status === "failed" ? view(plane, id) : undefined),
        30_000,
        20,
      );
      expect(failed.poll.error).toMatch(error);
      expect(failed.resources).not.toBeNull(); // the last state stays, marked as not current
    } finally {
      await sim.control("POST", `/masters/${leader.id}/fault`, { mode: null });
    }
    await waitFor("read again", async () => (view(plane, id).poll.status === "ok" ? true : undefined), 60_000);
  });
});
