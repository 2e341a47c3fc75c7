// Reads the leader's state from its v1 operator API event stream (Mesos ≥ 1.0): one SUBSCRIBE to the leader
// ZooKeeper names, SUBSCRIBED's whole state first, then events folded as they come, so a change reaches the view
// within a fraction of a second and an idle cluster costs the leader nothing. What the stream does not carry (offers,
// agent deactivation and drain, and what older masters drop, MESOS-8469, MESOS-9000) is checked with small calls on a
// timer (stream-checks.ts). A master that will not stream to us makes the follower poll instead (leader-follower.ts).
// docs/monitor-and-events.md#the-event-stream
import type { PollView } from "@/lib/shared/cluster-state";
import { capNullable, capText } from "@/lib/shared/text";
import type { StreamModel } from "@/lib/mesos/v1/stream-model";
import { type Clock, OneShotTimer, type TimerHandle } from "./clock";
import type { HttpCredentials } from "./master-http";
import type { TrackedMaster } from "./master-list";
import { type MasterSource, searchState } from "./master-source";
import { type LeaderStateReader, type LeaderSummary, pendingPollView } from "./leader-state-reader";
import { backoffMs } from "./schedule";
import { type AttemptAnswer, subscribeToFirst } from "./master-candidates";
import { type RecordDecoder, StreamConnection, subscribeConnection } from "./stream-connection";
import { encodingFor } from "./stream-encoding";
import { StreamChecks, type StreamCheckIo } from "./stream-checks";
import { streamSummary, streamViewOf } from "./stream-summary";
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
  private readonly retry: OneShotTimer;
  private flushTimer: TimerHandle | null = null;
  private stopped = false;
  private readonly checks: StreamChecks;

  constructor(private readonly options: LeaderStreamOptions) {
    this.current = pendingPollView("stream", options.checkIntervalMs);
    this.retry = new OneShotTimer(options.clock, () => void this.readNow());
    this.checks = new StreamChecks({
      ...options,
      maxBytes: options.maxRecordBytes,
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
    this.retry.clear();
    if (this.flushTimer) this.options.clock.clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.dropConnection();
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
    if (!this.stopped) this.retry.set(delayMs);
  }

  private async connect(): Promise<void> {
    const { source } = this.options;
    const search = source.search(this.last !== null);
    if (search.kind !== "ask") {
      this.set(searchState(search));
      this.options.onRead();
      // Not the stream's fault (a leader znode that does not decode, say): the poller would fare no better, so look
      // again with backoff without counting toward giving the stream up.
      if (search.kind === "fail") this.schedule(backoffMs(++this.searchFailures, 1000));
      return; // a leader appearing calls leaderChanged()
    }
    this.searchFailures = 0;
    const outcome = await subscribeToFirst({
      candidates: search.candidates,
      masters: source.masters,
      open: (master, url) => this.open(master, url),
      stopped: () => this.stopped,
      log: (line) => this.log(line),
    });
    if (outcome.kind === "leader" || this.stopped) return;
    if (outcome.kind === "refused") return this.options.onGiveUp(outcome.message);
    const { lastError, sawNoLeader, sawRedirect } = outcome;
    const status = source.notFound(sawNoLeader);
    this.set({ status, error: lastError ?? "no master could be asked" });
    this.options.onRead();
    // A 503 (no leader, or one still recovering) and a 307 (ZooKeeper's view is behind the masters') are a failover
    // under way, not a stream that fails: look again with backoff, without counting toward polling instead.
    if (sawNoLeader || sawRedirect) this.schedule(backoffMs(++this.waits, 500));
    else this.failed();
  }

  private async open(master: TrackedMaster, url: string): Promise<AttemptAnswer> {
    const encoding = encodingFor(master.version, this.options.encoding);
    const connection: StreamConnection = new StreamConnection({
      url: `${url}/api/v1`,
      encoding,
      clock: this.options.clock,
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
    try {
      const answer = await subscribeConnection(connection, this.options.io.subscribe, url, {
        auth: this.options.auth,
        timeoutMs: this.options.requestTimeoutMs,
        encoding,
      });
      if (answer !== "open") this.release(connection);
      return answer;
    } catch (error) {
      this.release(connection);
      throw error;
    }
  }

  private subscribed(connection: StreamConnection, master: TrackedMaster, model: StreamModel): void {
    if (this.stopped) return;
    this.failures = 0;
    this.waits = 0;
    this.set({
      status: "ok",
      error: null,
      source: connection.options.url,
      durationMs: this.options.clock.now() - connection.openedAt,
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
    this.options.source.found(master, { version: version || null, pid: pid || null });
    this.set({
      status: "ok",
      error: null,
      lastSuccessAt: new Date(this.options.clock.now()).toISOString(),
      stream: this.connection ? streamViewOf(this.connection, this.checks) : null,
    });
    this.options.onRead();
  }

  private ended(connection: StreamConnection, reason: string): void {
    if (!this.release(connection)) return; // one we dropped ourselves
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

  /** Forgets `connection` if it is the current one; false when it was not (dropped or replaced meanwhile). */
  private release(connection: StreamConnection): boolean {
    if (connection !== this.connection) return false;
    this.connection = null;
    this.connectionMaster = null;
    return true;
  }

  private dropConnection(): void {
    this.checks.stop();
    this.connection?.close();
    this.connection = null;
    this.connectionMaster = null;
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
