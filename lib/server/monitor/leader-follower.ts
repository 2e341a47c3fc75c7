// Which reader follows a cluster's leader: its event stream (leader-stream.ts) where the leader offers one, else the
// poller (leader-poller.ts). Masters before 1.0 have no v1 API; a master that refuses the stream (401, 403, 404, 405,
// 406, 415) or keeps failing it is polled, and the stream is tried again after a while or when another master leads.
// The mode and its reason are part of the view (PollView.mode, PollView.modeReason).
// docs/monitor-and-events.md#the-event-stream
import type { PollView } from "@/lib/shared/cluster-state";
import { mesosFeatures, tryParseMesosVersion } from "@/lib/mesos/versions";
import type { Clock, TimerHandle } from "./clock";
import type { LeaderStateReader, LeaderSummary } from "./leader-state-reader";
import type { MasterSource } from "./master-source";

/** After the stream was given up for a reason other than the version, try it again after this long. */
export const STREAM_RETRY_MS = 10 * 60_000;

export interface LeaderFollowerOptions {
  source: MasterSource;
  clock: Clock;
  /** Null: never stream (MONITOR_STREAM=off), with the reason to show. */
  streamingOff: string | null;
  newStream: (giveUp: (reason: string) => void) => LeaderStateReader;
  newPoller: () => LeaderStateReader;
  onRead: () => void;
  log: (line: string) => void;
}

/** Why a leader of this version cannot stream, or null when it can (or its version is unknown: then try). */
export function versionReason(version: string | null | undefined): string | null {
  const parsed = version ? tryParseMesosVersion(version) : null;
  if (!parsed || mesosFeatures(parsed).operatorApiV1) return null;
  return `Mesos ${version} has no v1 operator API (it came in 1.0): the leader's state is polled`;
}

export class LeaderFollower implements LeaderStateReader {
  private reader: LeaderStateReader;
  private mode: "stream" | "poll";
  private reason: string | null;
  /** The summary of the reader that was replaced, shown until the new one has its own, and when it was read. */
  private previous: LeaderSummary | null = null;
  private previousReadAt: string | null = null;
  private retryTimer: TimerHandle | null = null;
  private started = false;
  private stopped = false;

  constructor(private readonly options: LeaderFollowerOptions) {
    const initial = options.streamingOff ?? versionReason(options.source.leader()?.version);
    this.mode = initial === null ? "stream" : "poll";
    this.reason = initial;
    this.reader = this.build();
  }

  get summary(): LeaderSummary | null {
    return this.reader.summary ?? this.previous;
  }

  get poll(): PollView {
    const poll = this.reader.poll;
    // The state shown until the new reader has one is the old reader's: it stays dated by when that one read it.
    const lastSuccessAt = poll.lastSuccessAt ?? (this.reader.summary ? null : this.previousReadAt);
    return { ...poll, lastSuccessAt, mode: this.mode, modeReason: this.reason };
  }

  start(): void {
    this.started = true;
    this.reader.start();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) this.options.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.reader.stop();
  }

  readNow(): Promise<void> {
    return this.reader.readNow();
  }

  leaderChanged(): void {
    // Another leader may offer what this one did not: decide again, unless streaming is off.
    const wanted = this.options.streamingOff ?? versionReason(this.options.source.leader()?.version);
    if (wanted === null && this.mode === "poll") return this.switchTo("stream", null);
    if (wanted !== null && this.mode === "stream") return this.switchTo("poll", wanted);
    if (wanted !== null) this.reason = wanted;
    this.reader.leaderChanged();
  }

  leaderUnreachable(): void {
    this.reader.leaderUnreachable();
  }

  private build(): LeaderStateReader {
    if (this.mode === "poll") return this.options.newPoller();
    const stream = this.options.newStream((reason) => {
      if (this.reader === stream) this.giveUp(reason);
    });
    return stream;
  }

  private giveUp(reason: string): void {
    this.options.log(`[monitor] polling the leader's state: ${reason}`);
    this.switchTo("poll", reason);
    if (this.options.streamingOff !== null) return;
    if (this.retryTimer) this.options.clock.clearTimeout(this.retryTimer);
    this.retryTimer = this.options.clock.setTimeout(() => {
      this.retryTimer = null;
      if (this.mode === "poll" && versionReason(this.options.source.leader()?.version) === null) {
        this.switchTo("stream", null);
      }
    }, STREAM_RETRY_MS);
  }

  private switchTo(mode: "stream" | "poll", reason: string | null): void {
    if (this.stopped) return;
    if (this.reader.summary) {
      this.previous = this.reader.summary;
      this.previousReadAt = this.reader.poll.lastSuccessAt;
    }
    this.reader.stop();
    this.mode = mode;
    this.reason = reason;
    this.reader = this.build();
    if (this.started) this.reader.start();
    this.options.onRead();
  }
}
