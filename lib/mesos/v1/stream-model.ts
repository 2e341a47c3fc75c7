// An indexed in-memory model of the leader's state, loaded from SUBSCRIBED and folded by one reducer per event type
// (reduce-*.ts), with totals kept up to date as events arrive (model-totals.ts) and a `/master/state` snapshot built
// on demand (model-snapshot.ts). Pure: no I/O, no clock; the same events give the same model. Every event costs O(1)
// map operations plus the size of the task or agent it names, except AGENT_REMOVED and FRAMEWORK_REMOVED, which
// touch the tasks they move. Anything that does not fit (unknown ids, duplicates, event types the master's version
// does not send) is counted and described in `problems`, never thrown.
import type { MesosState } from "@/lib/mesos/schemas";
import { mesosFeatures, tryParseMesosVersion, type OperatorEventType } from "@/lib/mesos/versions";
import { addProblem, emptyModel } from "./model-index";
import { buildSnapshot } from "./model-snapshot";
import { modelTotals, type ModelTotals } from "./model-totals";
import type { ModelData, ModelProblem, StreamModelOptions } from "./model-types";
import { agentAdded, agentRemoved } from "./reduce-agents";
import { frameworkAdded, frameworkRemoved, frameworkUpdated } from "./reduce-frameworks";
import {
  applyGetAgents,
  applyGetExecutors,
  applyGetFrameworks,
  applyGetMetrics,
  beginState,
  endState,
  fileStateTask,
  loadState,
} from "./reduce-polls";
import { taskAdded, taskUpdated } from "./reduce-tasks";
import type { MasterEvent, MasterResponse, V1GetState, V1Subscribed, V1Task } from "./schemas";
import type { TaskBucket } from "./model-types";
import type { MasterIdentity } from "./state-from-v1";

export type { ModelProblem, ProblemKind, StreamModelOptions } from "./model-types";
export type { ModelTotals } from "./model-totals";

/** What one event or response did: whether it changed the model, and how many problems it added. */
export interface ApplyOutcome {
  changed: boolean;
  problems: number;
}

export class StreamModel {
  private readonly data: ModelData;
  private expected: { version: string | null; events: readonly OperatorEventType[] | null } | null = null;
  private snapshotCache: { revision: number; state: MesosState } | null = null;
  private totalsCache: { revision: number; totals: ModelTotals } | null = null;

  constructor(options: StreamModelOptions = {}) {
    this.data = emptyModel(options);
  }

  /** A model of one GET_STATE answer, e.g. to reconcile the stream's model against with {@link diffModels}. */
  static fromGetState(
    getState: V1GetState,
    identity: MasterIdentity = {},
    options: StreamModelOptions = {},
  ): StreamModel {
    const model = new StreamModel(options);
    model.data.identity = identity;
    loadState(model.data, getState);
    model.data.subscribed = true;
    return model;
  }

  /**
   * The same model as `fromGetState`, built in steps: `getState` without its tasks, then each task with `file`, then
   * `finish()`. For a big GET_STATE read in parts (lib/mesos/proto/get-state-parts.ts), whose tasks need not all be
   * in memory at once.
   */
  static buildFromGetState(
    withoutTasks: V1GetState,
    identity: MasterIdentity = {},
    options: StreamModelOptions = {},
  ): { file: (task: V1Task, bucket: TaskBucket) => void; finish: () => StreamModel } {
    const model = new StreamModel(options);
    model.data.identity = identity;
    beginState(model.data, withoutTasks);
    return {
      file: (task, bucket) => fileStateTask(model.data, task, bucket),
      finish: () => {
        endState(model.data, withoutTasks);
        model.data.subscribed = true;
        return model;
      },
    };
  }

  /**
   * A model from a SUBSCRIBED event read in parts, as `applyEvent` of the whole event on a new model gives it:
   * `subscribed` with its `get_state` but without the tasks, then each task with `file`, then `finish()`.
   */
  static buildFromSubscribed(
    subscribed: V1Subscribed,
    options: StreamModelOptions = {},
  ): { file: (task: V1Task, bucket: TaskBucket) => void; finish: () => StreamModel } {
    const builder = StreamModel.buildFromGetState(subscribed.get_state ?? {}, {}, options);
    return {
      file: builder.file,
      finish: () => {
        const model = builder.finish();
        const data = model.data;
        data.eventCounts["SUBSCRIBED"] = (data.eventCounts["SUBSCRIBED"] ?? 0) + 1;
        data.heartbeatIntervalSeconds = subscribed.heartbeat_interval_seconds ?? null;
        data.revision++;
        return model;
      },
    };
  }

  /** The master's Mesos version (GET_VERSION, else MasterInfo), which decides the event types to expect. */
  get mesosVersion(): string | null {
    const identity = this.data.identity;
    return identity.version?.version ?? identity.master?.master_info?.version ?? null;
  }

  /** Sets what the snapshot says of the master itself (GET_MASTER and GET_VERSION answers). */
  setIdentity(identity: MasterIdentity): void {
    this.data.identity = { ...this.data.identity, ...identity };
    this.data.revision++;
  }

