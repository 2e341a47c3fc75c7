// What the event stream does not carry, read with small v1 calls beside it (docs/monitor-and-events.md#the-event-stream):
// - once per subscription: GET_VERSION and GET_MASTER (who the leader is, for the view and the quorum guard);
// - every check interval: GET_METRICS, whose gauges are compared with the model's counts (an agent deactivated or
//   drained has no event: a mismatch in active agents reads GET_AGENTS; a task mismatch that stays through two more
//   reads 2 s apart means the stream lost an event, MESOS-8469/MESOS-9000, and the reader resubscribes), and
//   GET_FRAMEWORKS for the offers;
// - every reconcile interval: GET_STATE, compared total by total with the model; a difference is counted, logged, and
//   answered by resubscribing.
import type { MetricsSnapshot } from "@/lib/mesos/schemas";
import { capText } from "@/lib/shared/text";
import { type MasterResponse, parseResponse } from "@/lib/mesos/v1/schemas";
import { type StreamModel } from "@/lib/mesos/v1/stream-model";
import { type Clock, type TimerHandle, yieldToEventLoop } from "./clock";
import { type HttpCredentials, MasterHttpError } from "./master-http";
import type { TrackedMaster } from "./master-list";
import type { RecordDecoder } from "./stream-connection";
import { modelOfGetState } from "./state-read";
import { encodingFor } from "./stream-encoding";
import type { V1Encoding, v1Call } from "./v1-http";

/**
 * The `Call` for `type`. A real master refuses GET_METRICS without its (empty) `get_metrics` with 400 "Expecting
 * 'get_metrics' to be present" (`validation::master::call::validate`, src/master/validation.cpp); the other calls
 * read here carry no message of their own.
 */
export function checkCall(type: string): { type: string; get_metrics?: Record<string, never> } {
  return type === "GET_METRICS" ? { type, get_metrics: {} } : { type };
}

export interface StreamCheckIo {
  call: typeof v1Call;
  /** Decodes a call's answer (JSON or protobuf `Response`) into the JSON shape. */
  decodeResponse: RecordDecoder;
}

export interface StreamChecksOptions {
  clock: Clock;
  io: StreamCheckIo;
  auth: HttpCredentials | null;
  encoding: V1Encoding;
  requestTimeoutMs: number;
  maxBytes: number;
  checkIntervalMs: number;
  reconcileIntervalMs: number;
  onChange: () => void;
  onResync: (reason: string) => void;
  log: (line: string) => void;
}

/** The metrics gauges a model's counts must match, and how to read each from the model. */
const GAUGES: readonly [metric: string, fromModel: (model: StreamModel) => number, about: "agents" | "tasks"][] = [
  ["master/slaves_active", (m) => m.totals().agents.active, "agents"],
  ["master/slaves_inactive", (m) => m.totals().agents.deactivated, "agents"],
  ["master/tasks_running", (m) => m.totals().tasks.running, "tasks"],
  ["master/tasks_staging", (m) => m.totals().tasks.staging, "tasks"],
  ["master/tasks_starting", (m) => m.totals().tasks.starting, "tasks"],
  ["master/tasks_killing", (m) => m.totals().tasks.killing, "tasks"],
];

export function metricsOf(response: MasterResponse): MetricsSnapshot | null {
  if (response.type !== "GET_METRICS") return null;
  const metrics: MetricsSnapshot = {};
  for (const metric of response.get_metrics.metrics ?? []) {
    if (typeof metric.value === "number") metrics[metric.name] = metric.value;
  }
  return metrics;
}

/** The gauges whose value differs from the model's count: `name: leader N, stream M`. */
export function gaugeMismatches(model: StreamModel, metrics: MetricsSnapshot, about: "agents" | "tasks"): string[] {
  const found: string[] = [];
  for (const [name, fromModel, kind] of GAUGES) {
    const value = metrics[name];
    if (kind !== about || typeof value !== "number") continue;
    const ours = fromModel(model);
    if (value !== ours) found.push(`${name}: leader ${value}, stream ${ours}`);
  }
  return found;
}

