// Turns what the monitor's parts see into events: builds the observation, applies the rules of derive-events.ts,
// records what changed, and derives again at `recheckAt` so that grace periods end even when nothing happens.
import type { StreamView } from "@/lib/shared/cluster-state";
import type { ClusterEventView } from "@/lib/shared/events";
import type { Clock, TimerHandle } from "./clock";
import { deriveEvents } from "./derive-events";
import { type EventTiming, type Observation } from "./derive-state";
import { type EventDraft, type RecordedState } from "@/lib/server/events/recorded-state";
import { leaderDispute } from "./dispute";
import { labelOf, toRef } from "./master-list";
import type { Dispute, LeaderTimes, Sighting } from "./state-view";

export interface ReconcilerOptions {
  clusterName: string;
  timing: EventTiming;
  clock: Clock;
  sight: () => Sighting;
  /** Persists events and the new recorded state together; returns the stored events with their ids. */
  record: (events: EventDraft[], recorded: RecordedState) => Promise<ClusterEventView[]>;
  publishEvents: (events: ClusterEventView[]) => void;
  /** After a new recorded state was stored. */
  onRecorded: (recorded: RecordedState) => void;
  /** After every run that did not fail: the state to publish may have changed. */
  onRun: () => void;
  log: (line: string) => void;
}

/** What the rules read of a followed stream: only its checks' findings, not its counters that move with every event. */
function checksOf(stream: StreamView | null | undefined): Observation["poll"]["stream"] {
  return stream ? { differences: stream.differences, lastDifference: stream.lastDifference } : stream;
}

export class Reconciler {
  private version: number;
  private current: Dispute | null = null;
  private sawFresh = false;
  private readonly times: LeaderTimes = { lastLeaderId: null, leaderSince: null, noLeaderSince: null };
  private running: Promise<void> | null = null;
  private runAgain = false;
  private recheckTimer: TimerHandle | null = null;
  /** The last observation derived from (without its time), and when its derivation asked to derive again. */
  private lastDerived: { key: string; recheckAt: number | null } | null = null;
  private stopped = false;

  constructor(
    private recordedState: RecordedState | null,
    lastEventId: number,
    private readonly options: ReconcilerOptions,
  ) {
    this.version = lastEventId;
  }

  get recorded(): RecordedState | null {
    return this.recordedState;
  }

  /** Id of the newest recorded event. */
  get lastEventId(): number {
    return this.version;
  }

  get dispute(): Dispute | null {
    return this.current;
  }

  get leaderTimes(): Readonly<LeaderTimes> {
    return this.times;
  }

  /** Schedules a derivation; calls made while one runs fold into one more run with the latest observation. */
  run(): void {
    if (this.stopped) return;
    if (this.running) {
      this.runAgain = true;
      return;
    }
    this.running = (async () => {
      do {
        this.runAgain = false;
        await this.runOnce().catch((error: unknown) =>
          this.options.log(`[monitor] ${this.options.clusterName}: recording failed: ${String(error)}`),
        );
      } while (this.runAgain && !this.stopped);
    })().finally(() => {
      this.running = null;
    });
  }

  /** Resolves once pending derivations are persisted (tests and shutdown). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  stop(): void {
    this.stopped = true;
    if (this.recheckTimer) this.options.clock.clearTimeout(this.recheckTimer);
    this.recheckTimer = null;
  }

  private async runOnce(): Promise<void> {
    const { clock } = this.options;
    const now = clock.now();
    const observation = this.observe(now, this.options.sight());
    // A followed event stream reads the leader ten times a second under churn, and most reads change nothing the rules
    // look at (task counts are not among them): the same observation before the recheck time derives nothing new, since
    // deriving is idempotent once its result is recorded.
    const key = JSON.stringify({ ...observation, now: null });
    const last = this.lastDerived;
    const same = last !== null && last.key === key && (last.recheckAt === null || now < last.recheckAt);
    if (!same) await this.derive(observation, key);
    if (observation.fresh) this.sawFresh = true;
    this.trackLeaderTimes(now, this.options.sight());
    this.options.onRun();
  }

  private async derive(observation: Observation, key: string): Promise<void> {
    const { clock, timing } = this.options;
    const derivation = deriveEvents(this.recordedState, observation, timing);
    if (derivation.events.length > 0 || JSON.stringify(derivation.recorded) !== JSON.stringify(this.recordedState)) {
      const stored = await this.options.record(derivation.events, derivation.recorded);
      this.recordedState = derivation.recorded;
      this.options.onRecorded(derivation.recorded);
      const last = stored.at(-1);
      if (last) this.version = last.id;
      if (stored.length > 0) this.options.publishEvents(stored);
    }
    this.lastDerived = { key, recheckAt: derivation.recheckAt };
    if (this.recheckTimer) clock.clearTimeout(this.recheckTimer);
    this.recheckTimer = null;
    if (derivation.recheckAt !== null && !this.stopped) {
      const delayMs = Math.max(0, derivation.recheckAt - clock.now()) + 10;
      this.recheckTimer = clock.setTimeout(() => this.run(), delayMs);
    }
  }

  private observe(now: number, sighting: Sighting): Observation {
    const { leader, zk, fresh, health, summary } = sighting;
    this.updateDispute(now, sighting);
    return {
      now,
      zk: zk ? { status: zk.expiryPending ? "expired" : zk.status, since: zk.since } : { status: "none", since: now },
      fresh,
      firstSinceStart: fresh && !this.sawFresh,
      masters: sighting.masters.map((m) => {
        const probed = health.get(m.id);
        return { ...toRef(m), reachable: probed?.reachable ?? null, error: probed?.error ?? null };
      }),
      leader: leader ? toRef(leader) : null,
      agents: summary && summary.masterId === leader?.id ? summary.totals.agents : null,
      poll: { status: sighting.poll.status, error: sighting.poll.error, stream: checksOf(sighting.poll.stream) },
      dispute: this.current,
    };
  }

  private updateDispute(now: number, { leader, masters, fresh, health, summary }: Sighting): void {
    if (!fresh) return;
    const identity = summary && summary.masterId === leader?.id ? summary.leader : null;
    const reason = leaderDispute(
      leader ? { id: leader.id, label: labelOf(leader), pid: leader.pid } : null,
      masters.map((m) => ({
        id: m.id,
        label: labelOf(m),
        reachable: health.get(m.id)?.reachable ?? null,
        elected: health.get(m.id)?.elected ?? null,
      })),
      identity ? { pid: identity.pid, leaderPid: identity.leaderPid } : null,
    );
    if (reason === null) this.current = null;
    else if (this.current?.reason !== reason) this.current = { reason, since: this.current?.since ?? now };
  }

  private trackLeaderTimes(now: number, { leader, fresh }: Sighting): void {
    if (!fresh) return;
    const leaderId = leader?.id ?? null;
    if (leaderId === this.times.lastLeaderId) return;
    if (leaderId === null) this.times.noLeaderSince = now;
    else {
      this.times.leaderSince = now;
      this.times.noLeaderSince = null;
    }
    this.times.lastLeaderId = leaderId;
  }
}
