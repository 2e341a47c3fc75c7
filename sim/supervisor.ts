// Runs the simulated cluster: one OS process per master, the agents and frameworks (which follow the leader they detect
// in ZooKeeper, like real ones), and the replicated log's quorum rule for registry fetches
// (docs/mesos/failover.md#the-quorum-flag).
import { type ChildProcess, fork } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { mesosFeatures } from "../lib/mesos/versions";
import { parseZkUrl } from "../lib/zk/url";
import { Fleet } from "./fleet";
import { type SimOptions, masterAddress } from "./options";
import type { HttpFault, MasterConfig, MasterToSupervisor, SupervisorToMaster } from "./protocol";
import { forkRandom } from "./random";
import { createWorld } from "./world";
import type { World, WorldMutation } from "./world-model";
import { applyMutation } from "./world-mutations";
import { type DetectedLeader, LeaderDetector, openSession } from "./zk-group";

export type MasterState = "starting" | "running" | "paused" | "stopped";

export interface MasterStatus {
  id: string;
  url: string;
  pid: number | null;
  state: MasterState;
  znode: string | null;
  sequence: number | null;
  leader: boolean;
  restarts: number;
  lastExit: { code: number | null; signal: string | null; at: string } | null;
  restartAt: string | null;
}

interface MasterRecord {
  id: string;
  ip: string;
  port: number;
  child: ChildProcess | null;
  state: MasterState;
  znode: string | null;
  sequence: number | null;
  /** Set by stop/restart: like `systemctl stop`, the supervisor does not bring it back. */
  stopRequested: boolean;
  restartTimer: NodeJS.Timeout | null;
  restartAt: number | null;
  restarts: number;
  lastExit: MasterStatus["lastExit"];
  recovered: boolean;
  pendingFetch: number | null;
}

export class ConflictError extends Error {}

const MASTER_ENTRY = path.join(import.meta.dirname, "master", "main.ts");
const PROJECT_ROOT = path.resolve(import.meta.dirname, "..");

export class Supervisor {
  readonly world: World;
  private readonly masters: MasterRecord[];
  private readonly mutations: WorldMutation[] = [];
  private readonly fleet: Fleet;
  private readonly random;
  private detector: LeaderDetector | null = null;
  private leaderId: string | null = null;
  /** The leader's znode: a restarted master that leads again is a new leader to the agents. */
  private leaderZnode: string | null = null;
  private stopping = false;
  private readonly unreachableTasks: boolean;

  constructor(
    readonly options: SimOptions,
    readonly log: (line: string) => void,
  ) {
    this.world = createWorld({
      seed: options.seed,
      agents: options.agents,
      tasks: options.tasks,
      startTime: Math.floor(Date.now() / 1000),
    });
    this.unreachableTasks = mesosFeatures(options.mesosVersion).unreachableAndRecoveredSlaves;
    this.random = forkRandom(options.seed, "fleet");
    this.fleet = new Fleet(this.random, {
      send: (masterId, kind, ids) =>
        this.sendTo(
          masterId,
          kind === "agent"
            ? { type: "register-agents", agentIds: ids }
            : { type: "register-frameworks", frameworkIds: ids },
        ),
    });
    this.masters = Array.from({ length: options.masters }, (_, index) => ({
      id: `m${index + 1}`,
      ...masterAddress(options, index),
      child: null,
      state: "stopped" as MasterState,
      znode: null,
      sequence: null,
      stopRequested: false,
      restartTimer: null,
      restartAt: null,
      restarts: 0,
      lastExit: null,
      recovered: false,
      pendingFetch: null,
    }));
  }

  async start(): Promise<void> {
    await this.watchLeader();
    for (const master of this.masters) this.spawn(master);
  }

