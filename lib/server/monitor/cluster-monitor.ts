import "server-only";
// One cluster, watched: its masters (from ZooKeeper or a static list), each master's health, the leader's state,
// and the event history derived from all of it. The control plane owns one per registered cluster. The parts:
// a master source (zk-source.ts, static-source.ts), the health prober, the leader-state reader (leader-poller.ts),
// the reconciler that records events, and the pure view builder (state-view.ts).
import type { ZkUrl } from "@/lib/zk/url";
import { agentRows } from "@/lib/mesos/agents";
import { type AgentPage, type AgentPageRequest, AgentSelection } from "@/lib/mesos/agent-query";
import type { ClusterStateView } from "@/lib/shared/cluster-state";
import type { AllowEntry } from "@/lib/shared/master-address";
import type { ClusterEventView } from "@/lib/shared/events";
import { type Clock, systemClock } from "./clock";
import type { EventTiming } from "./derive-state";
import type { EventDraft, RecordedState } from "@/lib/server/events/recorded-state";
import { HealthProber } from "./health-prober";
import { LeaderFollower } from "./leader-follower";
import { LeaderPoller } from "./leader-poller";
import { LeaderStream } from "./leader-stream";
import type { LeaderStateReader, LeaderSummary } from "./leader-state-reader";
import type { HttpCredentials } from "./master-http";
import type { MasterSource, SourceChange } from "./master-source";
import { type MonitorIo, masterIo } from "./monitor-io";
import { Reconciler } from "./reconciler";
import { type Sighting, buildStateView } from "./state-view";
import { StaticSource } from "./static-source";
import type { V1Encoding } from "./v1-http";
import { type WatchedEnsemble, ZkSource } from "./zk-source";

export interface ClusterDefinition {
  id: number;
  name: string;
  zk: ZkUrl | null;
  masters: string[] | null;
  httpAuth: HttpCredentials | null;
  /** Where masters may be; null: anywhere but link-local and metadata addresses (docs/security.md#hosts-contacted). */
  allowedMasters: AllowEntry[] | null;
}

export interface MonitorSettings {
  pollBaseMs: number;
  healthIntervalMs: number;
  standbyHealthIntervalMs: number;
  healthTimeoutMs: number;
  electedIntervalMs: number;
  requestTimeoutMs: number;
  maxStateBytes: number;
  /** Following the leader's event stream (leader-stream.ts) instead of polling its state. */
  stream: StreamSettings;
  timing: EventTiming;
}

export interface StreamSettings {
  enabled: boolean;
  encoding: V1Encoding;
  checkIntervalMs: number;
  reconcileIntervalMs: number;
}

export interface MonitorDeps {
  /** Persists events and the new recorded state together; returns the stored events with their ids. */
  record(clusterId: number, events: EventDraft[], recorded: RecordedState): Promise<ClusterEventView[]>;
  publishEvents(clusterId: number, events: ClusterEventView[]): void;
  publishState(clusterId: number, view: ClusterStateView): void;
  log(line: string): void;
}

/** Time and master I/O; the real ones unless a test injects its own. */
export interface MonitorRuntime {
  clock: Clock;
  io: MonitorIo;
}

export class ClusterMonitor {
  private readonly source: MasterSource;
  private readonly prober: HealthProber;
  private readonly reader: LeaderStateReader;
  private readonly reconciler: Reconciler;
  private readonly clock: Clock;
  private agentCache: { summary: LeaderSummary; selection: AgentSelection } | null = null;

