// The agents' and frameworks' side of a failover (docs/mesos/failover.md#agent-re-registration): when their detector
// sees a new leader, each agent re-registers after registration_backoff_factor (1 s) x random[0,1), and each retry
// after a dropped attempt waits random within [0, 1 s x 2^n], capped at one minute. Frameworks' schedulers do likewise.
// Attempts due within the same 50 ms are sent to the leader's process as one message.
import type { Random } from "./random";

const BACKOFF_FACTOR_MS = 1000;
const MAX_BACKOFF_MS = 60_000;
const BATCH_MS = 50;

export type Registrant = "agent" | "framework";

export interface FleetTransport {
  send(masterId: string, kind: Registrant, ids: string[]): void;
}

export class Fleet {
  private leader: string | null = null;
  /** Attempts made per registrant with the current leader, for the doubling backoff. */
  private readonly tries = new Map<string, number>();
  /** Registrants with an attempt scheduled but not yet sent. */
  private readonly outstanding = new Set<string>();
  private readonly buckets = new Map<number, { timer: NodeJS.Timeout; items: { kind: Registrant; id: string }[] }>();

  constructor(
    private readonly random: Random,
    private readonly transport: FleetTransport,
  ) {}

  /** Registrations still outstanding with the current leader. */
  get pending(): number {
    return this.outstanding.size;
  }

  get leaderId(): string | null {
    return this.leader;
  }

  /** A new leader: everyone starts over with it (or waits, when there is none). */
  onLeader(masterId: string | null, agents: string[], frameworks: string[]): void {
    this.cancelAll();
    this.leader = masterId;
    if (masterId === null) return;
    for (const id of agents) this.schedule("agent", id, 0);
    for (const id of frameworks) this.schedule("framework", id, 0);
  }

  /** New agents register with the current leader right away (their first attempt, with the usual jitter). */
  add(kind: Registrant, ids: string[]): void {
    if (this.leader !== null) for (const id of ids) this.schedule(kind, id, 0);
  }

  /** The leader dropped these attempts (it was still recovering): retry with a doubled backoff. */
  dropped(fromMaster: string, kind: Registrant, ids: string[]): void {
    if (fromMaster !== this.leader) return;
    for (const id of ids) this.schedule(kind, id, (this.tries.get(`${kind}:${id}`) ?? 0) + 1);
  }

  /** Forget an agent that left the cluster. */
  forget(kind: Registrant, id: string): void {
    this.tries.delete(`${kind}:${id}`);
    this.outstanding.delete(`${kind}:${id}`);
  }

  stop(): void {
    this.cancelAll();
  }

  private schedule(kind: Registrant, id: string, attempt: number): void {
    this.tries.set(`${kind}:${id}`, attempt);
    this.outstanding.add(`${kind}:${id}`);
    const window = Math.min(BACKOFF_FACTOR_MS * 2 ** attempt, MAX_BACKOFF_MS);
    // Rounded down to the batch window: an attempt may go a little early, never later than its backoff allows.
    const due = Math.floor((Date.now() + this.random() * window) / BATCH_MS) * BATCH_MS;
    let bucket = this.buckets.get(due);
    if (!bucket) {
      const created = {
        timer: setTimeout(() => this.flush(due), Math.max(0, due - Date.now())),
        items: [] as { kind: Registrant; id: string }[],
      };
      this.buckets.set(due, created);
      bucket = created;
    }
    bucket.items.push({ kind, id });
  }

  private flush(due: number): void {
    const bucket = this.buckets.get(due);
    this.buckets.delete(due);
    if (!bucket || this.leader === null) return;
    for (const kind of ["agent", "framework"] as const) {
      const ids = bucket.items
        .filter((item) => item.kind === kind && this.outstanding.has(`${kind}:${item.id}`))
        .map((item) => item.id);
      // An attempt counts as accepted unless the master reports it dropped.
      for (const id of ids) this.outstanding.delete(`${kind}:${id}`);
      if (ids.length > 0) this.transport.send(this.leader, kind, ids);
    }
  }

  private cancelAll(): void {
    for (const bucket of this.buckets.values()) clearTimeout(bucket.timer);
    this.buckets.clear();
    this.tries.clear();
    this.outstanding.clear();
  }
}
