// Each master's health as the dashboard sees it: `/health` on every master at a short interval (reachable or
// not), and `master/elected` as the master itself reports it, asked only of masters that answer.
import { capText } from "@/lib/shared/text";
import type { Clock, TimerHandle } from "./clock";
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
}

export interface HealthProberOptions {
  masters: () => readonly TrackedMaster[];
  /** The version to assume for a master that does not publish its own (the leader's, once read). */
  fallbackVersion: () => string | null;
  healthIntervalMs: number;
  healthTimeoutMs: number;
  electedIntervalMs: number;
  auth: HttpCredentials | null;
  clock: Clock;
  io: Pick<MonitorIo, "probeHealth" | "probeElected">;
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
  }

  /** Drops what is known of masters no longer listed. */
  forgetUnlisted(): void {
    const masters = this.options.masters();
    for (const id of this.probed.keys()) if (!masters.some((m) => m.id === id)) this.probed.delete(id);
  }

  /** Probes `/health` on every listed master that has no probe in flight. */
  probeAll(): void {
    const { healthTimeoutMs, auth, io } = this.options;
    for (const master of this.options.masters()) {
      const url = master.url;
      if (!url) continue;
      const health = this.entry(master.id);
      if (health.healthInFlight) continue;
      health.healthInFlight = true;
      io.probeHealth(url, { auth, timeoutMs: healthTimeoutMs, maxBytes: 1 << 20 })
        .then(() => this.setReachable(master.id, true, null))
        .catch((error: unknown) =>
          // Capped where it is made: it reaches the state view, `master.unreachable` events and every stream.
          this.setReachable(master.id, false, capText(error instanceof Error ? error.message : String(error))),
        )
        .finally(() => {
          health.healthInFlight = false;
        });
    }
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
    if (!reachable) health.elected = null;
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
