// Runs the simulated cluster: one OS process per master, the agents and frameworks (which follow the leader they detect
// in ZooKeeper, like real ones), and the replicated log's quorum rule for registry fetches
// (docs/mesos/failover.md#the-quorum-flag). It owns the world, its mutations and the agents' detector;
// master-processes.ts runs the processes and applies the quorum rule.
import { parseZkUrl } from "../lib/zk/url";
import { Fleet } from "./fleet";
import { MasterProcesses } from "./master-processes";
import type { MasterStatus } from "./master-record";
import type { SimOptions } from "./options";
import type { HttpFault, MasterConfig } from "./protocol";
import { forkRandom } from "./random";
import { createWorld } from "./world";
import type { World, WorldChange, WorldMutation } from "./world-model";
import { applyMutation } from "./world-mutations";
import { snapshotWorld } from "./world-snapshot";
import { TaskControl } from "./task-control";
import { type DetectedLeader, LeaderDetector, openSession } from "./zk-group";

export class Supervisor {
  readonly world: World;
  /** The control API's task calls and the churn. */
  readonly tasks: TaskControl;
  private readonly processes: MasterProcesses;
  /** The world changed since the seed built it: masters started from now on receive it (sim/world-snapshot.ts). */
  private mutated = false;
  private readonly fleet: Fleet;
  private readonly random;
  private detector: LeaderDetector | null = null;
  private leaderId: string | null = null;
  /** The leader's znode: a restarted master that leads again is a new leader to the agents. */
  private leaderZnode: string | null = null;
  private stopping = false;

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
    this.tasks = new TaskControl(this.world, options.seed, (mutation) => this.mutate(mutation));
    this.random = forkRandom(options.seed, "fleet");
    this.fleet = new Fleet(this.random, {
      send: (masterId, kind, ids) =>
        this.processes.sendTo(
          masterId,
          kind === "agent"
            ? { type: "register-agents", agentIds: ids }
            : { type: "register-frameworks", frameworkIds: ids },
        ),
    });
    this.processes = new MasterProcesses(options, this.random, {
      log: (line) => this.log(line),
      config: (master) => this.config(master),
      worldSnapshot: () => snapshotWorld(this.world),
      dropped: (masterId, kind, ids) => this.fleet.dropped(masterId, kind, ids),
      leaderId: () => this.leaderId,
    });
  }

  async start(): Promise<void> {
    await this.watchLeader();
    this.processes.startAll();
  }

  /** Resolves once every master runs in ZooKeeper, a leader has recovered and every agent and framework registered. */
  async ready(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.processes.upWithRecoveredLeader() && this.fleet.pending === 0) return;
      if (Date.now() > deadline)
        throw new Error(`the simulated cluster was not ready within ${timeoutMs} ms: ${JSON.stringify(this.status())}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  status(): MasterStatus[] {
    return this.processes.status();
  }

  get leader(): string | null {
    return this.leaderId;
  }

  // --- master lifecycle ------------------------------------------------------------------------------

  private config(master: { id: string; ip: string; port: number }): MasterConfig {
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
      worldSnapshot: this.mutated,
      httpAuth: o.httpAuth,
      heartbeatSeconds: o.heartbeatSeconds,
    };
  }

  /** Like `systemctl stop`: SIGTERM, and no automatic restart. */
  stop(id: string): Promise<MasterStatus> {
    return this.processes.stop(id);
  }

  /** SIGKILL; the supervisor restarts it after --restart-delay, as systemd's Restart=always would. */
  kill(id: string): Promise<MasterStatus> {
    return this.processes.kill(id);
  }

  /** SIGSTOP: a hung master that accepts connections and never answers; its ZooKeeper session expires. */
  pause(id: string): MasterStatus {
    return this.processes.pause(id);
  }

  resume(id: string): MasterStatus {
    return this.processes.resume(id);
  }

  /** Makes a running master's HTTP API misbehave (or behave again with null), for tests of hostile masters. */
  fault(id: string, mode: HttpFault | null): MasterStatus {
    return this.processes.fault(id, mode);
  }

  startMaster(id: string): MasterStatus {
    return this.processes.start(id);
  }

  restart(id: string): Promise<MasterStatus> {
    return this.processes.restart(id);
  }

  // --- agents ----------------------------------------------------------------------------------------

  /** Applies a change here and in every running master, in the same order everywhere. */
  mutate(mutation: WorldMutation): WorldChange[] {
    const changes = applyMutation(this.world, mutation, this.options.mesosVersion);
    this.mutated = true;
    this.processes.sendToAll({ type: "mutation", mutation });
    if (mutation.type === "add-agents") {
      this.fleet.add(
        "agent",
        this.world.agents.slice(-mutation.count).map((a) => a.id),
      );
    } else if (mutation.type === "remove-agent" || mutation.type === "agent-unreachable") {
      this.fleet.forget("agent", mutation.agentId);
    }
    return changes;
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
    const id = leader ? this.processes.idAt(leader.ip, leader.port) : null;
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
    this.tasks.stop();
    this.fleet.stop();
    this.detector?.stop(true);
    await this.processes.shutdown();
  }
}