/** Where a GET_STATE and the stream's model disagree, total by total. */
export function totalDifferences(stream: StreamModel, fresh: StreamModel): string[] {
  const a = stream.totals();
  const b = fresh.totals();
  const found: string[] = [];
  const compare = (label: string, x: unknown, y: unknown) => {
    if (JSON.stringify(x) !== JSON.stringify(y)) found.push(label);
  };
  compare("agent counts", a.agents, b.agents);
  compare("task counts", a.tasks, b.tasks);
  for (const name of ["cpus", "gpus", "mem", "disk"] as const) {
    compare(`${name} allocated`, a.resources[name].allocated, b.resources[name].allocated);
    compare(`${name} total`, a.resources[name].total, b.resources[name].total);
  }
  compare(
    "frameworks",
    a.frameworks.map((f) => [f.id, f.active, f.activeTasks]),
    b.frameworks.map((f) => [f.id, f.active, f.activeTasks]),
  );
  return found;
}

/** Further reads of GET_METRICS that must show the same task mismatch before it counts as lost events. */
export const CONFIRMATIONS = 2;
export const CONFIRM_AFTER_MS = 2_000;

/** Answers from this size on are decoded, validated and folded in steps (see `call`). */
const BIG_ANSWER_BYTES = 1 << 20;

export class StreamChecks {
  /** Checks run since the dashboard started, and the differences they found (kept across subscriptions). */
  count = 0;
  differences = 0;
  /** The newest difference found, with when (ISO): the history records each one (derive-events.ts). */
  lastDifference: { at: string; reason: string } | null = null;
  private target: { master: TrackedMaster; model: StreamModel } | null = null;
  private checkTimer: TimerHandle | null = null;
  private reconcileTimer: TimerHandle | null = null;
  private confirmTimer: TimerHandle | null = null;
  private generation = 0;

  constructor(private readonly options: StreamChecksOptions) {}

  /** Starts checking `model`, the subscription to `master` that just began. */
  follow(master: TrackedMaster, model: StreamModel): void {
    this.stop();
    this.target = { master, model };
    const generation = this.generation;
    this.guarded("reading the leader's identity", async () => {
      await this.fold(["GET_VERSION", "GET_MASTER", "GET_METRICS"], generation);
      if (generation === this.generation) this.options.onChange();
    });
    this.checkTimer = this.options.clock.setInterval(
      () => this.guarded("a count check", () => this.check(generation)),
      this.options.checkIntervalMs,
    );
    this.reconcileTimer = this.options.clock.setInterval(
      () => this.guarded("a reconcile", () => this.reconcile(generation)),
      this.options.reconcileIntervalMs,
    );
  }

  /** Runs a check in the background: what it throws is logged, never left to stop the process. */
  private guarded(what: string, run: () => Promise<void>): void {
    run().catch((error: unknown) => this.options.log(`[monitor] ${what} failed: ${String(error)}`));
  }

  stop(): void {
    this.generation += 1;
    this.target = null;
    const clock = this.options.clock;
    if (this.confirmTimer) clock.clearTimeout(this.confirmTimer);
    this.confirmTimer = null;
    if (this.checkTimer) clock.clearInterval(this.checkTimer);
    if (this.reconcileTimer) clock.clearInterval(this.reconcileTimer);
    this.checkTimer = null;
    this.reconcileTimer = null;
  }

  /** One round of the count check; exported for tests through the timer. */
  async check(generation: number): Promise<void> {
    const [answer] = await this.fold(["GET_METRICS"], generation);
    const target = this.target;
    if (!target || generation !== this.generation) return;
    this.count += 1;
    const metrics = answer ? metricsOf(answer) : null;
    if (metrics) {
      // Compared at once: every event the stream folds from here on would move the model past the leader's snapshot.
      const tasks = gaugeMismatches(target.model, metrics, "tasks").join("; ");
      if (tasks && !this.confirmTimer) this.confirm(tasks, generation, 1);
      if (gaugeMismatches(target.model, metrics, "agents").length > 0) await this.fold(["GET_AGENTS"], generation);
    }
    await this.fold(["GET_FRAMEWORKS"], generation);
    if (generation === this.generation) this.options.onChange();
  }