  constructor(
    readonly definition: ClusterDefinition,
    recorded: RecordedState | null,
    lastEventId: number,
    settings: MonitorSettings,
    private readonly deps: MonitorDeps,
    ensemble: WatchedEnsemble | null,
    runtime: Partial<MonitorRuntime> = {},
  ) {
    const clock = runtime.clock ?? systemClock;
    const io = runtime.io ?? masterIo;
    const auth = definition.httpAuth;
    this.clock = clock;
    this.source = definition.masters
      ? new StaticSource(definition.masters, (id) => this.prober.health.get(id)?.reachable ?? null)
      : new ZkSource(ensemble, definition.zk?.path ?? null, recorded?.masters ?? [], clock, definition.allowedMasters);
    this.prober = new HealthProber({
      masters: () => this.source.masters,
      fallbackVersion: () => this.reader.summary?.leader.version ?? null,
      leaderId: () => this.source.leader()?.id ?? null,
      healthIntervalMs: settings.healthIntervalMs,
      standbyIntervalMs: settings.standbyHealthIntervalMs,
      healthTimeoutMs: settings.healthTimeoutMs,
      electedIntervalMs: settings.electedIntervalMs,
      auth,
      clock,
      io,
      onReachability: (id, reachable) => {
        if (!reachable && id === this.source.leader()?.id) this.reader.leaderUnreachable();
        this.reconcile();
      },
      onElected: () => this.reconcile(),
    });
    const onRead = () => this.reconcile();
    this.reader = new LeaderFollower({
      source: this.source,
      clock,
      streamingOff: settings.stream.enabled ? null : "the event stream is turned off (MONITOR_STREAM=off)",
      newPoller: () =>
        new LeaderPoller({
          source: this.source,
          pollBaseMs: settings.pollBaseMs,
          requestTimeoutMs: settings.requestTimeoutMs,
          maxStateBytes: settings.maxStateBytes,
          auth,
          clock,
          io,
          onRead,
        }),
      newStream: (giveUp) =>
        new LeaderStream({
          source: this.source,
          auth,
          clock,
          encoding: settings.stream.encoding,
          requestTimeoutMs: settings.requestTimeoutMs,
          maxRecordBytes: settings.maxStateBytes,
          checkIntervalMs: settings.stream.checkIntervalMs,
          reconcileIntervalMs: settings.stream.reconcileIntervalMs,
          io: { subscribe: io.subscribe, call: io.call, decodeResponse: io.decodeResponse },
          decode: io.decodeRecord,
          onRead,
          onGiveUp: giveUp,
          log: (line) => deps.log(line),
        }),
      onRead,
      log: (line) => deps.log(line),
    });
    this.reconciler = new Reconciler(recorded, lastEventId, {
      clusterName: definition.name,
      timing: settings.timing,
      clock,
      sight: () => this.sight(),
      record: (events, next) => deps.record(definition.id, events, next),
      publishEvents: (events) => deps.publishEvents(definition.id, events),
      onRecorded: (next) => {
        if (next.zk === "expired") this.source.expiryRecorded();
      },
      onRun: () => deps.publishState(definition.id, this.view()),
      log: (line) => deps.log(line),
    });
  }

  start(): void {
    this.source.start((change) => this.onSourceChange(change));
    this.prober.start();
    this.reader.start();
    this.reconcile();
  }

  stop(): void {
    this.source.stop();
    this.prober.stop();
    this.reader.stop();
    this.reconciler.stop();
  }

  /** Resolves once pending derivations are persisted (tests and shutdown). */
  settled(): Promise<void> {
    return this.reconciler.settled();
  }

  /** Polls the leader once; concurrent callers share the request in flight. */
  pollNow(): Promise<void> {
    return this.reader.readNow();
  }

  /** Schedules a derivation; calls made while one runs fold into one more run with the latest observation. */
  reconcile(): void {
    this.reconciler.run();
  }

  /**
   * A window of the agents of the last state read from the leader, filtered and sorted as asked (the rows are
   * computed once per state, each selection once per state and query); `agents: null` before a state was read.
   */
  agents(request: AgentPageRequest): AgentPage {
    const summary = this.reader.summary;
    const poll = this.reader.poll;
    if (!summary) return { agents: null, offset: request.offset, matched: 0, total: 0, readAt: null, source: null };
    if (this.agentCache?.summary !== summary)
      this.agentCache = { summary, selection: new AgentSelection(agentRows(summary.state)) };
    return { ...this.agentCache.selection.page(request), readAt: poll.lastSuccessAt, source: poll.source };
  }

  view(): ClusterStateView {
    return buildStateView({
      cluster: { id: this.definition.id, name: this.definition.name },
      version: this.reconciler.lastEventId,
      sighting: this.sight(),
      leaderTimes: this.reconciler.leaderTimes,
      dispute: this.reconciler.dispute,
      recordedDispute: this.reconciler.recorded?.dispute ?? null,
      now: this.clock.now(),
    });
  }

  private sight(): Sighting {
    return {
      masters: this.source.masters,
      leader: this.source.leader(),
      fresh: this.source.fresh,
      zk: this.source.zk(),
      health: this.prober.health,
      summary: this.reader.summary,
      poll: this.reader.poll,
    };
  }

  private onSourceChange(change: SourceChange): void {
    if (change === "members") {
      this.prober.forgetUnlisted();
      if (this.source.leader()?.id !== this.reconciler.leaderTimes.lastLeaderId) {
        this.reader.leaderChanged();
        this.prober.probeAllElected();
      }
      this.prober.probeAll();
    }
    this.reconcile();
  }
}
