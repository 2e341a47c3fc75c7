"use client";
// Stop, start, restart and rolling restart from the cluster page: buttons disabled with the reason when the
// situation does not allow them, a confirmation that states the consequence, then a 5-second countdown that can be
// cancelled before anything is sent.
import { useState } from "react";
import { usePinHostKey } from "@/lib/client/cluster-mutations";
import { formatDuration, formatUtc } from "@/lib/client/format";
import type { ActionView, StoppedMaster } from "@/lib/shared/actions";
import type { MasterAction } from "@/lib/shared/service-commands";
import { guardAction, guardMastersOf, rollingRestartPlan } from "@/lib/shared/quorum";
import { masterLabel } from "@/lib/shared/masters";
import type { MasterView } from "@/lib/shared/cluster-state";
import { useSession } from "@/components/layout/session";
import { ActionDialog, type DialogRequest, VERB, busyReason } from "@/components/cluster/action-dialog";
import { useClusterActions, useLiveCluster } from "@/components/live/cluster-stream";

/** Stop and Restart for one master row. */
export function MasterActionButtons({ master }: { master: MasterView }) {
  const { state, cluster } = useLiveCluster();
  const { active } = useClusterActions();
  const { can } = useSession();
  const [request, setRequest] = useState<DialogRequest | null>(null);
  if (!state || !can("operator")) return null;
  const label = masterLabel(master);
  const button = (action: "stop" | "restart") => {
    const decision = guardAction(action, master.id, guardMastersOf(state.masters), cluster.quorum);
    const blocked = !cluster.hasController
      ? "no controller is configured (see Settings)"
      : (busyReason(active) ??
        (master.blocked ? `it is ${master.blocked}` : master.url ? null : "its address is unknown"));
    const reason = blocked ?? decision.reason;
    return (
      <span key={action} className="inline-flex items-center gap-1">
        <button
          type="button"
          disabled={reason !== null}
          title={reason ?? decision.consequence}
          aria-label={`${VERB[action]} ${label}`}
          data-testid={`${action}-button`}
          onClick={() => setRequest({ action, targetId: master.id, targetLabel: label, decision })}
          className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-40"
        >
          {VERB[action]}
        </button>
        {blocked === null && !decision.allowed && can("admin") && (
          <button
            type="button"
            className="text-[10px] text-bad underline"
            onClick={() => setRequest({ action, targetId: master.id, targetLabel: label, decision })}
            aria-label={`Override the guard to ${action} ${label}`}
          >
            override
          </button>
        )}
      </span>
    );
  };
  const blockedByGuard = ["stop", "restart"]
    .map((a) => guardAction(a as MasterAction, master.id, guardMastersOf(state.masters), cluster.quorum))
    .find((d) => !d.allowed);
  return (
    <div className="space-y-0.5">
      <div className="flex gap-2">
        {button("stop")}
        {button("restart")}
      </div>
      {cluster.hasController && !active && blockedByGuard && (
        <p className="max-w-56 text-[10px] leading-tight text-slate-500" data-testid="guard-reason">
          {blockedByGuard.reason}
        </p>
      )}
      {request && <ActionDialog request={request} onClose={() => setRequest(null)} />}
    </div>
  );
}

function Steps({ action }: { action: ActionView }) {
  const started = Date.parse(action.startedAt);
  return (
    <ol className="space-y-0.5 text-xs" data-testid="action-steps">
      {action.steps.map((step, i) => (
        <li
          key={i}
          data-state={step.state}
          className={step.state === "failed" ? "text-bad" : step.state === "verified" ? "text-ok" : ""}
        >
          <span className="inline-block w-14 text-slate-500">+{formatDuration(Date.parse(step.at) - started)}</span>
          <span className="font-mono">{step.state}</span> · {step.detail}
        </li>
      ))}
    </ol>
  );
}

function StoppedRow({ master }: { master: StoppedMaster }) {
  const { cluster, state } = useLiveCluster();
  const { active } = useClusterActions();
  const [request, setRequest] = useState<DialogRequest | null>(null);
  const decision = guardAction("start", master.id, state ? guardMastersOf(state.masters) : [], cluster.quorum);
  const blocked = busyReason(active);
  return (
    <li className="flex items-center gap-3 text-sm" data-testid="stopped-master">
      <span className="font-mono text-xs">{master.label}</span>
      <span className="text-xs text-slate-500">stopped from here {formatUtc(master.stoppedAt)}</span>
      <button
        type="button"
        disabled={blocked !== null}
        title={blocked ?? undefined}
        onClick={() => setRequest({ action: "start", targetId: master.id, targetLabel: master.label, decision })}
        className="rounded border border-slate-300 px-2 py-0.5 text-xs disabled:opacity-40"
      >
        Start
      </button>
      {request && <ActionDialog request={request} onClose={() => setRequest(null)} />}
    </li>
  );
}

