// Reads the leader's state from its v1 operator API event stream (Mesos ≥ 1.0): one SUBSCRIBE to the leader
// ZooKeeper names, SUBSCRIBED's whole state first, then events folded as they come, so a change reaches the view
// within a fraction of a second and an idle cluster costs the leader nothing. What the stream does not carry (offers,
// agent deactivation and drain, and what older masters drop, MESOS-8469, MESOS-9000) is checked with small calls on a
// timer (stream-checks.ts). A master that will not stream to us makes the follower poll instead (leader-follower.ts).
// docs/monitor-and-events.md#the-event-stream
import type { PollView, StreamView } from "@/lib/shared/cluster-state";
import { capNullable, capText } from "@/lib/shared/text";
import type { StreamModel } from "@/lib/mesos/v1/stream-model";
import { legacyMasterFields } from "@/lib/mesos/v1/state-from-v1";
import type { Clock, TimerHandle } from "./clock";
import { type HttpCredentials, MasterHttpError } from "./master-http";
import { findByUrl, type TrackedMaster } from "./master-list";
import type { MasterSource } from "./master-source";
import type { LeaderStateReader, LeaderSummary } from "./leader-state-reader";
import { backoffMs } from "./schedule";
import { type RecordDecoder, StreamConnection } from "./stream-connection";
import { encodingFor } from "./stream-encoding";
import { StreamChecks, type StreamCheckIo } from "./stream-checks";
import type { V1Encoding, v1Subscribe } from "./v1-http";

/** Changes within this window reach the view together: one view per burst, not one per event. */
export const COALESCE_MS = 100;
/** How long a stream without heartbeats (before 1.5) must have been quiet for an unreachable leader to end it. */
export const QUIET_BEFORE_DROP_MS = 5_000;
/** Failed subscriptions in a row, none of which reached SUBSCRIBED, before the follower polls instead. */
export const FAILURES_BEFORE_POLLING = 5;

export interface LeaderStreamOptions {
  source: MasterSource;
  auth: HttpCredentials | null;
  clock: Clock;
  encoding: V1Encoding;
  requestTimeoutMs: number;
  maxRecordBytes: number;
  /** How often the stream's model is checked against the leader's own counts, and offers read (ms). */
  checkIntervalMs: number;
  /** How often the whole state is read and compared with the stream's (ms). */
  reconcileIntervalMs: number;
  io: { subscribe: typeof v1Subscribe } & StreamCheckIo;
  decode: RecordDecoder;
  /** After every change of the summary or of how reading goes. */
  onRead: () => void;
  /** This master will not stream to us (or keeps failing): poll instead, saying why. */
  onGiveUp: (reason: string) => void;
  log?: (line: string) => void;
}

export class LeaderStream implements LeaderStateReader {
  private last: LeaderSummary | null = null;
  private current: PollView;
  private connection: StreamConnection | null = null;
  private connectionMaster: TrackedMaster | null = null;
  private connecting: Promise<void> | null = null;
  private askedAgain = false;
  private failures = 0;
  private searchFailures = 0;
  /** Answers in a row that said "not now" (503) or "not me" (307): they set the backoff, never the giving up. */
  private waits = 0;
  /** What was last told to the source (`found`), so that it hears again only when it changes. */
  private foundKey: string | null = null;
  private retryTimer: TimerHandle | null = null;
  private flushTimer: TimerHandle | null = null;
  private stopped = false;
  private readonly checks: StreamChecks;

  constructor(private readonly options: LeaderStreamOptions) {
    this.current = {
      status: "pending",
      error: null,
      lastSuccessAt: null,
      source: null,
      durationMs: null,
      bytes: null,
      intervalMs: options.checkIntervalMs,
      mode: "stream",
      modeReason: null,
      stream: null,
    };
    this.checks = new StreamChecks({
      clock: options.clock,
      io: options.io,
      auth: options.auth,
      encoding: options.encoding,
      requestTimeoutMs: options.requestTimeoutMs,
      maxBytes: options.maxRecordBytes,
      checkIntervalMs: options.checkIntervalMs,
      reconcileIntervalMs: options.reconcileIntervalMs,
      onChange: () => this.changed(),
      onResync: (reason) => this.resubscribe(reason),
      log: (line) => this.log(line),
    });
  }