  /**
   * Counts move while events are in flight, and under steady churn the same off-by-one comes back check after check
   * (a 10,000-agent run resubscribed every two minutes on such races). A lost event is a mismatch that stays: the same
   * one in CONFIRMATIONS more reads of GET_METRICS, CONFIRM_AFTER_MS apart.
   */
  private confirm(seen: string, generation: number, round: number): void {
    this.confirmTimer = this.options.clock.setTimeout(() => {
      this.guarded("confirming a count check", async () => {
        const [answer] = await this.call(["GET_METRICS"], generation);
        if (generation !== this.generation) return; // stopped meanwhile: stop() let go of the timer
        this.confirmTimer = null;
        const target = this.target;
        const metrics = answer ? metricsOf(answer) : null;
        if (!target || !metrics) return;
        if (gaugeMismatches(target.model, metrics, "tasks").join("; ") !== seen) return; // it moved: in flight
        if (round < CONFIRMATIONS) return this.confirm(seen, generation, round + 1);
        this.found(
          `task counts differ from the leader's in ${round + 1} reads ${CONFIRM_AFTER_MS / 1000} s apart: ${seen}`,
        );
        this.options.log(`[monitor] the stream from ${target.master.id} lost events: ${seen}`);
        this.options.onResync(`task counts differ from the leader's: ${seen}`);
      });
    }, CONFIRM_AFTER_MS);
  }

  async reconcile(generation: number): Promise<void> {
    const master = this.target?.master;
    if (!master?.url) return;
    const { io, auth, encoding, requestTimeoutMs, maxBytes } = this.options;
    let fresh: StreamModel;
    try {
      const answer = await io.call(master.url, checkCall("GET_STATE"), {
        auth,
        encoding: encodingFor(master.version, encoding),
        timeoutMs: requestTimeoutMs,
        maxBytes,
      });
      const target = this.target;
      if (answer.kind !== "ok" || !target || generation !== this.generation) return;
      const read = await modelOfGetState(
        answer.body,
        answer.encoding,
        target.model.internals.identity,
        io.decodeResponse,
      );
      if (!read.ok) return this.options.log(`[monitor] ${master.url}/api/v1 GET_STATE: ${read.error}`);
      fresh = read.value;
    } catch (error) {
      const message = error instanceof MasterHttpError ? error.message : String(error);
      return this.options.log(`[monitor] GET_STATE: ${message}`);
    }
    const target = this.target;
    if (!target || generation !== this.generation) return;
    this.count += 1;
    const found = totalDifferences(target.model, fresh);
    if (found.length === 0) return;
    this.found(`GET_STATE differs from the stream in ${found.join(", ")}`);
    this.options.log(`[monitor] GET_STATE differs from the stream from ${target.master.id}: ${found.join(", ")}`);
    this.options.onResync(`GET_STATE differs from the stream in ${found.join(", ")}`);
  }

  private found(reason: string): void {
    this.differences += 1;
    this.lastDifference = { at: new Date(this.options.clock.now()).toISOString(), reason: capText(reason, 300) };
  }

  private async fold(types: readonly string[], generation: number): Promise<MasterResponse[]> {
    const answers = await this.call(types, generation);
    const model = this.target?.model;
    if (model && generation === this.generation) for (const answer of answers) model.applyResponse(answer);
    return answers;
  }

  /** Each call in turn; one that fails is logged and skipped (the stream itself says whether the leader is there). */
  private async call(types: readonly string[], generation: number): Promise<MasterResponse[]> {
    const { io, auth, encoding, requestTimeoutMs, maxBytes } = this.options;
    const answers: MasterResponse[] = [];
    for (const type of types) {
      const master = this.target?.master;
      if (!master?.url || generation !== this.generation) break;
      const url = master.url;
      try {
        const answer = await io.call(url, checkCall(type), {
          auth,
          encoding: encodingFor(master.version, encoding),
          timeoutMs: requestTimeoutMs,
          maxBytes,
        });
        if (answer.kind !== "ok") continue;
        // A GET_STATE of a big cluster is seconds of work: done in steps, the event loop let through between them.
        const big = answer.body.byteLength >= BIG_ANSWER_BYTES;
        const decoded = io.decodeResponse(answer.body, answer.encoding);
        if (big) await yieldToEventLoop();
        const parsed = decoded.ok ? parseResponse(decoded.value) : decoded;
        if (big) await yieldToEventLoop();
        if (parsed.ok) answers.push(parsed.value);
        else this.options.log(`[monitor] ${url}/api/v1 ${type}: ${parsed.error}`);
      } catch (error) {
        const message = error instanceof MasterHttpError ? error.message : String(error);
        this.options.log(`[monitor] ${type}: ${message}`);
      }
    }
    return answers;
  }
}
