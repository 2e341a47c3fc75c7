import "server-only";
// One master's action, run and verified: the controller's command, then waiting until what the monitor observes
// proves it (the znode gone; the master back with a higher sequence; a new leader; the agents re-registered).
import type { ClusterStateView, MasterView } from "@/lib/shared/cluster-state";
import type { ActionState, ActionView, StoppedMaster } from "@/lib/shared/actions";
import type { ActionEventBody, ActionEventType } from "@/lib/shared/events";
import type { MasterAction } from "@/lib/shared/service-commands";
import { masterLabel } from "@/lib/shared/masters";
import type { Target } from "./action-target";
import type { MasterController } from "./controller";

const CHECK_EVERY_MS = 200;

class VerificationTimeout extends Error {}

/** What running one master's action needs from the action manager that runs it. */
export interface RunContext {
  /** The cluster's state as the monitor observes it now. */
  state(clusterId: number): ClusterStateView | null;
  verifyTimeoutMs: number;
  step(view: ActionView, state: ActionState, detail: string, master?: string): Promise<void>;
  persist<T extends ActionEventType>(view: ActionView, type: T, data: ActionEventBody<T>): Promise<void>;
  /** The masters stopped from this dashboard, per cluster: only those can be started here. */
  stopped: Map<number, StoppedMaster[]>;
}

/**
 * Runs `action` on `target` and waits until what the monitor observes proves it, recording each step; throws when a
 * step is not verified within the timeout.
 */
export async function runOne(
  ctx: RunContext,
  view: ActionView,
  controller: MasterController,
  action: MasterAction,
  target: Target,
  agentsBefore: number | null,
): Promise<void> {
  const master = view.kind === "rolling-restart" ? target.label : undefined;
  await ctx.step(view, "running_command", `${action} ${target.label}`, master);
  const record = await controller.run(action, target);
  view.commands.push(record);
  await ctx.persist(view, "action.progress", { state: "running_command", master: target.label, command: record });
  const clusterId = view.clusterId;
  const sameAddress = (m: MasterView) => masterLabel(m) === target.label;
  if (action === "stop") {
    // With ZooKeeper the proof is the znode gone; a static master stays listed, so there it is the master not
    // answering.
    const staticCluster = ctx.state(clusterId)?.zk.status === "none";
    await waitFor(
      ctx,
      clusterId,
      staticCluster ? `${target.label} to stop answering` : `${target.label}'s znode to go`,
      (s) =>
        staticCluster
          ? s.masters.some((m) => sameAddress(m) && m.reachable === false)
            ? true
            : undefined
          : !s.zk.stale && !s.masters.some(sameAddress)
            ? true
            : undefined,
    );
    await ctx.step(
      view,
      "master_stopped",
      staticCluster ? `${target.label} stopped: it no longer answers` : `${target.label} stopped: its znode is gone`,
      master,
    );
    const stopped = (ctx.stopped.get(clusterId) ?? []).filter((s) => s.url !== target.url);
    ctx.stopped.set(clusterId, [
      ...stopped,
      {
        id: target.id,
        label: target.label,
        host: target.host,
        port: target.port,
        url: target.url,
        stoppedAt: new Date().toISOString(),
      },
    ]);
    return;
  }
  // A restarted master's old znode stays until its ZooKeeper session expires
  // (docs/mesos/failover.md#sigterm-and-sigkill). Until then it still counts in the election: restarting the next
  // master before it goes can hand leadership to a znode whose process is gone.
  const oldSequence = action === "restart" ? target.sequence : null;
  const back = await waitFor(
    ctx,
    clusterId,
    `${target.label} back in ZooKeeper${oldSequence !== null ? ` with a new sequence, and its old znode ${target.id} gone` : ""}`,
    (s) => {
      if (
        oldSequence !== null &&
        (s.zk.stale || s.masters.some((m) => sameAddress(m) && (m.sequence ?? -1) <= oldSequence))
      )
        return undefined;
      return s.masters.find(
        (m) => sameAddress(m) && m.reachable === true && (oldSequence === null || (m.sequence ?? -1) > oldSequence),
      );
    },
  );
  const where = back.sequence !== null ? ` (${back.id}, sequence ${back.sequence})` : "";
  await ctx.step(
    view,
    "master_back",
    `${target.label} is back as ${back.isLeader ? "the leader" : "a standby"}${where}${oldSequence !== null ? `; its old znode ${target.id} is gone` : ""}`,
    master,
  );
  if (action === "start")
    ctx.stopped.set(
      clusterId,
      (ctx.stopped.get(clusterId) ?? []).filter((s) => s.url !== target.url),
    );
  if (!target.wasLeader) return;
  const leader = await waitFor(ctx, clusterId, "a new leader", (s) =>
    s.leader && s.leader.id !== target.id ? s.leader : undefined,
  );
  await ctx.step(
    view,
    "failover_done",
    `failover done: ${leader.hostname ?? leader.id}:${leader.port ?? "?"} leads`,
    master,
  );
  if (agentsBefore === null || agentsBefore === 0) return;
  // Counted at whichever master leads by then: should leadership move again meanwhile, the agents follow it.
  const agents = await waitFor(ctx, clusterId, `the agents to re-register (${agentsBefore} expected)`, (s) =>
    s.leader && s.leader.id !== target.id && s.poll.status === "ok" && (s.agents?.active ?? 0) >= agentsBefore
      ? { active: s.agents?.active, leader: s.leader }
      : undefined,
  );
  const movedAgain =
    agents.leader.id !== leader.id
      ? ` (leadership moved again, to ${agents.leader.hostname ?? agents.leader.id}:${agents.leader.port ?? "?"})`
      : "";
  await ctx.step(
    view,
    "agents_reregistered",
    `${agents.active} of ${agentsBefore} agents re-registered with the new leader${movedAgain}`,
    master,
  );
}

async function waitFor<T>(
  ctx: RunContext,
  clusterId: number,
  what: string,
  check: (state: ClusterStateView) => T | undefined,
): Promise<T> {
  const deadline = Date.now() + ctx.verifyTimeoutMs;
  for (;;) {
    const state = ctx.state(clusterId);
    const value = state ? check(state) : undefined;
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new VerificationTimeout(
        `not verified within ${Math.round(ctx.verifyTimeoutMs / 1000)} s: still waiting for ${what}`,
      );
    await new Promise((resolve) => setTimeout(resolve, CHECK_EVERY_MS));
  }
}
