// Differences between two models, for the periodic reconciliation of the stream's model against a fresh GET_STATE
// (`StreamModel.fromGetState`). Pure; O(agents + frameworks + tasks).
import type { FrameworkEntry, ModelData, TaskEntry } from "./model-types";
import type { StreamModel } from "./stream-model";

export interface ModelDiff {
  /** Every difference found. */
  count: number;
  /** The first `limit` of them, in words. */
  differences: string[];
}

class Collector {
  count = 0;
  readonly differences: string[] = [];
  constructor(private readonly limit: number) {}
  add(text: string): void {
    this.count++;
    if (this.differences.length < this.limit) this.differences.push(text);
  }
}

function compareAgents(a: ModelData, b: ModelData, out: Collector): void {
  for (const [id, entry] of a.agents) {
    const other = b.agents.get(id);
    if (!other) {
      out.add(`agent ${id} (${entry.agent.agent_info.hostname}) is registered in a but not in b`);
      continue;
    }
    for (const field of ["active", "deactivated"] as const) {
      if (entry.agent[field] !== other.agent[field]) {
        out.add(`agent ${id}: ${field} is ${entry.agent[field]} in a, ${other.agent[field]} in b`);
      }
    }
    const drain = entry.agent.drain_info?.state ?? "none";
    const otherDrain = other.agent.drain_info?.state ?? "none";
    if (drain !== otherDrain) out.add(`agent ${id}: drain state is ${drain} in a, ${otherDrain} in b`);
  }
  for (const [id, entry] of b.agents) {
    if (!a.agents.has(id)) out.add(`agent ${id} (${entry.agent.agent_info.hostname}) is registered in b but not in a`);
  }
  if (a.recovered.size !== b.recovered.size) {
    out.add(`recovered agents: ${a.recovered.size} in a, ${b.recovered.size} in b`);
  }
}

function tasksOf(framework: FrameworkEntry): Map<string, TaskEntry> {
  return new Map([...framework.completed, ...framework.unreachable, ...framework.active]);
}

function compareTasks(id: string, a: FrameworkEntry, b: FrameworkEntry, out: Collector): void {
  const theirs = tasksOf(b);
  for (const [taskId, entry] of tasksOf(a)) {
    const other = theirs.get(taskId);
    theirs.delete(taskId);
    if (!other) out.add(`task ${taskId} of framework ${id} is in a (${entry.task.state}) but not in b`);
    else if (other.task.state !== entry.task.state) {
      out.add(`task ${taskId} of framework ${id} is ${entry.task.state} in a, ${other.task.state} in b`);
    }
  }
  for (const [taskId, entry] of theirs)
    out.add(`task ${taskId} of framework ${id} is in b (${entry.task.state}) but not in a`);
}

function compareFrameworks(a: ModelData, b: ModelData, out: Collector): void {
  for (const [id, entry] of a.frameworks) {
    const other = b.frameworks.get(id);
    if (!other) {
      out.add(`framework ${id} (${entry.framework.framework_info.name}) is registered in a but not in b`);
      continue;
    }
    if (entry.framework.active !== other.framework.active) {
      out.add(`framework ${id}: active is ${entry.framework.active} in a, ${other.framework.active} in b`);
    }
    compareTasks(id, entry, other, out);
  }
  for (const [id, entry] of b.frameworks) {
    if (!a.frameworks.has(id)) {
      out.add(`framework ${id} (${entry.framework.framework_info.name}) is registered in b but not in a`);
    }
  }
}

function compareNumbers(path: string, a: unknown, b: unknown, out: Collector): void {
  if (typeof a === "number" || typeof b === "number") {
    if (a !== b) out.add(`${path}: ${String(a)} in a, ${String(b)} in b`);
    return;
  }
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) return;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  for (const key of Object.keys(left)) compareNumbers(path ? `${path}.${key}` : key, left[key], right[key], out);
}

/**
 * Agents missing or extra, agents whose activation or drain differs, frameworks missing or extra, tasks missing,
 * extra or in another state, and every total that differs (agent counts, resources, task counts by state). `a` is
 * usually the stream's model and `b` one built from a GET_STATE taken moments later.
 */
export function diffModels(a: StreamModel, b: StreamModel, limit = 20): ModelDiff {
  const out = new Collector(limit);
  compareAgents(a.internals, b.internals, out);
  compareFrameworks(a.internals, b.internals, out);
  const left = a.totals();
  const right = b.totals();
  compareNumbers("agents", left.agents, right.agents, out);
  compareNumbers("resources", left.resources, right.resources, out);
  compareNumbers("tasks", left.tasks, right.tasks, out);
  return { count: out.count, differences: out.differences };
}