  get summary(): LeaderSummary | null {
    return this.last;
  }

  get poll(): PollView {
    return this.current;
  }

  start(): void {
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    this.clearTimers();
    this.checks.stop();
    this.connection?.close();
    this.connection = null;
  }

  /** Subscribes now unless a subscription is open or being opened; resolves once that attempt is over. */
  readNow(): Promise<void> {
    if (this.connection && !this.connection.isEnded && this.connection.model) return Promise.resolve();
    if (this.connecting) {
      // Asked again while an attempt is under way (the leader changed, or stopped answering /health while it built
      // SUBSCRIBED): that attempt may have been dropped meanwhile, so look again once it is over.
      this.askedAgain = true;
      return this.connecting;
    }
    this.connecting = this.connect().finally(() => {
      this.connecting = null;
      if (this.askedAgain) {
        this.askedAgain = false;
        if (!this.connection) this.schedule(0);
      }
    });
    return this.connecting;
  }

  leaderChanged(): void {
    const leader = this.options.source.leader();
    if (this.connectionMaster && leader?.id === this.connectionMaster.id) return;
    this.failures = 0;
    this.dropConnection();
    this.schedule(0);
  }

  /**
   * The health prober lost the leader. A real master builds SUBSCRIBED and serves /health on one actor, so a leader
   * busy with a large state misses probes while it streams to us: dropping the stream then would make the next
   * SUBSCRIBE miss them again, a loop that re-reads the whole state every few seconds (seen at 2,000 agents). So the
   * stream's own signs decide: an attempt under way has its SUBSCRIBED deadline, a stream with heartbeats (1.5 and
   * later) its watchdog. Only a stream without heartbeats, quiet for a while, is dropped and opened again: nothing
   * else would notice a hung leader.
   */
  leaderUnreachable(): void {
    const connection = this.connection;
    if (this.connecting || !connection || connection.isEnded) return;
    if (!connection.model || connection.model.heartbeatIntervalSeconds) return;
    if (this.options.clock.now() - connection.lastActivityAt < QUIET_BEFORE_DROP_MS) return;
    this.dropConnection();
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    const clock = this.options.clock;
    if (this.retryTimer) clock.clearTimeout(this.retryTimer);
    this.retryTimer = clock.setTimeout(() => {
      this.retryTimer = null;
      void this.readNow();
    }, delayMs);
  }

