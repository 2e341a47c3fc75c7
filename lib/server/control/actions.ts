import "server-only";
// Stopping, starting and restarting masters, one action per cluster at a time: the quorum guard first, then the
// controller's command, then verification against what the monitor observes (the znode gone; the master back with
// a higher sequence; a new leader; the agents re-registered). Every step is an audit event in the cluster's history
// and is pushed live.
import { randomUUID } from "node:crypto";
import { DomainError } from "@/lib/server/errors";
import type { EventDraft } from "@/lib/server/events/recorded-state";
import type { ClusterStateView } from "@/lib/shared/cluster-state";
import type { ActionEventBody, ActionEventType, ClusterEventView } from "@/lib/shared/events";
import type { ActionKind, ActionState, ActionView, StoppedMaster } from "@/lib/shared/actions";
import type { MasterAction } from "@/lib/shared/service-commands";
import type { ControllerConfig } from "@/lib/shared/controller-config";
import { ControllerError, type MasterController, createController } from "./controller";
import { masterLabel } from "@/lib/shared/masters";
import { guardAction, guardMastersOf, rollingRestartPlan } from "@/lib/shared/quorum";
import { type RunContext, runOne } from "./action-run";
import { requestedTarget, targetAt } from "./action-target";

export interface ActionDeps {
  state(clusterId: number): ClusterStateView | null;
  cluster(
    clusterId: number,
  ): Promise<{ name: string; quorum: number | null; controller: ControllerConfig | null } | null>;
  appendAudit(clusterId: number, events: EventDraft[]): Promise<ClusterEventView[]>;
  publishEvents(clusterId: number, events: ClusterEventView[]): void;
  publishAction(clusterId: number, action: ActionView): void;
  verifyTimeoutMs: number;
  /** Tests inject controllers; the app builds them from the cluster's settings. */
  controllerFor?: (config: ControllerConfig) => MasterController;
}

export interface ActionRequest {
  action: MasterAction;
  masterId: string;
  reason?: string;
  /** Override the quorum guard: only with `confirmName` equal to the cluster's name. */
  force?: boolean;
  confirmName?: string;
  actor: string;
}

const RECENT_KEPT = 20;

export class ActionManager {
  private readonly active = new Map<number, ActionView>();
  private readonly recent = new Map<number, ActionView[]>();
  private readonly stopped = new Map<number, StoppedMaster[]>();

  constructor(private readonly deps: ActionDeps) {}

  list(clusterId: number): { active: ActionView | null; recent: ActionView[]; stopped: StoppedMaster[] } {
    return {
      active: this.active.get(clusterId) ?? null,
      recent: this.recent.get(clusterId) ?? [],
      stopped: this.stopped.get(clusterId) ?? [],
    };
  }

  get(clusterId: number, actionId: string): ActionView | null {
    const active = this.active.get(clusterId);
    if (active?.id === actionId) return active;
    return (this.recent.get(clusterId) ?? []).find((a) => a.id === actionId) ?? null;
  }

  /** Starts a stop, start or restart of one master; resolves once it is accepted (202), not when it is done. */
  async request(clusterId: number, request: ActionRequest): Promise<ActionView> {
    const { cluster, controller, state } = await this.prepare(clusterId);
    this.refuseIfBusy(clusterId);
    const target = requestedTarget(clusterId, request, state, this.stopped.get(clusterId) ?? []);
    const forced = this.checkGuard(request.action, target.id, state, cluster, request);
    const targetRef = { id: target.id, label: target.label };
    const view = this.begin(clusterId, request.action, targetRef, request, forced);
    const agentsBefore = state.agents?.active ?? null;
    await this.persist(view, "action.requested", {
      kind: request.action,
      target: targetRef,
      actor: view.actor,
      reason: view.reason,
      forced,
    });
    void this.execute(view, async () => {
      await runOne(this.context(), view, controller, request.action, target, agentsBefore);
      return `${request.action} of ${target.label} verified`;
    });
    return view;
  }

  /** Restarts every master, standbys first and the leader last, each verified before the next; stops on a failure. */
  async rollingRestart(clusterId: number, request: Omit<ActionRequest, "action" | "masterId">): Promise<ActionView> {
    const { cluster, controller, state } = await this.prepare(clusterId);
    this.refuseIfBusy(clusterId);
    if (state.zk.stale)
      throw new DomainError(
        "conflict",
        "stale",
        "ZooKeeper cannot be read now: the masters are not known well enough to restart them",
      );
    // The masters the guard counts (a znode that does not decode names no master to restart), in the plan's order.
    const { order } = rollingRestartPlan(state.masters, cluster.quorum);
    for (const master of order)
      this.checkGuard("restart", master.id, state, cluster, { ...request, action: "restart", masterId: master.id });
    const view = this.begin(
      clusterId,
      "rolling-restart",
      null,
      { ...request, action: "restart", masterId: "" },
      request.force === true,
    );
    const labels = order.map((m) => m.label);
    await this.persist(view, "action.requested", {
      kind: "rolling-restart",
      order: labels,
      actor: view.actor,
      reason: view.reason,
      forced: view.forced,
    });
    void this.execute(view, async () => {
      const leaderBefore = state.leader
        ? masterLabel({ hostname: state.leader.hostname, port: state.leader.port, id: state.leader.id })
        : null;
      for (const label of labels) {
        const current = this.deps.state(clusterId);
        const target = current ? targetAt(current.masters, label) : null;
        if (!current || !target) throw new Error(`${label} is no longer listed; the rolling restart stops here`);
        const decision = guardAction("restart", target.id, guardMastersOf(current.masters), cluster.quorum);
        if (!decision.allowed && !view.forced)
          throw new Error(`the guard refuses to restart ${label} now: ${decision.reason ?? ""}`);
        await runOne(this.context(), view, controller, "restart", target, current.agents?.active ?? null);
      }
      const leaderAfter = this.deps.state(clusterId)?.leader;
      return `restarted ${labels.length} masters; the leader moved from ${leaderBefore ?? "none"} to ${leaderAfter ? masterLabel({ hostname: leaderAfter.hostname, port: leaderAfter.port, id: leaderAfter.id }) : "none"}`;
    });
    return view;
  }