  applyEvent(event: MasterEvent): ApplyOutcome {
    const data = this.data;
    const problemsBefore = data.problemCount;
    const type = event.type === "UNKNOWN" ? (event.originalType ?? "UNKNOWN") : event.type;
    data.eventCounts[type] = (data.eventCounts[type] ?? 0) + 1;
    if (event.type === "HEARTBEAT" || event.type === "UNKNOWN") {
      if (event.type === "UNKNOWN") addProblem(data, "unknown-event-type", type, `event type ${type} is not known`);
      else this.checkExpected("HEARTBEAT");
      return { changed: false, problems: data.problemCount - problemsBefore };
    }
    if (event.type !== "SUBSCRIBED" && !data.subscribed) {
      addProblem(data, "before-subscribed", event.type, `${event.type} before SUBSCRIBED; ignored`);
      return { changed: false, problems: data.problemCount - problemsBefore };
    }
    this.checkExpected(event.type);
    switch (event.type) {
      case "SUBSCRIBED":
        loadState(data, event.subscribed.get_state ?? {});
        data.subscribed = true;
        data.heartbeatIntervalSeconds = event.subscribed.heartbeat_interval_seconds ?? null;
        break;
      case "TASK_ADDED":
        taskAdded(data, event, this.expects("FRAMEWORK_ADDED"));
        break;
      case "TASK_UPDATED":
        taskUpdated(data, event);
        break;
      case "AGENT_ADDED":
        agentAdded(data, event);
        break;
      case "AGENT_REMOVED":
        agentRemoved(data, event);
        break;
      case "FRAMEWORK_ADDED":
        frameworkAdded(data, event);
        break;
      case "FRAMEWORK_UPDATED":
        frameworkUpdated(data, event);
        break;
      case "FRAMEWORK_REMOVED":
        frameworkRemoved(data, event);
        break;
    }
    data.revision++;
    return { changed: true, problems: data.problemCount - problemsBefore };
  }

  /**
   * Folds in the answer of a periodic call: GET_AGENTS, GET_FRAMEWORKS, GET_EXECUTORS, GET_METRICS, GET_MASTER or
   * GET_VERSION (see reduce-polls.ts). GET_STATE, GET_TASKS and GET_HEALTH are not folded (`changed: false`): compare
   * a GET_STATE with `diffModels(model, StreamModel.fromGetState(…))`, or resubscribe.
   */
  applyResponse(response: MasterResponse): ApplyOutcome {
    const data = this.data;
    const problemsBefore = data.problemCount;
    switch (response.type) {
      case "GET_AGENTS":
        applyGetAgents(data, response.get_agents);
        break;
      case "GET_FRAMEWORKS":
        applyGetFrameworks(data, response.get_frameworks, this.expects("FRAMEWORK_ADDED"));
        break;
      case "GET_EXECUTORS":
        applyGetExecutors(data, response.get_executors);
        break;
      case "GET_METRICS":
        applyGetMetrics(data, response.get_metrics);
        break;
      case "GET_MASTER":
        data.identity = { ...data.identity, master: response.get_master };
        break;
      case "GET_VERSION":
        data.identity = { ...data.identity, version: response.get_version.version_info };
        break;
      default:
        return { changed: false, problems: 0 };
    }
    data.revision++;
    return { changed: true, problems: data.problemCount - problemsBefore };
  }

  /** The model as `/master/state`; built on demand, then the same object until the next change. Do not mutate it. */
  snapshot(): MesosState {
    if (this.snapshotCache?.revision !== this.data.revision) {
      this.snapshotCache = { revision: this.data.revision, state: buildSnapshot(this.data) };
    }
    return this.snapshotCache.state;
  }

  /** `agentCounts`, `resourceTotals`, `frameworkSummaries`, `taskCounts(…, null)` of `snapshot()`, without it. */
  totals(): ModelTotals {
    if (this.totalsCache?.revision !== this.data.revision) {
      this.totalsCache = { revision: this.data.revision, totals: modelTotals(this.data) };
    }
    return this.totalsCache.totals;
  }

  /** The first problems (up to `maxProblems`), oldest first. */
  get problems(): readonly ModelProblem[] {
    return this.data.problems;
  }

  /** Every problem, kept or not. */
  get problemCount(): number {
    return this.data.problemCount;
  }

  /** Events seen, by type (an unknown type under its own name). */
  get eventCounts(): Readonly<Record<string, number>> {
    return this.data.eventCounts;
  }

  get subscribed(): boolean {
    return this.data.subscribed;
  }

  get heartbeatIntervalSeconds(): number | null {
    return this.data.heartbeatIntervalSeconds;
  }

  /** Bumped by every change; equal revisions mean an equal model. */
  get revision(): number {
    return this.data.revision;
  }

  /** Read-only access for diffModels and tests. */
  get internals(): Readonly<ModelData> {
    return this.data;
  }

  private expects(type: OperatorEventType): boolean {
    // Worked out once per version, not for every event: mesosFeatures builds the whole table of a version.
    const version = this.mesosVersion;
    if (this.expected?.version !== version) {
      const parsed = version === null ? null : tryParseMesosVersion(version);
      this.expected = { version, events: parsed === null ? null : mesosFeatures(parsed).operatorEvents };
    }
    return this.expected.events === null || this.expected.events.includes(type);
  }

  private checkExpected(type: OperatorEventType): void {
    if (!this.expects(type)) {
      addProblem(this.data, "unexpected-event-type", type, `Mesos ${this.mesosVersion} does not send ${type}`);
    }
  }
}
