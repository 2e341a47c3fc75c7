// The simulated masters as OS processes: forks one per master, restarts it after a crash as systemd would, signals it
// for the control API, and answers its registry fetches by the replicated log's quorum rule
// (docs/mesos/failover.md#the-quorum-flag). The supervisor owns the world and the leader these processes serve.
import { type ChildProcess, fork } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { ConflictError, type MasterRecord, type MasterStatus, masterStatus, newMasterRecord } from "./master-record";
import { type SimOptions, masterAddress } from "./options";
import type { HttpFault, MasterConfig, MasterToSupervisor, SupervisorToMaster } from "./protocol";
import type { Random } from "./random";
import type { WorldSnapshot } from "./world-snapshot";

/** What the master processes need from the supervisor. */
export interface MasterProcessHooks {
  log(line: string): void;
  /** The configuration a master starts with, read at every (re)start. */
  config(master: { id: string; ip: string; port: number }): MasterConfig;
  /** The world to send first to a master whose config says `worldSnapshot`. */
  worldSnapshot(): WorldSnapshot;
  /** A master could not take these registrations yet (it is not the leader, or has not recovered). */
  dropped(masterId: string, kind: "agent" | "framework", ids: string[]): void;
  leaderId(): string | null;
}

const MASTER_ENTRY = path.join(import.meta.dirname, "master", "main.ts");
const PROJECT_ROOT = path.resolve(import.meta.dirname, "..");

export class MasterProcesses {
  private readonly masters: MasterRecord[];
  private stopping = false;

  constructor(
    private readonly options: SimOptions,
    private readonly random: Random,
    private readonly hooks: MasterProcessHooks,
  ) {
    this.masters = Array.from({ length: options.masters }, (_, index) =>
      newMasterRecord(`m${index + 1}`, masterAddress(options, index)),
    );
  }

  startAll(): void {
    for (const master of this.masters) this.spawn(master);
  }

  /** Every master runs and has its znode in ZooKeeper, and the leader has recovered. */
  upWithRecoveredLeader(): boolean {
    const leader = this.masters.find((m) => m.id === this.hooks.leaderId());
    return this.masters.every((m) => m.state === "running" && m.znode) && leader?.recovered === true;
  }

  status(): MasterStatus[] {
    const leaderId = this.hooks.leaderId();
    return this.masters.map((m) => masterStatus(m, leaderId));
  }

  /** The id of the master at this address, if one of ours. */
  idAt(ip: string, port: number): string | null {
    return this.masters.find((m) => `${m.ip}:${m.port}` === `${ip}:${port}`)?.id ?? null;
  }

  private record(id: string): MasterRecord {
    const master = this.masters.find((m) => m.id === id);
    if (!master) throw new ConflictError(`no master "${id}" (masters: ${this.masters.map((m) => m.id).join(", ")})`);
    return master;
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
    const config = this.hooks.config(master);
    const child = fork(MASTER_ENTRY, [], {
      cwd: PROJECT_ROOT,
      execArgv: ["--import", "tsx"],
      env: { ...process.env, MESOS_SIM_MASTER: JSON.stringify(config) },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    master.child = child;
    // Sent before any other message, so the master applies later changes to this world (sim/world-snapshot.ts).
    if (config.worldSnapshot)
      child.send({ type: "world", snapshot: this.hooks.worldSnapshot() } satisfies SupervisorToMaster);
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on("line", (line) => this.hooks.log(`${master.id}: ${line}`));
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
    this.hooks.log(`${master.id} exited (${signal ?? `code ${code}`})`);
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
        this.hooks.dropped(master.id, "agent", message.agentIds);
        return;
      case "frameworks-dropped":
        this.hooks.dropped(master.id, "framework", message.frameworkIds);
        return;
      case "log":
        this.hooks.log(`${master.id}: ${message.line}`);
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

  sendTo(masterId: string, message: SupervisorToMaster): void {
    const child = this.masters.find((m) => m.id === masterId)?.child;
    if (child?.connected) child.send(message);
  }

  sendToAll(message: SupervisorToMaster): void {
    for (const master of this.masters) this.sendTo(master.id, message);
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

  start(id: string): MasterStatus {
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

  /** Kills every master for good; none restarts. */
  async shutdown(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      this.masters.map(async (master) => {
        if (master.restartTimer) clearTimeout(master.restartTimer);
        if (master.child) await this.signalAndWait(master.id, "SIGKILL", true);
      }),
    );
  }
}