  // ---- internals -------------------------------------------------------------------------------------------------

  private async prepare(clusterId: number) {
    const cluster = await this.deps.cluster(clusterId);
    if (!cluster) throw new DomainError("not_found", "not_found", `no cluster with id ${clusterId}`);
    if (!cluster.controller)
      throw new DomainError(
        "conflict",
        "no_controller",
        "this cluster has no controller: set one (sim or ssh) in its settings to act on masters",
      );
    const state = this.deps.state(clusterId);
    if (!state) throw new DomainError("unavailable", "not_monitored", "the cluster's state is not known yet");
    const controller = (this.deps.controllerFor ?? createController)(cluster.controller);
    return { cluster, controller, state };
  }

  private refuseIfBusy(clusterId: number): void {
    const active = this.active.get(clusterId);
    if (!active) return;
    const seconds = Math.round((Date.now() - Date.parse(active.startedAt)) / 1000);
    const what =
      active.kind === "rolling-restart"
        ? "a rolling restart"
        : `${active.kind} of ${active.target?.label ?? "a master"}`;
    throw new DomainError(
      "conflict",
      "action_in_progress",
      `${active.actor} is running ${what} (started ${seconds} s ago): one action per cluster at a time`,
    );
  }

  /** Returns whether the guard was overridden; throws 409 with the guard's explanation when refused. */
  private checkGuard(
    action: MasterAction,
    targetId: string,
    state: ClusterStateView,
    cluster: { name: string; quorum: number | null },
    request: ActionRequest,
  ): boolean {
    const decision = guardAction(action, targetId, guardMastersOf(state.masters), cluster.quorum);
    if (decision.allowed) return false;
    if (request.force && request.confirmName === cluster.name) return true;
    const hint = request.force
      ? ` To override, confirmName must be the cluster's name, "${cluster.name}".`
      : " An admin may override by typing the cluster's name.";
    throw new DomainError("conflict", "guard_refused", `Refused: ${decision.reason ?? "not allowed"}.${hint}`);
  }

  private begin(
    clusterId: number,
    kind: ActionKind,
    target: ActionView["target"],
    request: ActionRequest,
    forced: boolean,
  ): ActionView {
    const view: ActionView = {
      id: randomUUID(),
      clusterId,
      kind,
      target,
      actor: request.actor,
      reason: request.reason?.trim() || null,
      forced,
      status: "running",
      steps: [
        {
          state: "requested",
          at: new Date().toISOString(),
          detail: forced ? "requested, overriding the quorum guard" : "requested",
        },
      ],
      commands: [],
      startedAt: new Date().toISOString(),
      finishedAt: null,
      error: null,
      unpinnedHostKey: null,
    };
    this.active.set(clusterId, view);
    this.deps.publishAction(clusterId, view);
    return view;
  }

  private async execute(view: ActionView, run: () => Promise<string>): Promise<void> {
    try {
      const summary = await run();
      await this.step(view, "verified", summary);
      view.status = "verified";
    } catch (error) {
      view.status = "failed";
      view.error = error instanceof Error ? error.message : String(error);
      if (error instanceof ControllerError) view.unpinnedHostKey = error.unpinnedHostKey;
      await this.step(view, "failed", view.error).catch(() => undefined);
    } finally {
      view.finishedAt = new Date().toISOString();
      this.active.delete(view.clusterId);
      const recent = [view, ...(this.recent.get(view.clusterId) ?? [])].slice(0, RECENT_KEPT);
      this.recent.set(view.clusterId, recent);
      this.deps.publishAction(view.clusterId, view);
      await this.persist(view, "action.finished", {
        kind: view.kind,
        target: view.target,
        result: view.status,
        error: view.error,
        durationMs: Date.parse(view.finishedAt) - Date.parse(view.startedAt),
        actor: view.actor,
        unpinnedHostKey: view.unpinnedHostKey,
      }).catch(() => undefined);
    }
  }

  /** What running one master's action needs from here: the observed state, the steps, the stopped masters. */
  private context(): RunContext {
    return {
      state: (clusterId) => this.deps.state(clusterId),
      verifyTimeoutMs: this.deps.verifyTimeoutMs,
      step: (view, state, detail, master) => this.step(view, state, detail, master),
      persist: (view, type, data) => this.persist(view, type, data),
      stopped: this.stopped,
    };
  }

  private async step(view: ActionView, state: ActionState, detail: string, master?: string): Promise<void> {
    view.steps.push({ state, at: new Date().toISOString(), detail, ...(master ? { master } : {}) });
    this.deps.publishAction(view.clusterId, view);
    if (state !== "verified" && state !== "failed")
      await this.persist(view, "action.progress", { state, detail, ...(master ? { master } : {}) });
  }

  private async persist<T extends ActionEventType>(view: ActionView, type: T, data: ActionEventBody<T>): Promise<void> {
    // The compiler does not tie `data` to `type` through the type parameter; the callers are checked by the signature.
    const event = { type, at: Date.now(), data: { actionId: view.id, ...data } } as EventDraft;
    const stored = await this.deps.appendAudit(view.clusterId, [event]);
    this.deps.publishEvents(view.clusterId, stored);
  }
}
