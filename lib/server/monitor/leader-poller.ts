// Reads the leader's state by polling: at an interval that grows with the cluster's size (schedule.ts), backing
// off while reads fail, and at once when the leader changes or stops answering.
import type { PollView } from "@/lib/shared/cluster-state";
import { capNullable, capText } from "@/lib/shared/text";
import type { MesosState, MetricsSnapshot } from "@/lib/mesos/schemas";
import { type Clock, OneShotTimer } from "./clock";
import type { HttpCredentials } from "./master-http";
import type { TrackedMaster } from "./master-list";
import { type CandidateAnswer, askInTurn } from "./master-candidates";
import { type MasterSource, searchState } from "./master-source";
import type { MonitorIo } from "./monitor-io";
import { type LeaderStateReader, type LeaderSummary, pendingPollView, summarize } from "./leader-state-reader";
import { backoffMs, pollIntervalMs } from "./schedule";

export interface LeaderPollerOptions {
  source: MasterSource;
  pollBaseMs: number;
  requestTimeoutMs: number;
  maxStateBytes: number;
  auth: HttpCredentials | null;
  clock: Clock;
  io: Pick<MonitorIo, "fetchState" | "fetchMetrics">;
  /** After every read, whatever its outcome. */
  onRead: () => void;
  /** The server log (default: the console): what a master answered beyond the short reason viewers see, once each. */
  log?: (line: string) => void;
}

export class LeaderPoller implements LeaderStateReader {
  private last: LeaderSummary | null = null;
  private current: PollView;
  private failures = 0;
  private inFlight: Promise<void> | null = null;
  private readonly retry: OneShotTimer;
  private stopped = false;
  private lastLogged: string | null = null;

  constructor(private readonly options: LeaderPollerOptions) {
    this.current = pendingPollView("poll", options.pollBaseMs);
    this.retry = new OneShotTimer(options.clock, () => void this.readNow());
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
  }

  readNow(): Promise<void> {
    this.inFlight ??= this.pollOnce().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  leaderChanged(): void {
    this.failures = 0;
    this.schedule(0); // a new leader: read its state now
  }

  leaderUnreachable(): void {
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (!this.stopped) this.retry.set(delayMs);
  }

  private async pollOnce(): Promise<void> {
    const { source, io, auth, requestTimeoutMs, maxStateBytes } = this.options;
    const search = source.search(this.last !== null);
    if (search.kind !== "ask") {
      this.set(searchState(search));
      return this.after(false);
    }
    const outcome = await askInTurn({
      candidates: search.candidates,
      masters: source.masters,
      stopped: () => this.stopped,
      log: (line) => this.logOnce(line),
      ask: async (master, url): Promise<CandidateAnswer> => {
        const version = master.version ?? this.last?.leader.version ?? null;
        const answer = await io.fetchState(url, version, {
          auth,
          timeoutMs: requestTimeoutMs,
          maxBytes: maxStateBytes,
        });
        if (this.stopped) return { kind: "leader" }; // nothing more to do: the poller is gone
        if (answer.kind === "not-leader") return { kind: "redirect", url: answer.url, leaderUrl: answer.leaderUrl };
        if (answer.kind === "no-leader") {
          return { kind: "unavailable", url: answer.url, message: answer.message, detail: answer.detail };
        }
        const metrics = await io.fetchMetrics(url, answer.state.version, {
          auth,
          timeoutMs: requestTimeoutMs,
          maxBytes: 1 << 20,
        });
        if (!this.stopped) this.accept(master, answer.state, metrics, answer.url, answer.durationMs, answer.bytes);
        return { kind: "leader" };
      },
    });
    if (this.stopped) return;
    if (outcome.kind === "leader") return this.after(true);
    // The state endpoint refuses no one outright (a refusal is an error like any other), so this is "none".
    const { lastError, sawNoLeader } =
      outcome.kind === "none" ? outcome : { lastError: outcome.message, sawNoLeader: false };
    const status = source.notFound(sawNoLeader);
    this.set({ status, error: status === "idle" ? lastError : (lastError ?? "no master could be asked") });
    return this.after(false);
  }

  private accept(
    master: TrackedMaster,
    state: MesosState,
    metrics: MetricsSnapshot | null,
    url: string,
    durationMs: number,
    bytes: number,
  ): void {
    this.options.source.found(master, { version: state.version, pid: state.pid });
    this.last = summarize(master.id, state, metrics);
    this.set({
      status: "ok",
      error: null,
      lastSuccessAt: new Date(this.options.clock.now()).toISOString(),
      source: url,
      durationMs,
      bytes,
      intervalMs: pollIntervalMs(state.slaves.length, this.options.pollBaseMs, durationMs),
    });
  }

  /** Every message that reaches the state view, its events and its streams is capped here, where it is made. */
  private set(update: Partial<PollView>): void {
    this.current = { ...this.current, ...update };
    if (update.error !== undefined) this.current.error = capNullable(update.error);
  }

  /** A line for the server log, capped, and not again while it repeats poll after poll. */
  private logOnce(text: string): void {
    const line = capText(text, 600);
    if (line === this.lastLogged) return;
    this.lastLogged = line;
    (this.options.log ?? console.log)(line);
  }

  private after(ok: boolean): void {
    if (this.stopped) return;
    const baseMs = this.options.pollBaseMs;
    if (ok || this.current.status === "idle" || this.current.status === "pending") {
      this.failures = 0;
      if (!ok) this.set({ intervalMs: baseMs });
    } else {
      this.failures += 1;
      this.set({ intervalMs: backoffMs(this.failures, Math.min(1_000, baseMs)) });
    }
    this.schedule(this.current.intervalMs);
    this.options.onRead();
  }
}