  private async connect(): Promise<void> {
    const { source } = this.options;
    const search = source.search(this.last !== null);
    if (search.kind !== "ask") {
      this.set(
        search.kind === "wait" ? { status: search.status, error: null } : { status: "failed", error: search.error },
      );
      this.options.onRead();
      // Not the stream's fault (a leader znode that does not decode, say): the poller would fare no better, so look
      // again with backoff without counting toward giving the stream up.
      if (search.kind === "fail") this.schedule(backoffMs(++this.searchFailures, 1000));
      return; // a leader appearing calls leaderChanged()
    }
    this.searchFailures = 0;
    const tried = new Set<string>();
    const queue = [...search.candidates];
    let lastError: string | null = null;
    let sawNoLeader = false;
    let sawRedirect = false;
    while (queue.length > 0 && !this.stopped) {
      const master = queue.shift();
      if (!master?.url || tried.has(master.id)) continue;
      tried.add(master.id);
      try {
        const opened = await this.open(master, master.url);
        if (opened === "open") return;
        if (opened.kind === "redirect") {
          sawRedirect = true;
          const target = opened.leaderUrl ? findByUrl(source.masters, opened.leaderUrl) : undefined;
          lastError = `${opened.url} is not the leader${opened.leaderUrl ? ` (it points to ${opened.leaderUrl})` : ""}`;
          // A standby's word is a hint: only a master the cluster lists is ever asked, and ZooKeeper stays the judge.
          if (target && !tried.has(target.id)) queue.unshift(target);
          else if (opened.leaderUrl && !target) lastError += ", which is not one of this cluster's masters";
        } else if (opened.kind === "unavailable") {
          sawNoLeader = true;
          lastError = `${opened.url}: ${opened.message}`;
          if (opened.detail) this.log(`[monitor] ${lastError}: ${opened.detail}`);
        } else {
          if (opened.detail) this.log(`[monitor] ${opened.message}: ${opened.detail}`);
          this.options.onGiveUp(opened.message);
          return;
        }
      } catch (error) {
        lastError = error instanceof MasterHttpError ? error.message : `unexpected error: ${String(error)}`;
        if (error instanceof MasterHttpError && error.detail) this.log(`[monitor] ${error.message}: ${error.detail}`);
      }
    }
    if (this.stopped) return;
    const status = source.notFound(sawNoLeader);
    this.set({ status, error: lastError ?? "no master could be asked" });
    this.options.onRead();
    // A 503 (no leader, or one still recovering) and a 307 (ZooKeeper's view is behind the masters') are a failover
    // under way, not a stream that fails: look again with backoff, without counting toward polling instead.
    if (sawNoLeader || sawRedirect) this.schedule(backoffMs(++this.waits, 500));
    else this.failed();
  }

  private async open(
    master: TrackedMaster,
    url: string,
  ): Promise<"open" | Exclude<Awaited<ReturnType<typeof v1Subscribe>>, { kind: "open" }>> {
    const { clock } = this.options;
    const encoding = encodingFor(master.version, this.options.encoding);
    const connection: StreamConnection = new StreamConnection({
      url: `${url}/api/v1`,
      encoding,
      clock,
      maxRecordBytes: this.options.maxRecordBytes,
      subscribedWithinMs: Math.max(60_000, this.options.requestTimeoutMs * 4),
      decode: this.options.decode,
      onSubscribed: (model) => this.subscribed(connection, master, model),
      onChange: () => this.changed(),
      onEnd: (reason) => this.ended(connection, reason),
    });
    // Records may arrive before `subscribe` resolves: the connection is current from the start.
    this.dropConnection();
    this.connection = connection;
    this.connectionMaster = master;
    const forget = () => {
      if (this.connection !== connection) return;
      this.connection = null;
      this.connectionMaster = null;
    };
    let answer: Awaited<ReturnType<typeof v1Subscribe>>;
    try {
      answer = await this.options.io.subscribe(
        url,
        { auth: this.options.auth, timeoutMs: this.options.requestTimeoutMs, encoding },
        {
          onChunk: (chunk) => connection.push(chunk),
          onEnd: (error) => connection.socketEnded(error ? error.message : null),
        },
      );
    } catch (error) {
      forget();
      throw error;
    }
    if (answer.kind !== "open") {
      forget();
      return answer;
    }
    connection.closeSocket = answer.close;
    if (this.stopped || connection.isEnded) answer.close();
    return "open";
  }

  private subscribed(connection: StreamConnection, master: TrackedMaster, model: StreamModel): void {
    if (this.stopped) return;
    this.failures = 0;
    this.waits = 0;
    const now = this.options.clock.now();
    this.set({
      status: "ok",
      error: null,
      source: connection.options.url,
      durationMs: now - connection.openedAt,
      bytes: connection.bytes,
    });
    this.checks.follow(master, model);
    this.flush(connection, master);
  }

  private changed(): void {
    if (this.flushTimer || this.stopped) return;
    this.flushTimer = this.options.clock.setTimeout(() => {
      this.flushTimer = null;
      const connection = this.connection;
      if (connection?.model && this.connectionMaster) this.flush(connection, this.connectionMaster);
    }, COALESCE_MS);
  }

