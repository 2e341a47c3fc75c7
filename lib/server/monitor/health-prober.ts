// Each master's health as the dashboard sees it: `/health` probes (reachable or not), and `master/elected` as the
// master itself reports it, asked only of masters that answer.
//
// How often: a TCP connection is held open to every master that answers (nothing is sent on it), and the kernel closes
// it the moment the master's process dies, which sets off a probe at once. So the leader, whose silence matters, is
// probed at the short interval (a hung leader that still holds its connections is seen within the probe's deadline),
// and a reachable standby whose connection is held only every `standbyIntervalMs`: a standby that exits is seen at
// once, one that hangs within that interval. A master not known reachable, or with no connection held, is probed at the
// short interval. Probes cost more than their bytes (a wake-up and an HTTP exchange each, about a millisecond of CPU):
// three masters probed twice a second were most of what a followed cluster cost the dashboard.
import { capText } from "@/lib/shared/text";
import type { Clock, TimerHandle } from "./clock";
import type { HeldConnection } from "./master-http";
import type { HttpCredentials } from "./master-http";
import type { TrackedMaster } from "./master-list";
import type { MonitorIo } from "./monitor-io";
import { NOT_A_MASTER } from "./master-api";

const NOT_A_MASTER_REASON = "answers /health, but its /metrics/snapshot is not a Mesos master's";

export interface MasterHealth {
  reachable: boolean | null;
  elected: boolean | null;
  /** Why the last health probe failed. */
  error: string | null;
  /** Why it does not count as a Mesos master although it answers `/health` (null: nothing says so). */
  impostor: string | null;
  /** When `reachable` last changed (ms). */
  since: number | null;
}

interface Probed extends MasterHealth {
  healthInFlight: boolean;
  electedInFlight: boolean;
  /** When its last `/health` probe started (ms). */
  probedAt: number | null;
  /** The connection held open to it, for the URL it was opened to. */
  held: { url: string; connection: HeldConnection } | null;
  /** When the last held connection closed under us (ms): not held again for `standbyIntervalMs`. */
  heldClosedAt: number | null;
}

export interface HealthProberOptions {
  masters: () => readonly TrackedMaster[];
  /** The version to assume for a master that does not publish its own (the leader's, once read). */
  fallbackVersion: () => string | null;
  /** The leader ZooKeeper names (or the one found), probed at `healthIntervalMs` whatever else is known. */
  leaderId: () => string | null;
  healthIntervalMs: number;
  /** How often a reachable standby with a held connection is probed. */
  standbyIntervalMs: number;
  healthTimeoutMs: number;
  electedIntervalMs: number;
  auth: HttpCredentials | null;
  clock: Clock;
  io: Pick<MonitorIo, "probeHealth" | "probeElected" | "holdConnection">;
  onReachability: (id: string, reachable: boolean) => void;
  onElected: (id: string) => void;
}

export class HealthProber {
  private readonly probed = new Map<string, Probed>();
  private readonly timers: TimerHandle[] = [];
  private stopped = false;

  constructor(private readonly options: HealthProberOptions) {}

  get health(): ReadonlyMap<string, MasterHealth> {
    return this.probed;
  }

