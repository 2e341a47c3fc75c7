// The fault catalogue and the seeded choice of the next fault. Pure: the driver describes the situation, this picks
// what to do and every random parameter of it, so the same seed in the same situation makes the same plan.
import { type Rng, weightedPick } from "./random";

export type HostileKind = "garbage-bytes" | "oversized" | "path-in-hostname" | "link-local" | "foreign-host";
export const HOSTILE_KINDS: readonly HostileKind[] = [
  "garbage-bytes",
  "oversized",
  "path-in-hostname",
  "link-local",
  "foreign-host",
];

export type MasterOp = { cluster: number; master: string; op: "stop" | "start" };

export type FaultPlan =
  | { kind: "master.kill"; cluster: number; master: string }
  | { kind: "master.pause"; cluster: number; master: string; ms: number }
  | { kind: "master.stop"; cluster: number; master: string }
  | { kind: "master.start"; cluster: number; master: string }
  | { kind: "zk.stop"; server: number }
  | { kind: "zk.start"; server: number }
  | { kind: "zk.quorum-loss"; servers: number[]; ms: number }
  /** SIGKILL of the dashboard; `whileDown` master changes; restarted once ZooKeeper has been still for a while. */
  | { kind: "dashboard.restart"; whileDown: MasterOp[] }
  /** SIGSTOP of the dashboard for its ZooKeeper session timeout plus `extraMs`, then SIGCONT: the session expires. */
  | { kind: "dashboard.session-expiry"; extraMs: number }
  | { kind: "hostile.znode"; cluster: number; hostile: HostileKind; lifetimeMs: number }
  | { kind: "leader.garbage"; cluster: number; ms: number };

export type FaultKind = FaultPlan["kind"];

export const FAULT_KINDS: readonly FaultKind[] = [
  "master.kill",
  "master.pause",
  "master.stop",
  "master.start",
  "zk.stop",
  "zk.start",
  "zk.quorum-loss",
  "dashboard.restart",
  "dashboard.session-expiry",
  "hostile.znode",
  "leader.garbage",
];

export interface MasterSituation {
  id: string;
  /** As the simulator's control API says; a killed master is `stopped` with `restarting` true. */
  state: "starting" | "running" | "paused" | "stopped";
  restarting: boolean;
  leader: boolean;
}

export interface Situation {
  clusters: { masters: MasterSituation[] }[];
  zkServers: number[];
  zkDown: number[];
  hostileLive: number;
}

const MAX_HOSTILE = 3;

function running(masters: readonly MasterSituation[]): MasterSituation[] {
  return masters.filter((m) => m.state === "running");
}

/** Masters that may be killed, paused or stopped: the cluster keeps at least two running (its log's quorum). */
function targets(situation: Situation, needAll: boolean): { cluster: number; master: string }[] {
  return situation.clusters.flatMap((cluster, index) => {
    const up = running(cluster.masters);
    if (up.length < (needAll ? cluster.masters.length : 2)) return [];
    return up.map((m) => ({ cluster: index, master: m.id }));
  });
}

function stopped(situation: Situation): { cluster: number; master: string }[] {
  return situation.clusters.flatMap((cluster, index) =>
    cluster.masters
      .filter((m) => m.state === "stopped" && !m.restarting)
      .map((m) => ({ cluster: index, master: m.id })),
  );
}

function shuffle<T>(rng: Rng, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** Master changes made while the dashboard is down: a stop of a running master or a start of a stopped one. */
function whileDownOps(rng: Rng, situation: Situation): MasterOp[] {
  const ops: MasterOp[] = [];
  const count = rng.int(0, 2);
  const state = situation.clusters.map((c) => c.masters.map((m) => ({ ...m })));
  for (let i = 0; i < count; i++) {
    const view: Situation = { ...situation, clusters: state.map((masters) => ({ masters })) };
    const options: MasterOp[] = [
      ...targets(view, false).map((t) => ({ ...t, op: "stop" as const })),
      ...stopped(view).map((t) => ({ ...t, op: "start" as const })),
    ];
    if (options.length === 0) break;
    const op = rng.pick(options);
    const master = state[op.cluster]?.find((m) => m.id === op.master);
    if (master) master.state = op.op === "stop" ? "stopped" : "starting";
    ops.push(op);
  }
  return ops;
}

/** The next fault for this situation, or null when none applies. */
export function chooseFault(rng: Rng, situation: Situation): FaultPlan | null {
  const killable = targets(situation, false);
  const stoppable = targets(situation, true);
  const startable = stopped(situation);
  const zkUp = situation.zkServers.filter((id) => !situation.zkDown.includes(id));
  const zkAllUp = situation.zkDown.length === 0;
  const kind = weightedPick<FaultKind>(rng, [
    { value: "master.kill", weight: killable.length > 0 ? 3 : 0 },
    { value: "master.pause", weight: killable.length > 0 ? 2 : 0 },
    { value: "master.stop", weight: stoppable.length > 0 ? 2 : 0 },
    { value: "master.start", weight: startable.length > 0 ? 5 : 0 },
    { value: "zk.stop", weight: zkAllUp ? 1.5 : 0 },
    { value: "zk.start", weight: situation.zkDown.length > 0 ? 5 : 0 },
    { value: "zk.quorum-loss", weight: zkAllUp && zkUp.length >= 3 ? 0.7 : 0 },
    { value: "dashboard.restart", weight: 1 },
    { value: "dashboard.session-expiry", weight: 0.7 },
    { value: "hostile.znode", weight: situation.hostileLive < MAX_HOSTILE ? 2 : 0 },
    { value: "leader.garbage", weight: 1.2 },
  ]);
  const cluster = () => rng.int(0, situation.clusters.length - 1);
  switch (kind) {
    case null:
      return null;
    case "master.kill":
      return { kind, ...rng.pick(killable) };
    case "master.pause":
      return { kind, ...rng.pick(killable), ms: rng.int(2_000, 12_000) };
    case "master.stop":
      return { kind, ...rng.pick(stoppable) };
    case "master.start":
      return { kind, ...rng.pick(startable) };
    case "zk.stop":
      return { kind, server: rng.pick(zkUp) };
    case "zk.start":
      return { kind, server: rng.pick(situation.zkDown) };
    case "zk.quorum-loss": {
      const servers = shuffle(rng, zkUp).slice(0, Math.floor(zkUp.length / 2) + (zkUp.length % 2 === 0 ? 0 : 1));
      return { kind, servers: servers.sort((a, b) => a - b), ms: rng.int(3_000, 15_000) };
    }
    case "dashboard.restart":
      return { kind, whileDown: whileDownOps(rng, situation) };
    case "dashboard.session-expiry":
      return { kind, extraMs: rng.int(2_000, 6_000) };
    case "hostile.znode":
      return { kind, cluster: cluster(), hostile: rng.pick(HOSTILE_KINDS), lifetimeMs: rng.int(10_000, 40_000) };
    case "leader.garbage":
      return { kind, cluster: cluster(), ms: rng.int(4_000, 15_000) };
  }
}

/** How long the driver waits after a fault before choosing the next one. */
export function pauseAfter(rng: Rng): number {
  return rng.int(2_000, 10_000);
}
