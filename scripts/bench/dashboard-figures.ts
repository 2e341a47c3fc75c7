// The figures only the whole dashboard shows: a znode change reaching two open tabs (P1), a SIGKILLed leader flagged
// (P2), requests to the masters with 1, 50 and 200 viewers (P3). Each takes the running simulator, the dashboard and
// its tabs, and returns measured numbers.
import { setTimeout as sleep } from "node:timers/promises";
import type { RunningSim } from "../testbed";
import { type BenchDashboard, type Seen, type Tab, openViewers } from "./dashboard";
import type { ZnodeWatch } from "./znodes";

const TAB_TIMEOUT_MS = 30_000;

/** When every tab showed what `test` holds for (the latest of them), or null when one did not within the timeout. */
export async function allTabs(tabs: readonly Tab[], test: (seen: Seen) => boolean, since: number) {
  const times = await Promise.all(tabs.map((tab) => tab.first(test, since, TAB_TIMEOUT_MS)));
  return times.some((at) => at === null) ? null : Math.max(...(times as number[]));
}

/**
 * P1: a standby stopped, then started again, each change timed from ZooKeeper's notification to the bench until both
 * tabs list the masters as ZooKeeper does. A stopped master exits without closing its session (as a real one does on
 * SIGTERM), so its znode goes only when the session expires; a started one creates its znode at once.
 */
export async function membershipLatencies(
  sim: RunningSim,
  standbyId: string,
  znodes: ZnodeWatch,
  tabs: readonly Tab[],
  sessionTimeoutMs: number,
): Promise<number[]> {
  const samples: number[] = [];
  for (const action of ["stop", "start"] as const) {
    const masters = (children: string[]) => children.filter((c) => /^(json\.)?info_/.test(c)); // not log_replicas
    const before = masters(znodes.seen.at(-1)?.children ?? []);
    const asked = Date.now();
    await sim.control("POST", `/masters/${standbyId}/${action}`);
    const changed = (children: string[]) =>
      action === "stop" ? masters(children).length < before.length : masters(children).length > before.length;
    const znodeAt = await znodes.first(changed, asked, sessionTimeoutMs + 15_000);
    if (znodeAt === null) throw new Error(`ZooKeeper showed no change after ${action} of ${standbyId}`);
    const now = masters(znodes.seen.find((s) => s.at === znodeAt)?.children ?? []);
    const shown = await allTabs(tabs, (seen) => seen.masters.join() === now.join(), znodeAt);
    if (shown !== null) samples.push(shown - znodeAt);
  }
  return samples;
}

export interface ViewersFigure {
  viewers: number;
  /** Viewers whose stream opened (a refused one would make the figure meaningless). */
  opened: number;
  requestsPerMinute: number;
  viewerBytesPerMinute: number;
}

/** P3: the dashboard's requests to the masters per minute while `count` viewers follow the cluster. */
export async function viewerLoad(
  dashboard: BenchDashboard,
  cookie: string,
  counts: readonly number[],
  windowMs: number,
): Promise<ViewersFigure[]> {
  const figures: ViewersFigure[] = [];
  for (const count of counts) {
    const viewers = await openViewers(dashboard, cookie, count);
    await sleep(2_000); // the snapshots every new viewer gets are not what a minute of watching costs
    const bytesBefore = viewers.bytes;
    const a = await dashboard.stats();
    await sleep(windowMs);
    const b = await dashboard.stats();
    const minutes = (b.at - a.at) / 60_000;
    figures.push({
      viewers: count,
      opened: viewers.open,
      requestsPerMinute: (b.requests - a.requests) / minutes,
      viewerBytesPerMinute: (viewers.bytes - bytesBefore) / count / minutes,
    });
    viewers.close();
    await sleep(500);
  }
  return figures;
}

export interface LeaderKillFigure {
  /** From SIGKILL to the state API showing the leader unreachable or another leader. */
  apiMs: number | null;
  /** From SIGKILL to both tabs showing it. */
  tabsMs: number | null;
}

/** P2: the leader SIGKILLed; how long until the dashboard flags it (against ZooKeeper's session timeout). */
export async function leaderKill(
  sim: RunningSim,
  leaderSimId: string,
  dashboard: BenchDashboard,
  cookie: string,
  tabs: readonly Tab[],
): Promise<LeaderKillFigure> {
  const leaderZnode = (await tabs[0]?.latest())?.leader ?? null;
  if (!leaderZnode) throw new Error("the tabs show no leader to kill");
  const flagged = (seen: Pick<Seen, "leader" | "leaderReachable">) =>
    seen.leader !== leaderZnode || seen.leaderReachable === "false";
  const killedAt = Date.now();
  await sim.control("POST", `/masters/${leaderSimId}/kill`);
  const inTabs = allTabs(tabs, flagged, killedAt);
  let apiAt: number | null = null;
  while (Date.now() - killedAt < TAB_TIMEOUT_MS) {
    const state = (await dashboard.state(cookie)) as {
      masters?: { id: string; isLeader: boolean; reachable: boolean | null }[];
    };
    const leader = state.masters?.find((m) => m.isLeader);
    if (!leader || flagged({ leader: leader.id, leaderReachable: String(leader.reachable) })) {
      apiAt = Date.now();
      break;
    }
    await sleep(20);
  }
  const tabsAt = await inTabs;
  return { apiMs: apiAt === null ? null : apiAt - killedAt, tabsMs: tabsAt === null ? null : tabsAt - killedAt };
}