  /** Resolves once every master runs in ZooKeeper, a leader has recovered and every agent and framework registered. */
  async ready(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const leader = this.masters.find((m) => m.id === this.leaderId);
      if (this.masters.every((m) => m.state === "running" && m.znode) && leader?.recovered && this.fleet.pending === 0)
        return;
      if (Date.now() > deadline)
        throw new Error(`the simulated cluster was not ready within ${timeoutMs} ms: ${JSON.stringify(this.status())}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  status(): MasterStatus[] {
    return this.masters.map((m) => ({
      id: m.id,
      url: `http://${m.ip}:${m.port}`,
      pid: m.child?.pid ?? null,
      state: m.state,
      znode: m.znode,
      sequence: m.sequence,
      leader: m.id === this.leaderId,
      restarts: m.restarts,
      lastExit: m.lastExit,
      restartAt: m.restartAt === null ? null : new Date(m.restartAt).toISOString(),
    }));
  }

  get leader(): string | null {
    return this.leaderId;
  }

  private record(id: string): MasterRecord {
    const master = this.masters.find((m) => m.id === id);
    if (!master) throw new ConflictError(`no master "${id}" (masters: ${this.masters.map((m) => m.id).join(", ")})`);
    return master;
  }

  // --- master lifecycle ------------------------------------------------------------------------------

  private config(master: MasterRecord): MasterConfig {
    const o = this.options;
    return {
      id: master.id,
      ip: master.ip,
      port: master.port,
      version: o.mesosVersion,
      zk: o.zk,
      sessionTimeoutMs: o.sessionTimeoutMs,
      registryFetchTimeoutMs: o.registryFetchTimeoutMs,
      quorum: o.quorum,
      cluster: o.cluster,
      seed: o.seed,
      agents: o.agents,
      tasks: o.tasks,
      worldStartTime: this.world.spec.startTime,
      mutations: this.mutations,
      httpAuth: o.httpAuth,
    };
  }

  private spawn(master: MasterRecord): void {
    if (master.restartTimer) clearTimeout(master.restartTimer);
    Object.assign(master, {
      restartTimer: null,
      restartAt: null,
      stopRequested: false,
      state: "starting",
      znode: null,
      sequence: null,
      recovered: false,
      pendingFetch: null,
    });
    const child = fork(MASTER_ENTRY, [], {
      cwd: PROJECT_ROOT,
      execArgv: ["--import", "tsx"],
      env: { ...process.env, MESOS_SIM_MASTER: JSON.stringify(this.config(master)) },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    master.child = child;
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on("line", (line) => this.log(`${master.id}: ${line}`));
    }
    child.on("message", (message: MasterToSupervisor) => this.onMessage(master, message));
    child.on("exit", (code, signal) => this.onExit(master, child, code, signal));
  }

  private onExit(master: MasterRecord, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (master.child !== child) return;
    Object.assign(master, {
      child: null,
      state: "stopped",
      znode: null,
      sequence: null,
      recovered: false,
      pendingFetch: null,
    });
    master.lastExit = { code, signal, at: new Date().toISOString() };
    this.log(`${master.id} exited (${signal ?? `code ${code}`})`);
    const delay = this.options.restartDelayMs;
    if (!master.stopRequested && !this.stopping && delay !== null) {
      master.restartAt = Date.now() + delay;
      master.restartTimer = setTimeout(() => {
        master.restarts++;
        this.spawn(master);
      }, delay);
    }
    this.answerRegistryFetches();
  }

  private onMessage(master: MasterRecord, message: MasterToSupervisor): void {
    switch (message.type) {
      case "ready":
        master.state = "running";
        this.answerRegistryFetches();
        return;
      case "contending":
        Object.assign(master, { znode: message.znode, sequence: message.sequence });
        return;
      case "elected":
        master.recovered = false;
        return;
      case "recovered":
        master.recovered = true;
        return;
      case "registry-fetch":
        master.pendingFetch = message.requestId;
        this.answerRegistryFetches();
        return;
      case "agents-dropped":
        this.fleet.dropped(master.id, "agent", message.agentIds);
        return;
      case "frameworks-dropped":
        this.fleet.dropped(master.id, "framework", message.frameworkIds);
        return;
      case "log":
        this.log(`${master.id}: ${message.line}`);
        return;
    }
  }

  /**
   * The registry is read from the replicated log, which answers only while a quorum of replicas runs
   * (docs/mesos/failover.md#the-quorum-flag).
   */
  private answerRegistryFetches(): void {
    const replicas = this.masters.filter((m) => m.state === "running").length;
    if (replicas < this.options.quorum) return;
    for (const master of this.masters) {
      const requestId = master.pendingFetch;
      if (requestId === null || master.state !== "running") continue;
      master.pendingFetch = null;
      setTimeout(() => this.sendTo(master.id, { type: "registry", requestId }), 50 + Math.floor(this.random() * 100));
    }
  }

  private sendTo(masterId: string, message: SupervisorToMaster): void {
    const child = this.masters.find((m) => m.id === masterId)?.child;
    if (child?.connected) child.send(message);
  }

  private waitForExit(master: MasterRecord): Promise<void> {
    const child = master.child;
    if (!child) return Promise.resolve();
    return new Promise((resolve) => child.once("exit", () => resolve()));
  }

  /** Signals a running master and resolves once it has exited. */
  private async signalAndWait(id: string, signal: NodeJS.Signals, stopRequested: boolean): Promise<MasterStatus> {
    const master = this.record(id);
    if (!master.child) throw new ConflictError(`${id} is not running`);
    master.stopRequested = stopRequested;
    const exited = this.waitForExit(master);
    master.child.kill("SIGCONT"); // a paused process cannot act on SIGTERM
    master.child.kill(signal);
    await exited;
    return this.statusOf(id);
  }

  /** Like `systemctl stop`: SIGTERM, and no automatic restart. */
  stop(id: string): Promise<MasterStatus> {
    return this.signalAndWait(id, "SIGTERM", true);
  }

  /** SIGKILL; the supervisor restarts it after --restart-delay, as systemd's Restart=always would. */
  kill(id: string): Promise<MasterStatus> {
    return this.signalAndWait(id, "SIGKILL", false);
  }

  /** SIGSTOP: a hung master that accepts connections and never answers; its ZooKeeper session expires. */
  pause(id: string): MasterStatus {
    const master = this.record(id);
    if (!master.child || master.state !== "running") throw new ConflictError(`${id} is ${master.state}, not running`);
    master.child.kill("SIGSTOP");
    master.state = "paused";
    return this.statusOf(id);
  }

  resume(id: string): MasterStatus {
    const master = this.record(id);
    if (!master.child || master.state !== "paused") throw new ConflictError(`${id} is ${master.state}, not paused`);
    master.child.kill("SIGCONT");
    master.state = "running";
    this.answerRegistryFetches();
    return this.statusOf(id);
  }

  /** Makes a running master's HTTP API misbehave (or behave again with null), for tests of hostile masters. */
  fault(id: string, mode: HttpFault | null): MasterStatus {
    const master = this.record(id);
    if (!master.child || master.state !== "running") throw new ConflictError(`${id} is ${master.state}, not running`);
    master.child.send({ type: "fault", mode } satisfies SupervisorToMaster);
    return this.statusOf(id);
  }

  startMaster(id: string): MasterStatus {
    const master = this.record(id);
    if (master.child) throw new ConflictError(`${id} is already ${master.state}`);
    this.spawn(master);
    return this.statusOf(id);
  }

  async restart(id: string): Promise<MasterStatus> {
    const master = this.record(id);
    if (master.child) await this.stop(id);
    master.restarts++;
    this.spawn(master);
    return this.statusOf(id);
  }

  private statusOf(id: string): MasterStatus {
    const status = this.status().find((s) => s.id === id);
    if (!status) throw new ConflictError(`no master "${id}"`);
    return status;
  }

  // --- agents ----------------------------------------------------------------------------------------

  mutate(mutation: WorldMutation): void {
    applyMutation(this.world, mutation, this.unreachableTasks);
    this.mutations.push(mutation);
    for (const master of this.masters) this.sendTo(master.id, { type: "mutation", mutation });
    if (mutation.type === "add-agents") {
      this.fleet.add(
        "agent",
        this.world.agents.slice(-mutation.count).map((a) => a.id),
      );
    } else if (mutation.type === "remove-agent" || mutation.type === "agent-unreachable") {
      this.fleet.forget("agent", mutation.agentId);
    }
  }

  // --- the agents' detector --------------------------------------------------------------------------

  private async watchLeader(): Promise<void> {
    const zk = parseZkUrl(this.options.zk);
    const client = await openSession(zk, 10_000);
    this.detector = new LeaderDetector(client, zk.path, 10_000, {
      leader: (leader) => this.onLeader(leader),
      log: (line) => this.log(`detector: ${line}`),
      lost: (reason) => {
        this.log(`detector: ${reason}; reconnecting`);
        if (!this.stopping) void this.watchLeader().catch((error: unknown) => this.log(`detector: ${String(error)}`));
      },
    });
    this.detector.start();
  }

  private onLeader(leader: DetectedLeader | null): void {
    const master = leader ? this.masters.find((m) => `${m.ip}:${m.port}` === `${leader.ip}:${leader.port}`) : undefined;
    const id = master?.id ?? null;
    if ((leader?.znode ?? null) === this.leaderZnode) return;
    this.leaderZnode = leader?.znode ?? null;
    this.leaderId = id;
    this.log(leader ? `leader is ${id ?? "unknown"} (${leader.pid}, ${leader.znode})` : "no leader");
    const live = this.world.agents.filter((a) => a.status === "active" || a.status === "deactivated").map((a) => a.id);
    this.fleet.onLeader(
      id,
      live,
      this.world.frameworks.map((f) => f.id),
    );
  }

  async shutdown(): Promise<void> {
    this.stopping = true;
    this.fleet.stop();
    this.detector?.stop(true);
    await Promise.all(
      this.masters.map(async (master) => {
        if (master.restartTimer) clearTimeout(master.restartTimer);
        if (master.child) await this.signalAndWait(master.id, "SIGKILL", true);
      }),
    );
  }
}