/** First use of an SSH host: its key is shown, and an admin pins it after checking it on the host itself. */
function PinHostKey({ hostKey }: { hostKey: { address: string; fingerprint: string } }) {
  const { clusterId } = useLiveCluster();
  const pinning = usePinHostKey(clusterId);
  const pin = () => pinning.mutate(hostKey);
  return (
    <div className="space-y-1 rounded border border-amber-300 bg-amber-50 p-2 text-xs" data-testid="unpinned-host-key">
      <p>
        The SSH host {hostKey.address} presents the key <code>{hostKey.fingerprint}</code>, which is not pinned. Check
        it on that host (<code>ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</code>) before pinning it.
      </p>
      {pinning.isSuccess ? (
        <p className="text-ok">Pinned: run the action again.</p>
      ) : (
        <button
          type="button"
          onClick={pin}
          disabled={pinning.isPending}
          className="rounded border border-slate-400 bg-white px-2 py-0.5"
        >
          Pin this host key
        </button>
      )}
      {pinning.error && <p className="text-bad">{pinning.error.message}</p>}
    </div>
  );
}

/** The running action (or the last one) with its steps, the masters stopped from here, and the rolling restart. */
export function ActionPanel() {
  const { state, cluster } = useLiveCluster();
  const { active, recent, stopped } = useClusterActions();
  const { can } = useSession();
  const [request, setRequest] = useState<DialogRequest | null>(null);
  const shown = active ?? recent[0] ?? null;
  if (!state) return null;
  const operator = can("operator");
  const rollingBlocked = !cluster.hasController
    ? "no controller is configured (see Settings)"
    : (busyReason(active) ?? (state.zk.stale ? "ZooKeeper cannot be read now" : null));
  const rollingDecision = rollingRestartPlan(state.masters, cluster.quorum).decision;
  return (
    <section aria-label="Actions" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <header className="flex items-center justify-between">
        <h2 className="text-sm font-semibold">Actions</h2>
        {operator && (
          <button
            type="button"
            disabled={rollingBlocked !== null || !rollingDecision.allowed}
            title={rollingBlocked ?? rollingDecision.reason ?? rollingDecision.consequence}
            onClick={() =>
              setRequest({
                action: "rolling-restart",
                targetId: null,
                targetLabel: "all masters",
                decision: rollingDecision,
              })
            }
            className="rounded border border-slate-300 px-2 py-1 text-xs disabled:opacity-40"
          >
            Rolling restart
          </button>
        )}
      </header>
      {operator && !cluster.hasController && (
        <p className="text-xs text-slate-500">
          Set a controller in Settings (the simulator&apos;s control API, or SSH) to stop and restart masters from here.
        </p>
      )}
      {shown ? (
        <div className="space-y-2" data-testid="action-panel" data-status={shown.status} data-action={shown.id}>
          <p className="text-sm">
            <span
              className={`font-medium ${shown.status === "failed" ? "text-bad" : shown.status === "verified" ? "text-ok" : "text-warn"}`}
            >
              {shown.status === "running" ? "Running" : shown.status}
            </span>{" "}
            {VERB[shown.kind]} {shown.target?.label ?? "of all masters"} · by {shown.actor}
            {shown.reason ? ` · “${shown.reason}”` : ""}
            {shown.forced ? " · guard overridden" : ""}
          </p>
          <Steps action={shown} />
          {shown.error && (
            <p className="text-xs text-bad" data-testid="action-failure">
              {shown.error}
            </p>
          )}
          {shown.unpinnedHostKey && <PinHostKey hostKey={shown.unpinnedHostKey} />}
          {shown.commands.map((c, i) => (
            <details key={i} className="text-xs">
              <summary className="cursor-pointer text-slate-600">
                {c.controller} · {c.via} · <code>{c.command}</code> · exit {c.exitCode ?? "?"} · {c.durationMs} ms
              </summary>
              <pre className="mt-1 max-h-40 overflow-auto whitespace-pre-wrap rounded bg-slate-50 p-2">
                {c.output || "(no output)"}
              </pre>
            </details>
          ))}
        </div>
      ) : (
        <p className="text-xs text-slate-500">No action since the server started.</p>
      )}
      {operator && stopped.length > 0 && (
        <ul className="space-y-1 border-t border-slate-100 pt-2">
          {stopped.map((m) => (
            <StoppedRow key={m.id} master={m} />
          ))}
        </ul>
      )}
      {request && <ActionDialog request={request} onClose={() => setRequest(null)} />}
    </section>
  );
}
