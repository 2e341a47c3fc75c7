// One probe of P6: an agent added, then a task failed, each timed from when the leader sent the event (the bench's own
// subscriber) until each collector's view and both tabs show it. The fast readers are awaited first and the churn,
// paused only around the failure, resumes as soon as they saw it; polling is awaited last, its next read taking both
// changes at once. So the churn keeps its rate for almost the whole window and a probe lasts one poll, not two.
import { setTimeout as sleep } from "node:timers/promises";
import type { RunningSim } from "../testbed";
import type { Collector, Line } from "./collectors";
import type { Tab } from "./dashboard";
import { allTabs } from "./dashboard-figures";

const PROBE_TIMEOUT_MS = 45_000;

export interface ProbeTimes {
  /** Per collector, in the order given, then the tabs; null: not seen in time. */
  agent: (number | null)[];
  task: (number | null)[];
}

const viewOf = (c: Collector) => c.latest("view");

export async function probeOnce(
  sim: RunningSim,
  collectors: readonly Collector[],
  tabs: readonly Tab[],
  leaderSent: ReadonlyMap<string, number>,
  churnPerSecond: number,
): Promise<ProbeTimes> {
  const sawMore = (key: "agents" | "failed", c: Collector, since: number) => {
    const before = Number(viewOf(c)?.[key] ?? 0);
    return c.first((l: Line) => l.kind === "view" && Number(l[key]) > before, since, PROBE_TIMEOUT_MS);
  };
  const tabAgents = (await tabs[0]?.latest())?.agents ?? 0;
  const asked = Date.now();
  await sim.control("POST", "/agents", { count: 1 });
  const agentSeen = collectors.map((c) => sawMore("agents", c, asked));
  const agentTabs = allTabs(tabs, (seen) => (seen.agents ?? 0) > tabAgents, asked);
  const fast = collectors.findIndex((c) => c.mode === "stream");
  await Promise.all([agentSeen[fast], agentTabs]);
  const agentAt = leaderSent.get("AGENT_ADDED") ?? asked;

  // The churn fails tasks too: it is paused so that the failed count moves only by this one.
  await sim.control("POST", "/churn", { rate: 0 });
  await sleep(1_000);
  const tabFailed = (await tabs[0]?.latest())?.failed ?? 0;
  const [task] = (await sim.control<{ id: string }[]>("GET", "/tasks?state=TASK_RUNNING&limit=1")).body;
  if (!task) throw new Error("no running task to fail");
  const failAsked = Date.now();
  const taskSeen = collectors.map((c) => sawMore("failed", c, failAsked));
  await sim.control("POST", `/tasks/${encodeURIComponent(task.id)}/fail`);
  const taskTabs = allTabs(tabs, (seen) => (seen.failed ?? 0) > tabFailed, failAsked);
  await Promise.all([taskSeen[fast], taskTabs]);
  const taskAt = leaderSent.get("TASK_UPDATED") ?? failAsked;
  // Any read polling starts from here on holds the failure; a count that grew since its last read is it, or more.
  await sim.control("POST", "/churn", { rate: churnPerSecond });

  const since = (line: Line | null, at: number) => (line ? line.at - at : null);
  const agentLines = await Promise.all(agentSeen);
  const taskLines = await Promise.all(taskSeen);
  const agentTab = await agentTabs;
  const taskTab = await taskTabs;
  return {
    agent: [...agentLines.map((l) => since(l, agentAt)), agentTab === null ? null : agentTab - agentAt],
    task: [...taskLines.map((l) => since(l, taskAt)), taskTab === null ? null : taskTab - taskAt],
  };
}
