// Actions on masters through the sim controller, verified against what the monitor observes in ZooKeeper.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorResponse } from "@/lib/api/errors";
import type { ActionView } from "@/lib/shared/actions";
import type { ClusterStateView } from "@/lib/shared/cluster-state";
import type { ClusterEventView } from "@/lib/shared/events";
import type { ControlPlane } from "@/lib/server/collector/control-plane";
import { connectString, type RunningSim, startSim, waitFor } from "@/scripts/testbed";
import { connect, create, getData, zookeeper } from "@/lib/zk/promises";
import { zookeeperForThisFile } from "../helpers/zk";

const zookeeperEnsemble = zookeeperForThisFile("actions-test");
let dir: string;
let sim: RunningSim;
let plane: ControlPlane;
let clusterId: number;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "actions-test-"));
  process.env.DATABASE_URL = `file:${path.join(dir, "dashboard.db")}`;
  sim = await startSim({
    zk: `zk://${connectString(zookeeperEnsemble())}/mesos`,
    masters: 3,
    agents: 4,
    args: ["--session-timeout", "3000", "--restart-delay", "off"],
  });
  const { ControlPlane } = await import("@/lib/server/collector/control-plane");
  const { settingsFromEnv } = await import("@/lib/server/monitor/settings");
  plane = new ControlPlane(settingsFromEnv({ MONITOR_POLL_MS: "500", ACTION_VERIFY_TIMEOUT_MS: "60000" }));
  await plane.start();
  const { createCluster } = await import("@/lib/server/clusters/repository");
  const cluster = await createCluster({
    name: "prod",
    zk: `zk://${connectString(zookeeperEnsemble())}/mesos`,
    quorum: 2,
    controller: { type: "sim", url: sim.ready.control },
  });
  clusterId = cluster.id;
  await plane.sync(clusterId);
}, 180_000);

