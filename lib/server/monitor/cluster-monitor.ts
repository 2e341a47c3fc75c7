import "server-only";
// One cluster, watched: its masters (from ZooKeeper or a static list), each master's health, the leader's state,
// and the event history derived from all of it. The control plane owns one per registered cluster.
import { leaderOf } from "@/lib/mesos/master-info";
import type { MembersSnapshot, ZkConnection, ZkEnsemble } from "@/lib/zk/ensemble";
import type { ZkUrl } from "@/lib/zk/url";
import { type AgentRow, agentRows } from "@/lib/mesos/agents";
import { agentCounts, frameworkSummaries, resourceTotals, taskCounts } from "@/lib/mesos/totals";
import type { MesosState, MetricsSnapshot } from "@/lib/mesos/schemas";
import { type EventDraft, type EventTiming, type Observation, type RecordedState, deriveEvents } from "./derive-events";
import { leaderDispute } from "./dispute";
import { type HttpCredentials, MasterHttpError, type MasterRequestOptions } from "./master-http";
import { fetchMetrics, fetchState, probeElected, probeHealth } from "./master-api";
import {
  type TrackedMaster,
  findByUrl,
  fromRecorded,
  fromStaticUrl,
  fromZkMember,
  labelOf,
  toRef,
} from "./master-list";
import { backoffMs, pollIntervalMs } from "./schedule";
import type { ClusterStateView, LeaderView, MasterView, PollView, ZkStatus } from "@/lib/shared/cluster-state";
import type { ClusterEventView } from "@/lib/shared/events";

export interface ClusterDefinition {
  id: number;
  name: string;
  zk: ZkUrl | null;
  masters: string[] | null;
  httpAuth: HttpCredentials | null;
}

export interface MonitorSettings {
  pollBaseMs: number;
  healthIntervalMs: number;
  healthTimeoutMs: number;
  electedIntervalMs: number;
  requestTimeoutMs: number;
  maxStateBytes: number;
  timing: EventTiming;
}

export interface MonitorDeps {
  /** Persists events and the new recorded state together; returns the stored events with their ids. */
  record(clusterId: number, events: EventDraft[], recorded: RecordedState): Promise<ClusterEventView[]>;
  publishEvents(clusterId: number, events: ClusterEventView[]): void;
  publishState(clusterId: number, view: ClusterStateView): void;
  log(line: string): void;
}

interface Health {
  reachable: boolean | null;
  elected: boolean | null;
  error: string | null;
  since: number | null;
  healthInFlight: boolean;
  electedInFlight: boolean;
}

interface LeaderSummary {
  state: MesosState;
  metrics: MetricsSnapshot | null;
  masterId: string;
  electedAt: string | null;
}

const ZK_STATUS: Record<ZkConnection, ZkStatus> = {
  connecting: "disconnected",
  connected: "connected",
  disconnected: "disconnected",
  expired: "expired",
};

export class ClusterMonitor {
  private members: TrackedMaster[] = [];
  private fresh = false;
  private sawFresh = false;
  private zk: { status: ZkStatus; since: number } = { status: "none", since: Date.now() };
  private pendingExpiry = false;
  private readonly health = new Map<string, Health>();
  private summary: LeaderSummary | null = null;
  private agentCache: { summary: LeaderSummary; rows: AgentRow[] } | null = null;
  private summaryView: Pick<ClusterStateView, "agents" | "resources" | "frameworks" | "tasks" | "mesos"> | null = null;
  private poll: PollView;
  private pollFailures = 0;
  private pollInFlight: Promise<void> | null = null;
  private staticLeaderId: string | null = null;
  private staticSearched = false;
  private dispute: { reason: string; since: number } | null = null;
  private version = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private pollTimer: NodeJS.Timeout | null = null;
  private recheckTimer: NodeJS.Timeout | null = null;
  private reconciling: Promise<void> | null = null;
  private reconcileAgain = false;
  private stopWatching: (() => void) | null = null;
  private stopped = false;
  private lastLeaderId: string | null = null;
  private leaderSince: number | null = null;
  private noLeaderSince: number | null = null;

  constructor(
    readonly definition: ClusterDefinition,
    private recorded: RecordedState | null,
    lastEventId: number,
    private readonly settings: MonitorSettings,
    private readonly deps: MonitorDeps,
    private readonly ensemble: ZkEnsemble | null,
  ) {
    this.version = lastEventId;
    this.poll = {
      status: "pending",
      error: null,
      lastSuccessAt: null,
      source: null,
      durationMs: null,
      bytes: null,
      intervalMs: settings.pollBaseMs,
    };
    if (definition.masters) {
      this.members = definition.masters.map(fromStaticUrl);
    } else if (recorded) {
      this.members = recorded.masters.map(fromRecorded); // last known, stale until ZooKeeper answers
    }
  }

