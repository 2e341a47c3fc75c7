// The data of the stream model (stream-model.ts): Maps keyed by id, so that every event touches O(1) entries, plus the
// counters and sums the reducers keep up to date. Reducers mutate it in place; nothing here does I/O or reads a clock.
import type { MesosAgent, MesosFramework, MesosResources, MesosTask } from "@/lib/mesos/schemas";
import { type ResourceAmounts, type TaskStateCounts } from "@/lib/mesos/totals";
import type { MasterIdentity } from "./state-from-v1";
import type { V1AgentInfo, V1Executor, V1Framework, V1GetAgentsAgent, V1Offer, V1Resource, V1Task } from "./schemas";

export type TaskBucket = "active" | "unreachable" | "completed";

/** One task. `task` is the model's own copy: reducers update its `state` and `statuses` in place. */
export interface TaskEntry {
  id: string;
  frameworkId: string;
  agentId: string;
  task: V1Task;
  bucket: TaskBucket;
  /** Its resources' scalars in thousandths; resources of a task never change, so this is computed once. */
  milli: Map<string, number>;
  /** Its ranges and sets (ports), or null; what `used_resources` needs besides `milli`. */
  nonScalar: V1Resource[] | null;
  /** Whether `milli` is counted in its framework's `used` (a live task in the `active` bucket). */
  counted: boolean;
  /** `legacyTask(task)`, built on demand and dropped on every change. */
  legacy: MesosTask | null;
}

export interface ExecutorEntry {
  key: string;
  frameworkId: string;
  agentId: string;
  executor: V1Executor;
  usage: Map<string, number>;
  legacy: Record<string, unknown> | null;
}

export interface FrameworkEntry {
  id: string;
  framework: V1Framework;
  /** Torn down: kept among `completed_frameworks`, out of every total. */
  removed: boolean;
  /** Stood in for a framework a task named before any framework event or poll described it. */
  placeholder: boolean;
  active: Map<string, TaskEntry>;
  unreachable: Map<string, TaskEntry>;
  /** Oldest first, capped like the master's `completedTasks` circular buffer. */
  completed: Map<string, TaskEntry>;
  executors: Map<string, ExecutorEntry>;
  /** Σ usage of live tasks in `active` and of executors, in thousandths by resource key. */
  used: Map<string, number>;
  /** Outstanding offers, from SUBSCRIBED or a GET_FRAMEWORKS poll (events never carry offers). */
  offers: V1Offer[];
  /** Σ offers in thousandths; with `used` it gives the framework's `resources`. */
  offered: Map<string, number>;
  /** Σ over `offers` of each offer's legacy scalar, added in order as lib/mesos/totals.ts does. */
  offeredFold: ResourceAmounts;
  /** Tasks in `active` and `completed` by state, as totals.ts counts `tasks` + `completed_tasks`. */
  counts: TaskStateCounts;
  /** Tasks in `active` whose state is TASK_RUNNING. */
  running: number;
}

export interface AgentEntry {
  id: string;
  agent: V1GetAgentsAgent;
  /** `legacyResources(total_resources)`: what the cluster total adds up. */
  total: MesosResources;
  /** `legacyAgent` but for `used_resources`, built on demand; an agent that changes gets a new entry. */
  base: MesosAgent | null;
}

export type ProblemKind =
  | "unknown-agent"
  | "unknown-framework"
  | "unknown-task"
  | "duplicate-add"
  | "unexpected-event-type"
  | "unknown-event-type"
  | "before-subscribed"
  | "inconsistent";

export interface ModelProblem {
  kind: ProblemKind;
  /** The event type or call (`TASK_UPDATED`, `GET_AGENTS`) it came from. */
  source: string;
  message: string;
}

export interface StreamModelOptions {
  /** Problems kept in `problems` (all are counted). Default 100. */
  maxProblems?: number;
  /** The master's `--max_completed_tasks_per_framework`. Default 1000. */
  maxCompletedTasksPerFramework?: number;
  /** The master's `--max_unreachable_tasks_per_framework`. Default 1000. */
  maxUnreachableTasksPerFramework?: number;
  /** The master's `--max_completed_frameworks`. Default 50. */
  maxCompletedFrameworks?: number;
}

export interface ModelData {
  limits: Required<StreamModelOptions>;
  identity: MasterIdentity;
  /** `master/slaves_unreachable` of the last GET_METRICS, which v1 state does not carry. */
  unreachableAgents: number | undefined;
  subscribed: boolean;
  heartbeatIntervalSeconds: number | null;
  agents: Map<string, AgentEntry>;
  /** Agents of the registry that have not re-registered yet; never also in `agents`. */
  recovered: Map<string, V1AgentInfo>;
  frameworks: Map<string, FrameworkEntry>;
  completedFrameworks: Map<string, FrameworkEntry>;
  /** Per agent: its tasks in the `active` bucket and its executors, for when it leaves. */
  agentTasks: Map<string, Set<TaskEntry>>;
  agentExecutors: Map<string, Set<ExecutorEntry>>;
  /** Registered agents whose `active` is true. */
  activeAgents: number;
  /** Σ `counts` over registered frameworks. */
  taskCounts: TaskStateCounts;
  /**
   * The master's own task counters (`master/tasks_<state>`) of the last GET_METRICS, and the transitions into a
   * terminal state folded since: what the stock UI shows for finished, failed, killed… (counters since the master
   * started, not the completed tasks it still keeps). Null before a GET_METRICS.
   */
  taskCounters: { metrics: TaskStateCounts; since: TaskStateCounts } | null;
  /** Σ `unreachable.size` over registered frameworks. */
  unreachableTasks: number;
  /** Σ agents' `total` in agent order, or null when an agent changed or left and it must be re-added. */
  agentTotalFold: ResourceAmounts | null;
  problems: ModelProblem[];
  problemCount: number;
  eventCounts: Record<string, number>;
  /** Bumped on every change; the snapshot and the totals are cached against it. */
  revision: number;
  /** Legacy objects of the last snapshot, and the ids whose objects a change made stale (model-snapshot.ts). */
  snapshotCache: SnapshotCache;
}

export interface SnapshotCache {
  frameworks: Map<string, MesosFramework>;
  agents: Map<string, MesosAgent>;
  staleFrameworks: Set<string>;
  staleAgents: Set<string>;
}
