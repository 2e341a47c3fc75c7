// Carrying out a fault plan on the test bed, and recording it with its start and end times.
import { setTimeout as sleep } from "node:timers/promises";
import { type Ensemble, type RunningSim, startServer as startZkServer, stopServer as stopZkServer } from "../testbed";
import type { FaultPlan, MasterOp, Situation } from "./faults";
import type { HostileZnodes } from "./hostile";
import type { ActionRecord } from "./log";
import type { TruthRecorder } from "./truth";

export interface SoakCluster {
  name: string;
  path: string;
  sim: RunningSim;
}

/** What the driver does to the dashboard itself; implemented by index.ts, which owns the server. */
export interface DashboardHandle {
  /** SIGKILL, `whileDown()`, then a new server once it answers; records the restart. */
  restart(whileDown: () => Promise<void>): Promise<void>;
  /** SIGSTOP for `ms`, then SIGCONT; records the pause. */
  freeze(ms: number): Promise<void>;
  sessionTimeoutMs: number;
}

export interface TestBed {
  clusters: SoakCluster[];
  ensemble: Ensemble;
  hostile: HostileZnodes;
  truth: TruthRecorder;
  dashboard: DashboardHandle;
}

interface SimMaster {
  id: string;
  state: "starting" | "running" | "paused" | "stopped";
  restartAt: string | null;
  leader: boolean;
  znode: string | null;
}