  start(): void {
    const { clock, healthIntervalMs, electedIntervalMs } = this.options;
    this.timers.push(clock.setInterval(() => this.probeAll(), healthIntervalMs));
    this.timers.push(clock.setInterval(() => this.probeAllElected(), electedIntervalMs));
    this.probeAll();
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) this.options.clock.clearInterval(timer);
    this.timers.length = 0;
    for (const health of this.probed.values()) this.release(health);
  }

  /** Drops what is known of masters no longer listed. */
  forgetUnlisted(): void {
    const masters = this.options.masters();
    for (const [id, health] of this.probed) {
      if (masters.some((m) => m.id === id)) continue;
      this.release(health);
      this.probed.delete(id);
    }
  }

  /** Probes `/health` on every listed master that is due and has no probe in flight. */
  probeAll(): void {
    const now = this.options.clock.now();
    const leaderId = this.options.leaderId();
    for (const master of this.options.masters()) {
      if (!master.url) continue;
      const health = this.entry(master.id);
      const steady =
        master.id !== leaderId &&
        health.reachable === true &&
        health.held?.url === master.url &&
        health.probedAt !== null &&
        now - health.probedAt < this.options.standbyIntervalMs;
      if (!steady) this.probe(master);
    }
  }

  private probe(master: TrackedMaster): void {
    const { healthTimeoutMs, auth, io, clock } = this.options;
    const url = master.url;
    const health = this.entry(master.id);
    if (!url || health.healthInFlight) return;
    health.healthInFlight = true;
    health.probedAt = clock.now();
    io.probeHealth(url, { auth, timeoutMs: healthTimeoutMs, maxBytes: 1 << 20 })
      .then(() => {
        this.setReachable(master.id, true, null);
        this.hold(master.id, url);
      })
      .catch((error: unknown) =>
        // Capped where it is made: it reaches the state view, `master.unreachable` events and every stream.
        this.setReachable(master.id, false, capText(error instanceof Error ? error.message : String(error))),
      )
      .finally(() => {
        health.healthInFlight = false;
      });
  }

  /** Holds a connection open to a master that just answered, unless one is held or one closed too recently. */
  private hold(id: string, url: string): void {
    const health = this.probed.get(id);
    if (!health || this.stopped || health.reachable !== true || health.held?.url === url) return;
    const { clock, standbyIntervalMs, io } = this.options;
    if (health.heldClosedAt !== null && clock.now() - health.heldClosedAt < standbyIntervalMs) return;
    this.release(health);
    const held: { url: string; connection: HeldConnection } = {
      url,
      connection: io.holdConnection(url, () => {
        if (health.held !== held) return; // released by us
        health.held = null;
        health.heldClosedAt = clock.now();
        const master = this.options.masters().find((m) => m.id === id && m.url === url);
        if (master && !this.stopped && this.probed.get(id) === health) this.probe(master);
      }),
    };
    health.held = held;
  }

  private release(health: Probed): void {
    const held = health.held;
    health.held = null;
    held?.connection.release();
  }

  probeAllElected(): void {
    for (const master of this.options.masters()) this.probeElected(master.id);
  }

  private entry(id: string): Probed {
    let health = this.probed.get(id);
    if (!health) {
      health = {
        reachable: null,
        elected: null,
        error: null,
        impostor: null,
        since: null,
        healthInFlight: false,
        electedInFlight: false,
        probedAt: null,
        held: null,
        heldClosedAt: null,
      };
      this.probed.set(id, health);
    }
    return health;
  }

  private setReachable(id: string, reachable: boolean, error: string | null): void {
    const health = this.probed.get(id);
    if (!health || this.stopped) return;
    const changed = health.reachable !== reachable;
    health.error = error;
    if (!changed) return;
    health.reachable = reachable;
    health.since = this.options.clock.now();
    if (!reachable) {
      health.elected = null;
      this.release(health); // a hung master keeps its connections: probed at the short interval until it answers
    }
    if (reachable) this.probeElected(id);
    this.options.onReachability(id, reachable);
  }

  private probeElected(id: string): void {
    const master = this.options.masters().find((m) => m.id === id);
    const health = this.probed.get(id);
    if (!master?.url || !health || health.reachable !== true || health.electedInFlight) return;
    health.electedInFlight = true;
    const version = master.version ?? this.options.fallbackVersion();
    const { auth, healthTimeoutMs, io } = this.options;
    io.probeElected(master.url, version, { auth, timeoutMs: healthTimeoutMs * 2, maxBytes: 1 << 20 })
      .catch(() => null)
      .then((answer) => {
        const elected = answer === NOT_A_MASTER ? null : answer;
        const impostor = answer === NOT_A_MASTER ? NOT_A_MASTER_REASON : null;
        if ((health.elected !== elected || health.impostor !== impostor) && !this.stopped) {
          health.elected = elected;
          health.impostor = impostor;
          this.options.onElected(id);
        }
      })
      .finally(() => {
        health.electedInFlight = false;
      });
  }
}