  start(): void {
    if (this.ensemble && this.definition.zk) {
      const ensemble = this.ensemble;
      this.zk = { status: ZK_STATUS[ensemble.connection], since: Date.now() };
      const onConnection = (connection: ZkConnection) => this.onZkConnection(connection);
      const onExpired = () => {
        this.pendingExpiry = true;
        this.reconcile();
      };
      ensemble.on("connection", onConnection);
      ensemble.on("expired", onExpired);
      const unwatch = ensemble.watchMembers(this.definition.zk.path, (snapshot) => this.onMembers(snapshot));
      this.stopWatching = () => {
        unwatch();
        ensemble.off("connection", onConnection);
        ensemble.off("expired", onExpired);
      };
    }
    this.every(this.settings.healthIntervalMs, () => this.probeAllHealth());
    this.every(this.settings.electedIntervalMs, () => this.probeAllElected());
    this.schedulePoll(0);
    this.probeAllHealth();
    this.reconcile();
  }

  stop(): void {
    this.stopped = true;
    this.stopWatching?.();
    for (const timer of this.timers) clearInterval(timer);
    this.timers.clear();
    if (this.pollTimer) clearTimeout(this.pollTimer);
    if (this.recheckTimer) clearTimeout(this.recheckTimer);
  }

  /** Resolves once pending derivations are persisted (tests and shutdown). */
  async settled(): Promise<void> {
    while (this.reconciling) await this.reconciling;
  }

  // ---- sources -------------------------------------------------------------------------------------------

  private onZkConnection(connection: ZkConnection): void {
    const status = ZK_STATUS[connection];
    if (status !== this.zk.status) this.zk = { status, since: Date.now() };
    if (connection !== "connected") this.fresh = false; // the list is the last known until read again
    this.reconcile();
  }

  private onMembers(snapshot: MembersSnapshot): void {
    if (this.stopped) return;
    this.members = snapshot.members.map(fromZkMember);
    this.fresh = true;
    for (const id of this.health.keys()) if (!this.members.some((m) => m.id === id)) this.health.delete(id);
    const leader = this.zkLeader();
    if (leader?.id !== this.lastLeaderId) {
      this.pollFailures = 0;
      this.schedulePoll(0); // a new leader: read its state now
      this.probeAllElected();
    }
    this.probeAllHealth();
    this.reconcile();
  }

  private zkLeader(): TrackedMaster | null {
    if (this.definition.masters) return this.members.find((m) => m.id === this.staticLeaderId) ?? null;
    // Lowest sequence over all formats, decodable or not (reference §1.5).
    return leaderOf(this.members.flatMap((m) => (m.sequence === null ? [] : [{ ...m, sequence: m.sequence }])));
  }

  // ---- health ----------------------------------------------------------------------------------------------

  private healthOf(id: string): Health {
    let health = this.health.get(id);
    if (!health) {
      health = {
        reachable: null,
        elected: null,
        error: null,
        since: null,
        healthInFlight: false,
        electedInFlight: false,
      };
      this.health.set(id, health);
    }
    return health;
  }

  private requestOptions(timeoutMs: number, maxBytes = 1 << 20): MasterRequestOptions {
    return { auth: this.definition.httpAuth, timeoutMs, maxBytes };
  }

  private probeAllHealth(): void {
    for (const master of this.members) {
      const url = master.url;
      if (!url) continue;
      const health = this.healthOf(master.id);
      if (health.healthInFlight) continue;
      health.healthInFlight = true;
      probeHealth(url, this.requestOptions(this.settings.healthTimeoutMs))
        .then(() => this.setReachable(master.id, true, null))
        .catch((error: unknown) =>
          this.setReachable(master.id, false, error instanceof Error ? error.message : String(error)),
        )
        .finally(() => {
          health.healthInFlight = false;
        });
    }
  }

  private setReachable(id: string, reachable: boolean, error: string | null): void {
    const health = this.health.get(id);
    if (!health || this.stopped) return;
    const changed = health.reachable !== reachable;
    health.error = error;
    if (!changed) return;
    health.reachable = reachable;
    health.since = Date.now();
    if (!reachable) health.elected = null;
    if (reachable) this.probeElected(id);
    if (!reachable && id === this.zkLeader()?.id) this.schedulePoll(0);
    this.reconcile();
  }