  private flush(connection: StreamConnection, master: TrackedMaster): void {
    const model = connection.model;
    if (!model || this.stopped) return;
    this.last = streamSummary(master, model);
    // A cluster without ZooKeeper learns who leads from the master that streams (StaticSource.found).
    const { version, pid } = this.last.leader;
    const key = `${master.id} ${version} ${pid}`;
    if (key !== this.foundKey) {
      this.foundKey = key;
      this.options.source.found(master, { version: version || null, pid: pid || null });
    }
    const now = this.options.clock.now();
    this.set({ status: "ok", error: null, lastSuccessAt: new Date(now).toISOString(), stream: this.streamView() });
    this.options.onRead();
  }

  private streamView(): StreamView | null {
    const connection = this.connection;
    if (!connection?.model) return null;
    const iso = (ms: number) => new Date(ms).toISOString();
    return {
      encoding: connection.options.encoding,
      subscribedAt: iso(connection.openedAt),
      events: connection.events,
      lastRecordAt: iso(connection.lastRecordAt),
      heartbeatSeconds: connection.model.heartbeatIntervalSeconds,
      checks: this.checks.count,
      differences: this.checks.differences,
      lastDifference: this.checks.lastDifference,
      problems: connection.model.problemCount,
    };
  }

  private ended(connection: StreamConnection, reason: string): void {
    if (connection !== this.connection) return; // one we dropped ourselves
    this.connection = null;
    this.connectionMaster = null;
    this.checks.stop();
    if (this.stopped) return;
    this.set({ status: "failed", error: reason, stream: null });
    this.options.onRead();
    this.failed(connection.model !== null);
  }

  /** A failure: retry with backoff, or give the cluster to the poller after too many without one SUBSCRIBED. */
  private failed(hadState = false): void {
    if (hadState) this.failures = 0;
    this.failures += 1;
    if (this.failures >= FAILURES_BEFORE_POLLING) {
      this.options.onGiveUp(
        `the event stream failed ${this.failures} times in a row (last: ${this.current.error ?? "unknown"})`,
      );
      return;
    }
    this.schedule(hadState ? 0 : backoffMs(this.failures, 500));
  }

  private resubscribe(reason: string): void {
    this.log(`[monitor] resubscribing: ${reason}`);
    this.dropConnection();
    this.schedule(0);
  }

  private dropConnection(): void {
    this.checks.stop();
    this.connection?.close();
    this.connection = null;
    this.connectionMaster = null;
  }

  private clearTimers(): void {
    const clock = this.options.clock;
    if (this.retryTimer) clock.clearTimeout(this.retryTimer);
    if (this.flushTimer) clock.clearTimeout(this.flushTimer);
    this.retryTimer = null;
    this.flushTimer = null;
  }

  /** Every message that reaches the view is capped here, where it is made. */
  private set(update: Partial<PollView>): void {
    this.current = { ...this.current, ...update };
    if (update.error !== undefined) this.current.error = capNullable(update.error);
  }

  private log(line: string): void {
    (this.options.log ?? console.log)(capText(line, 600));
  }
}

/**
 * The summary of a stream's model. Its totals are the model's, kept up to date event by event; the whole state in
 * `/master/state`'s shape is built only when something reads `state` (the agents page).
 */
export function streamSummary(master: TrackedMaster, model: StreamModel): LeaderSummary {
  const fields = legacyMasterFields(model.internals.identity);
  const totals = model.totals();
  const version = fields.version || master.version || "";
  const pid = fields.pid || master.pid || "";
  return {
    get state() {
      return model.snapshot();
    },
    leader: { id: fields.id || (master.infoId ?? ""), pid, version, leaderPid: pid || null },
    metrics: null,
    masterId: master.id,
    electedAt: fields.elected_time !== undefined ? new Date(fields.elected_time * 1000).toISOString() : null,
    totals: { ...totals, mesos: { version: version || null, cluster: null } },
  };
}