afterAll(async () => {
  await plane?.close();
  await sim?.stop();
  const { getDb } = await import("@/lib/server/db");
  await getDb().$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

function state(): ClusterStateView {
  const view = plane.state(clusterId);
  if (!view) throw new Error("not monitored");
  return view;
}

async function settled(): Promise<ClusterStateView> {
  return waitFor(
    "3 reachable masters, a leader and its agents",
    () => {
      const s = state();
      return s.masters.length === 3 &&
        s.masters.every((m) => m.reachable) &&
        s.leader &&
        s.agents?.active === 4 &&
        !s.zk.stale
        ? s
        : undefined;
    },
    60_000,
  ).catch((error: unknown) => {
    const s = state();
    throw new Error(
      `${String(error)}; now: ${JSON.stringify({ masters: s.masters.map((m) => [m.id, m.port, m.reachable, m.isLeader]), agents: s.agents, poll: s.poll.status, stale: s.zk.stale })}`,
    );
  });
}

async function finished(actionId: string): Promise<ActionView> {
  const action = await waitFor(
    "the action to finish",
    () => {
      const current = plane.actions.get(clusterId, actionId);
      return current && current.status !== "running" ? current : undefined;
    },
    120_000,
    100,
  );
  if (action.status !== "verified") {
    const s = state();
    console.log(
      `[action ${action.kind} ${action.status}] ${action.error ?? ""}\nsteps: ${JSON.stringify(action.steps)}\ndashboard now: ${JSON.stringify({ leader: s.leader?.id, masters: s.masters.map((m) => [m.id, m.port, m.reachable, m.isLeader]), agents: s.agents, poll: s.poll })}\nsimulator's last lines:\n${sim.output.slice(-80).join("\n")}`,
    );
  }
  return action;
}

async function events(): Promise<ClusterEventView[]> {
  const { listEvents } = await import("@/lib/server/events/store");
  return (await listEvents(clusterId, { limit: 500 })).reverse();
}

/** What the API answers for a refused request: the status from lib/api's one table, and the error's code and text. */
async function refusal(request: Promise<unknown>): Promise<{ status: number; code?: unknown; message?: unknown }> {
  try {
    await request;
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return { status: errorResponse(error).status, code, message };
  }
  throw new Error("the request was not refused");
}

describe("actions on masters", () => {
  it("stops a standby, verifies its znode is gone, refuses a second stop below quorum, then starts it again", async () => {
    const before = await settled();
    const standby = before.masters.find((m) => !m.isLeader);
    if (!standby) throw new Error("no standby");
    const stop = await plane.actions.request(clusterId, {
      action: "stop",
      masterId: standby.id,
      reason: "kernel update",
      actor: "test",
    });
    expect(
      await refusal(plane.actions.request(clusterId, { action: "stop", masterId: standby.id, actor: "other" })),
    ).toMatchObject({ status: 409, code: "action_in_progress" });
    const done = await finished(stop.id);
    expect(done.status).toBe("verified");
    expect(done.steps.map((s) => s.state)).toEqual(["requested", "running_command", "master_stopped", "verified"]);
    expect(done.commands[0]).toMatchObject({ controller: "sim", exitCode: 0 });
    expect(state().masters.map((m) => m.id)).not.toContain(standby.id);

    const other = state().masters.find((m) => !m.isLeader);
    if (!other) throw new Error("no second standby");
    expect(
      await refusal(plane.actions.request(clusterId, { action: "stop", masterId: other.id, actor: "test" })),
    ).toMatchObject({
      status: 409,
      code: "guard_refused",
      message: expect.stringContaining("fewer than the quorum of 2"),
    });
    await expect(
      plane.actions.request(clusterId, {
        action: "stop",
        masterId: other.id,
        actor: "test",
        force: true,
        confirmName: "wrong",
      }),
    ).rejects.toMatchObject({ code: "guard_refused" });

    const stopped = plane.actions.list(clusterId).stopped;
    expect(stopped.map((s) => s.id)).toEqual([standby.id]);
    const start = await plane.actions.request(clusterId, { action: "start", masterId: standby.id, actor: "test" });
    const started = await finished(start.id);
    expect(started.status).toBe("verified");
    expect(started.steps.find((s) => s.state === "master_back")?.detail).toMatch(/back as a standby/);
    expect(plane.actions.list(clusterId).stopped).toEqual([]);

    const audit = (await events()).filter((e) => e.type.startsWith("action."));
    const ofStop = audit.filter((e) => (e.data as { actionId: string }).actionId === stop.id);
    expect(ofStop.map((e) => e.type)).toEqual([
      "action.requested",
      "action.progress",
      "action.progress",
      "action.progress",
      "action.finished",
    ]);
    expect(ofStop[0]?.data).toMatchObject({ actor: "test", reason: "kernel update", kind: "stop" });
    expect(ofStop.at(-1)?.data).toMatchObject({ result: "verified" });
  });

  it("restarts the leader: a new leader, the old one back as a standby with a higher sequence, agents re-registered", async () => {
    const before = await settled();
    const leader = before.masters.find((m) => m.isLeader);
    if (!leader) throw new Error("no leader");
    const restart = await plane.actions.request(clusterId, { action: "restart", masterId: leader.id, actor: "test" });
    const done = await finished(restart.id);
    expect(done.error).toBeNull();
    expect(done.steps.map((s) => s.state)).toEqual([
      "requested",
      "running_command",
      "master_back",
      "failover_done",
      "agents_reregistered",
      "verified",
    ]);
    const after = state();
    const back = after.masters.find((m) => m.hostname === leader.hostname && m.port === leader.port);
    expect(back?.isLeader).toBe(false);
    expect(back?.sequence ?? 0).toBeGreaterThan(leader.sequence ?? 0);
    expect(after.leader?.id).not.toBe(leader.id);
  });

  it("restarts all three masters one by one, standbys first, with one failover, and ends verified", async () => {
    const before = await settled();
    const firstEvent = (await events()).at(-1)?.id ?? 0;
    const rolling = await plane.actions.rollingRestart(clusterId, { actor: "test", reason: "upgrade" });
    const done = await finished(rolling.id);
    expect(done.error).toBeNull();
    expect(done.status).toBe("verified");
    const leaderLabel = `${before.leader?.hostname}:${before.leader?.port}`;
    const order = done.steps.filter((s) => s.state === "running_command").map((s) => s.master);
    expect(order).toHaveLength(3);
    expect(order.at(-1)).toBe(leaderLabel);
    expect(done.steps.filter((s) => s.state === "failover_done")).toHaveLength(1);
    const during = (await events()).filter((e) => e.id > firstEvent);
    const elected = during.filter((e) => e.type === "leader.elected");
    expect(elected).toHaveLength(1);
    // Each master's old znode was gone before the next master was touched: none of them could lead from the grave.
    const commands = done.steps.filter((s) => s.state === "running_command");
    for (const [index, master] of before.masters.entries()) {
      const left = during.find(
        (e) => e.type === "master.left" && (e.data as { master: { id: string } }).master.id === master.id,
      );
      expect(left, `${master.id} left`).toBeDefined();
      const restartedAt = commands.findIndex((s) => s.master === `${master.hostname}:${master.port}`);
      const next = commands[restartedAt + 1];
      if (next)
        expect(
          Date.parse(left?.at ?? ""),
          `${master.id} (#${index}) gone before ${next.master} restarted`,
        ).toBeLessThanOrEqual(Date.parse(next.at));
    }
    expect(
      done.steps.filter((s) => s.state === "master_back").every((s) => / its old znode \S+ is gone$/.test(s.detail)),
    ).toBe(true);
    console.log(
      `[measure] rolling restart of 3 masters took ${Date.parse(done.finishedAt ?? "") - Date.parse(done.startedAt)} ms`,
    );
  });

  it("counts a master with two znodes once (a restarted master's old one lingers until its session expires), so the guard still holds", async () => {
    const before = await settled();
    const [stopped, doubled] = before.masters.filter((m) => !m.isLeader);
    if (!stopped || !doubled || !before.leader) throw new Error("no leader and two standbys");
    const stop = await plane.actions.request(clusterId, { action: "stop", masterId: stopped.id, actor: "test" });
    expect((await finished(stop.id)).status).toBe("verified");

    // A second znode for one standby, as its restart leaves for a session timeout; held by this test's session.
    const client = await connect(connectString(zookeeperEnsemble()));
    try {
      const { data } = await getData(client, `/mesos/${doubled.id}`);
      const second =
        (await create(client, "/mesos/json.info_", data, zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL))
          .split("/")
          .at(-1) ?? "";
      await waitFor(
        "both znodes of the standby listed and answering",
        () =>
          state().masters.filter((m) => m.port === doubled.port && m.reachable === true).length === 2
            ? true
            : undefined,
        10_000,
      );
      // Two of three masters run; stopping the leader would leave one, whichever of the standby's znodes is counted.
      const leaderId = state().leader?.id ?? "";
      expect(
        await refusal(plane.actions.request(clusterId, { action: "stop", masterId: leaderId, actor: "test" })),
      ).toMatchObject({
        status: 409,
        code: "guard_refused",
        message: expect.stringContaining("would leave 1 running master, fewer than the quorum of 2"),
      });
      for (const masterId of [doubled.id, second]) {
        expect(
          await refusal(plane.actions.request(clusterId, { action: "restart", masterId, actor: "test" })),
        ).toMatchObject({ status: 409, code: "guard_refused" });
      }
      expect(await refusal(plane.actions.rollingRestart(clusterId, { actor: "test" }))).toMatchObject({
        status: 409,
        code: "guard_refused",
      });
    } finally {
      client.close();
    }
    const start = await plane.actions.request(clusterId, { action: "start", masterId: stopped.id, actor: "test" });
    expect((await finished(start.id)).status).toBe("verified");
    await settled();
  });
});