  private probeAllElected(): void {
    for (const master of this.members) this.probeElected(master.id);
  }

  private probeElected(id: string): void {
    const master = this.members.find((m) => m.id === id);
    const health = this.health.get(id);
    if (!master?.url || !health || health.reachable !== true || health.electedInFlight) return;
    health.electedInFlight = true;
    const version = master.version ?? this.summary?.state.version ?? null;
    probeElected(master.url, version, this.requestOptions(this.settings.healthTimeoutMs * 2))
      .catch(() => null)
      .then((elected) => {
        if (health.elected !== elected && !this.stopped) {
          health.elected = elected;
          this.reconcile();
        }
      })
      .finally(() => {
        health.electedInFlight = false;
      });
  }

  // ---- leader polling --------------------------------------------------------------------------------------

  private schedulePoll(delayMs: number): void {
    if (this.stopped) return;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      void this.pollNow();
    }, delayMs);
    this.pollTimer.unref();
  }

  /** Polls the leader once; concurrent callers share the request in flight. */
  pollNow(): Promise<void> {
    this.pollInFlight ??= this.pollOnce().finally(() => {
      this.pollInFlight = null;
    });
    return this.pollInFlight;
  }

  private candidates(): TrackedMaster[] {
    if (!this.definition.masters) {
      const leader = this.zkLeader();
      return leader ? [leader] : [];
    }
    const known = this.members.find((m) => m.id === this.staticLeaderId);
    return known ? [known, ...this.members.filter((m) => m !== known)] : [...this.members];
  }

  private async pollOnce(): Promise<void> {
    const candidates = this.candidates();
    if (candidates.length === 0 || (!this.definition.masters && !this.fresh && !this.summary)) {
      this.setPoll({ status: this.fresh || this.definition.masters ? "idle" : "pending", error: null });
      return this.afterPoll(false);
    }
    const zkLeader = candidates[0];
    if (!this.definition.masters && zkLeader && !zkLeader.url) {
      this.setPoll({
        status: "failed",
        error: `the leader's znode ${zkLeader.id} does not decode: ${zkLeader.decodeError ?? "unknown"}`,
      });
      return this.afterPoll(false);
    }
    const tried = new Set<string>();
    const queue = [...candidates];
    let lastError: string | null = null;
    let sawNoLeader = false;
    while (queue.length > 0) {
      const master = queue.shift();
      if (!master?.url || tried.has(master.id)) continue;
      tried.add(master.id);
      const version = master.version ?? this.summary?.state.version ?? null;
      try {
        const answer = await fetchState(
          master.url,
          version,
          this.requestOptions(this.settings.requestTimeoutMs, this.settings.maxStateBytes),
        );
        if (this.stopped) return;
        if (answer.kind === "state") {
          const metrics = await fetchMetrics(
            master.url,
            answer.state.version,
            this.requestOptions(this.settings.requestTimeoutMs),
          );
          this.acceptState(master, answer.state, metrics, answer.url, answer.durationMs, answer.bytes);
          return this.afterPoll(true);
        }
        if (answer.kind === "not-leader") {
          const target = answer.leaderUrl ? findByUrl(this.members, answer.leaderUrl) : undefined;
          lastError = `${answer.url} is not the leader${answer.leaderUrl ? ` (it points to ${answer.leaderUrl})` : ""}`;
          if (target && !tried.has(target.id)) queue.unshift(target);
          else if (answer.leaderUrl && !target) lastError += ", which is not one of this cluster's masters";
        } else {
          sawNoLeader = true;
          lastError = `${answer.url}: ${answer.message}`;
        }
      } catch (error) {
        lastError = error instanceof MasterHttpError ? error.message : `unexpected error: ${String(error)}`;
      }
    }
    if (this.definition.masters) {
      this.staticSearched = true;
      this.staticLeaderId = null;
      if (sawNoLeader || this.members.every((m) => this.health.get(m.id)?.reachable === false)) {
        this.setPoll({ status: "idle", error: lastError });
        return this.afterPoll(false);
      }
    }
    this.setPoll({ status: "failed", error: lastError ?? "no master could be asked" });
    return this.afterPoll(false);
  }

  private acceptState(
    master: TrackedMaster,
    state: MesosState,
    metrics: MetricsSnapshot | null,
    url: string,
    durationMs: number,
    bytes: number,
  ): void {
    if (this.definition.masters) {
      this.staticLeaderId = master.id;
      this.staticSearched = true;
      const index = this.members.findIndex((m) => m.id === master.id);
      if (index >= 0) this.members[index] = { ...master, version: state.version, pid: state.pid };
    }
    const electedAt = state.elected_time !== undefined ? new Date(state.elected_time * 1000).toISOString() : null;
    this.summary = { state, metrics, masterId: master.id, electedAt };
    this.summaryView = {
      agents: agentCounts(state),
      resources: resourceTotals(state),
      frameworks: frameworkSummaries(state),
      tasks: taskCounts(state, metrics),
      mesos: { version: state.version, cluster: state.cluster ?? null },
    };
    const agents = state.slaves.length;
    this.setPoll({
      status: "ok",
      error: null,
      lastSuccessAt: new Date().toISOString(),
      source: url,
      durationMs,
      bytes,
      intervalMs: pollIntervalMs(agents, this.settings.pollBaseMs, durationMs),
    });
  }

  private setPoll(update: Partial<PollView>): void {
    this.poll = { ...this.poll, ...update };
  }

  private afterPoll(ok: boolean): void {
    if (this.stopped) return;
    if (ok || this.poll.status === "idle" || this.poll.status === "pending") {
      this.pollFailures = 0;
      if (!ok) this.poll.intervalMs = this.settings.pollBaseMs;
    } else {
      this.pollFailures += 1;
      this.poll.intervalMs = backoffMs(this.pollFailures, Math.min(1_000, this.settings.pollBaseMs));
    }
    this.schedulePoll(this.poll.intervalMs);
    this.reconcile();
  }

  // ---- derivation and persistence ---------------------------------------------------------------------------

  private observe(now: number): Observation {
    const leader = this.zkLeader();
    const statusForZk = this.pendingExpiry ? "expired" : this.zk.status;
    const leaderFresh = this.definition.masters ? this.staticSearched : this.fresh;
    this.updateDispute(now, leader);
    return {
      now,
      zk: { status: this.definition.zk ? statusForZk : "none", since: this.zk.since },
      fresh: leaderFresh,
      firstSinceStart: leaderFresh && !this.sawFresh,
      masters: this.members.map((m) => {
        const health = this.health.get(m.id);
        return { ...toRef(m), reachable: health?.reachable ?? null, error: health?.error ?? null };
      }),
      leader: leader ? toRef(leader) : null,
      agents: this.summary && this.summary.masterId === leader?.id ? (this.summaryView?.agents ?? null) : null,
      poll: { status: this.poll.status, error: this.poll.error },
      dispute: this.dispute,
    };
  }

  private updateDispute(now: number, leader: TrackedMaster | null): void {
    const leaderFresh = this.definition.masters ? this.staticSearched : this.fresh;
    if (!leaderFresh) return;
    const state = this.summary && this.summary.masterId === leader?.id ? this.summary.state : null;
    const reason = leaderDispute(
      leader ? { id: leader.id, label: labelOf(leader), pid: leader.pid } : null,
      this.members.map((m) => ({
        id: m.id,
        label: labelOf(m),
        reachable: this.health.get(m.id)?.reachable ?? null,
        elected: this.health.get(m.id)?.elected ?? null,
      })),
      state ? { pid: state.pid, leaderPid: state.leader_info?.pid ?? state.leader ?? null } : null,
    );
    if (reason === null) this.dispute = null;
    else if (this.dispute?.reason !== reason) this.dispute = { reason, since: this.dispute?.since ?? now };
  }

  /** Schedules a derivation; calls made while one runs fold into one more run with the latest observation. */
  reconcile(): void {
    if (this.stopped) return;
    if (this.reconciling) {
      this.reconcileAgain = true;
      return;
    }
    this.reconciling = (async () => {
      do {
        this.reconcileAgain = false;
        await this.reconcileOnce().catch((error: unknown) =>
          this.deps.log(`[monitor] ${this.definition.name}: recording failed: ${String(error)}`),
        );
      } while (this.reconcileAgain && !this.stopped);
    })().finally(() => {
      this.reconciling = null;
    });
  }

  private async reconcileOnce(): Promise<void> {
    const now = Date.now();
    const observation = this.observe(now);
    const derivation = deriveEvents(this.recorded, observation, this.settings.timing);
    if (derivation.events.length > 0 || JSON.stringify(derivation.recorded) !== JSON.stringify(this.recorded)) {
      const stored = await this.deps.record(this.definition.id, derivation.events, derivation.recorded);
      this.recorded = derivation.recorded;
      if (this.recorded.zk === "expired") this.pendingExpiry = false;
      const last = stored.at(-1);
      if (last) this.version = last.id;
      if (stored.length > 0) this.deps.publishEvents(this.definition.id, stored);
    }
    if (observation.fresh) this.sawFresh = true;
    this.trackLeaderTimes(now);
    if (this.recheckTimer) clearTimeout(this.recheckTimer);
    this.recheckTimer = null;
    if (derivation.recheckAt !== null && !this.stopped) {
      this.recheckTimer = setTimeout(() => this.reconcile(), Math.max(0, derivation.recheckAt - Date.now()) + 10);
      this.recheckTimer.unref();
    }
    this.deps.publishState(this.definition.id, this.view());
  }

  private trackLeaderTimes(now: number): void {
    const leaderFresh = this.definition.masters ? this.staticSearched : this.fresh;
    if (!leaderFresh) return;
    const leaderId = this.zkLeader()?.id ?? null;
    if (leaderId === this.lastLeaderId) return;
    if (leaderId === null) this.noLeaderSince = now;
    else {
      this.leaderSince = now;
      this.noLeaderSince = null;
    }
    this.lastLeaderId = leaderId;
  }

  /** Every agent of the last state read from the leader (computed once per state), or null before one was read. */
  agents(): { rows: AgentRow[]; readAt: string | null; source: string | null } | null {
    const summary = this.summary;
    if (!summary) return null;
    if (this.agentCache?.summary !== summary) this.agentCache = { summary, rows: agentRows(summary.state) };
    return { rows: this.agentCache.rows, readAt: this.poll.lastSuccessAt, source: this.poll.source };
  }

  // ---- view -------------------------------------------------------------------------------------------------

  view(): ClusterStateView {
    const leader = this.zkLeader();
    const stale = this.definition.zk ? this.zk.status !== "connected" || !this.fresh : false;
    const masters: MasterView[] = this.members.map((m) => {
      const health = this.health.get(m.id);
      return {
        id: m.id,
        sequence: m.sequence,
        format: m.format,
        hostname: m.hostname,
        ip: m.ip,
        port: m.port,
        pid: m.pid,
        version: m.version,
        url: m.url,
        isLeader: m.id === leader?.id,
        reachable: health?.reachable ?? null,
        elected: health?.elected ?? null,
        error: m.decodeError ?? health?.error ?? null,
        reachableSince: health?.since ? new Date(health.since).toISOString() : null,
      };
    });
    const summaryIsLeaders = this.summary !== null && this.summary.masterId === leader?.id;
    const leaderView: LeaderView | null = leader && {
      id: leader.id,
      hostname: leader.hostname,
      port: leader.port,
      pid: leader.pid,
      version: leader.version ?? (summaryIsLeaders ? (this.summary?.state.version ?? null) : null),
      url: leader.url,
      electedAt:
        (summaryIsLeaders ? this.summary?.electedAt : null) ??
        (this.leaderSince !== null && this.lastLeaderId === leader.id
          ? new Date(this.leaderSince).toISOString()
          : null),
    };
    return {
      clusterId: this.definition.id,
      name: this.definition.name,
      version: this.version,
      leader: leaderView,
      noLeaderSince: !leader && this.noLeaderSince !== null ? new Date(this.noLeaderSince).toISOString() : null,
      masters,
      zk: {
        status: this.definition.zk ? this.zk.status : "none",
        stale,
        since: this.definition.zk ? new Date(this.zk.since).toISOString() : null,
        error:
          this.definition.zk && this.zk.status !== "connected"
            ? `not connected to ${this.ensemble?.connectString ?? "ZooKeeper"}`
            : null,
      },
      disputed:
        this.dispute && this.recorded?.dispute
          ? { reason: this.dispute.reason, since: new Date(this.dispute.since).toISOString() }
          : null,
      poll: { ...this.poll },
      mesos: this.summaryView?.mesos ?? null,
      agents: this.summaryView?.agents ?? null,
      resources: this.summaryView?.resources ?? null,
      frameworks: this.summaryView?.frameworks ?? [],
      tasks: this.summaryView?.tasks ?? null,
      updatedAt: new Date().toISOString(),
    };
  }

  private every(intervalMs: number, run: () => void): void {
    const timer = setInterval(run, intervalMs);
    timer.unref();
    this.timers.add(timer);
  }
}