async function control(sim: RunningSim, method: string, route: string, body?: unknown): Promise<unknown> {
  const reply = await sim.control(method, route, body);
  if (reply.status >= 300) throw new Error(`${method} ${route}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

export async function simMasters(sim: RunningSim): Promise<SimMaster[]> {
  return (await control(sim, "GET", "/masters")) as SimMaster[];
}

export async function situation(bed: TestBed): Promise<Situation> {
  const clusters = await Promise.all(
    bed.clusters.map(async (c) => ({
      masters: (await simMasters(c.sim)).map((m) => ({
        id: m.id,
        state: m.state,
        restarting: m.restartAt !== null,
        leader: m.leader,
      })),
    })),
  );
  return {
    clusters,
    zkServers: bed.ensemble.servers.map((s) => s.id),
    zkDown: bed.ensemble.servers.filter((s) => s.pid === null).map((s) => s.id),
    hostileLive: bed.hostile.live.length,
  };
}

/** Whether a master is starting, paused or due to be restarted by the simulator: ZooKeeper is about to change. */
async function settling(bed: TestBed): Promise<boolean> {
  for (const cluster of bed.clusters) {
    const masters = await simMasters(cluster.sim).catch(() => []);
    if (masters.some((m) => m.state === "starting" || m.state === "paused" || m.restartAt !== null)) return true;
  }
  return false;
}

/** Waits until ZooKeeper has not changed for `quietMs` and no master is about to change it (bounded by `maxMs`). */
async function quiet(bed: TestBed, quietMs: number, maxMs: number): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline && (Date.now() - bed.truth.lastChangeAt() < quietMs || (await settling(bed))))
    await sleep(200);
}

async function masterOp(bed: TestBed, op: Omit<MasterOp, "op"> & { op: "kill" | "stop" | "start" }): Promise<string> {
  const cluster = bed.clusters[op.cluster];
  if (!cluster) throw new Error(`no cluster ${op.cluster}`);
  const master = (await simMasters(cluster.sim)).find((m) => m.id === op.master);
  await control(cluster.sim, "POST", `/masters/${op.master}/${op.op}`);
  return `${cluster.name}/${op.master} ${op.op} (znode ${master?.znode ?? "none"})`;
}

const MASTER_OPS = { "master.kill": "kill", "master.stop": "stop", "master.start": "start" } as const;

async function perform(bed: TestBed, plan: FaultPlan, detail: Record<string, unknown>): Promise<void> {
  const cluster = "cluster" in plan ? bed.clusters[plan.cluster] : undefined;
  if (cluster) detail.clusterName = cluster.name;
  switch (plan.kind) {
    case "master.kill":
    case "master.stop":
    case "master.start":
      detail.did = await masterOp(bed, { cluster: plan.cluster, master: plan.master, op: MASTER_OPS[plan.kind] });
      return;
    case "master.pause": {
      if (!cluster) return;
      const master = (await simMasters(cluster.sim)).find((m) => m.id === plan.master);
      detail.znode = master?.znode ?? null;
      await control(cluster.sim, "POST", `/masters/${plan.master}/pause`);
      await sleep(plan.ms);
      await control(cluster.sim, "POST", `/masters/${plan.master}/resume`).catch((e: unknown) => {
        detail.resume = String(e); // restarted after its session expired and it exited
      });
      return;
    }
    case "zk.stop":
      await stopZkServer(bed.ensemble, plan.server);
      return;
    case "zk.start":
      await startZkServer(bed.ensemble, plan.server, 90_000);
      return;
    case "zk.quorum-loss":
      for (const id of plan.servers) await stopZkServer(bed.ensemble, id);
      detail.lostAt = Date.now();
      await sleep(plan.ms);
      for (const id of plan.servers) await startZkServer(bed.ensemble, id, 90_000);
      return;
    case "dashboard.restart":
      // From a still ZooKeeper and back to one, so what changed while the dashboard was down is known exactly.
      await quiet(bed, 3_000, 30_000);
      await bed.dashboard.restart(async () => {
        const did: string[] = [];
        for (const op of plan.whileDown)
          did.push(await masterOp(bed, op).catch((e: unknown) => `failed: ${String(e)}`));
        detail.whileDown = did;
        // A stopped master's znode goes only with its session (4 s): wait for that before waiting for stillness.
        await sleep(did.length > 0 ? 6_000 : 1_000);
        await quiet(bed, 4_000, 60_000);
      });
      return;
    case "dashboard.session-expiry":
      await bed.dashboard.freeze(bed.dashboard.sessionTimeoutMs + plan.extraMs);
      return;
    case "hostile.znode":
      if (cluster) detail.znode = await bed.hostile.create(cluster.path, plan.hostile, plan.lifetimeMs);
      return;
    case "leader.garbage": {
      if (!cluster) return;
      const leader = (await simMasters(cluster.sim)).find((m) => m.leader && m.state === "running");
      if (!leader) {
        detail.skipped = "no running leader";
        return;
      }
      detail.master = leader.id;
      detail.znode = leader.znode;
      await control(cluster.sim, "POST", `/masters/${leader.id}/fault`, { mode: "garbage" });
      await sleep(plan.ms);
      await control(cluster.sim, "POST", `/masters/${leader.id}/fault`, { mode: null }).catch(() => undefined);
      return;
    }
  }
}

export async function execute(bed: TestBed, plan: FaultPlan): Promise<ActionRecord> {
  const at = Date.now();
  const detail: Record<string, unknown> = { ...plan };
  delete detail.kind;
  try {
    await perform(bed, plan, detail);
    return { at, end: Date.now(), kind: plan.kind, detail };
  } catch (error) {
    return {
      at,
      end: Date.now(),
      kind: plan.kind,
      detail,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/** Back to a whole cluster at the end: every ZooKeeper server and stopped master started, faults off. */
export async function restoreAll(bed: TestBed): Promise<void> {
  for (const server of bed.ensemble.servers)
    if (server.pid === null) await startZkServer(bed.ensemble, server.id, 90_000).catch(() => undefined);
  for (const cluster of bed.clusters) {
    for (const m of await simMasters(cluster.sim).catch(() => [])) {
      if (m.state === "paused") await control(cluster.sim, "POST", `/masters/${m.id}/resume`).catch(() => undefined);
      if (m.state === "stopped" && m.restartAt === null)
        await control(cluster.sim, "POST", `/masters/${m.id}/start`).catch(() => undefined);
      await control(cluster.sim, "POST", `/masters/${m.id}/fault`, { mode: null }).catch(() => undefined);
    }
  }
  await bed.hostile.removeDue(true);
}
