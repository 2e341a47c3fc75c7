"use client";
// The confirmation of an action on masters: the consequence in words, the guard's refusal with an admin's override by
// typing the cluster's name, a reason for the audit trail, then a 5-second countdown that can be cancelled before
// anything is sent.
import { useCallback, useEffect, useState } from "react";
import { secondsLeft } from "@/lib/client/actions";
import { useMasterAction } from "@/lib/client/cluster-mutations";
import { ApiRequestError } from "@/lib/client/fetch-json";
import type { ActionView } from "@/lib/shared/actions";
import type { MasterAction } from "@/lib/shared/service-commands";
import { type GuardDecision } from "@/lib/shared/quorum";
import { useLiveCluster } from "@/components/live/cluster-stream";

const COUNTDOWN_MS = 5_000;
export const VERB: Record<MasterAction | "rolling-restart", string> = {
  stop: "Stop",
  start: "Start",
  restart: "Restart",
  "rolling-restart": "Rolling restart",
};

export function busyReason(active: ActionView | null): string | null {
  if (!active) return null;
  return `${active.actor} is running ${active.kind === "rolling-restart" ? "a rolling restart" : `${active.kind} of ${active.target?.label ?? "a master"}`}`;
}

export interface DialogRequest {
  action: MasterAction | "rolling-restart";
  targetId: string | null;
  targetLabel: string;
  decision: GuardDecision;
}

export function ActionDialog({ request, onClose }: { request: DialogRequest; onClose: () => void }) {
  const { clusterId, cluster } = useLiveCluster();
  const [reason, setReason] = useState("");
  const [typedName, setTypedName] = useState("");
  const [deadline, setDeadline] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const act = useMasterAction(clusterId);
  const { mutate, reset } = act;
  const error = act.error ? (act.error instanceof ApiRequestError ? act.error.message : String(act.error)) : null;
  const override = !request.decision.allowed;
  const canConfirm = !override || typedName === cluster.name;

  const send = useCallback(() => {
    mutate(
      {
        action: request.action,
        targetId: request.targetId,
        reason: reason || undefined,
        override: override ? { force: true, confirmName: typedName } : undefined,
      },
      { onSuccess: onClose },
    );
  }, [mutate, reason, override, typedName, request, onClose]);

  // Nothing is sent until the countdown ends; Cancel clears the deadline and closes.
  useEffect(() => {
    if (deadline === null) return;
    const timer = setInterval(() => {
      const time = Date.now();
      setNow(time);
      if (time >= deadline) {
        clearInterval(timer);
        setDeadline(null);
        send();
      }
    }, 100);
    return () => clearInterval(timer);
  }, [deadline, send]);

  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-slate-900/40 p-4" role="presentation">
      <div
        role="dialog"
        aria-modal="true"
        aria-label={`${VERB[request.action]} ${request.targetLabel}`}
        data-testid="action-dialog"
        className="w-full max-w-lg space-y-3 rounded-lg bg-white p-5 shadow-xl"
      >
        <h2 className="text-lg font-semibold">
          {VERB[request.action]} {request.targetLabel}?
        </h2>
        <p className="text-sm" data-testid="action-consequence">
          {request.decision.consequence}
        </p>
        {override && (
          <div className="space-y-1 rounded border border-red-300 bg-red-50 p-3 text-sm">
            <p className="text-bad">The quorum guard refuses: {request.decision.reason}.</p>
            <label className="block text-xs">
              An admin may override: type the cluster&apos;s name, <strong>{cluster.name}</strong>
              <input
                className="mt-1 w-full rounded border border-slate-300 px-2 py-1"
                value={typedName}
                onChange={(e) => setTypedName(e.target.value)}
                aria-label="Cluster name to override the guard"
                disabled={deadline !== null}
              />
            </label>
          </div>
        )}
        <label className="block text-sm">
          Reason (kept in the audit trail)
          <input
            className="mt-1 w-full rounded border border-slate-300 px-2 py-1"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            disabled={deadline !== null}
          />
        </label>
        {error && (
          <p className="rounded bg-red-50 px-2 py-1 text-sm text-bad" role="alert" data-testid="action-error">
            {error}
          </p>
        )}
        {deadline === null ? (
          <div className="flex justify-end gap-2">
            <button type="button" onClick={onClose} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
              Close
            </button>
            <button
              type="button"
              disabled={!canConfirm}
              onClick={() => {
                reset(); // the last refusal goes as the new countdown starts
                setNow(Date.now());
                setDeadline(Date.now() + COUNTDOWN_MS);
              }}
              className="rounded-md bg-bad px-3 py-1.5 text-sm font-medium text-white disabled:opacity-40"
            >
              {VERB[request.action]}
            </button>
          </div>
        ) : (
          <div
            className="flex items-center justify-between rounded bg-amber-50 px-3 py-2 text-sm"
            data-testid="countdown"
          >
            <span>Sending in {secondsLeft(deadline, now)} s…</span>
            <button
              type="button"
              onClick={() => {
                setDeadline(null);
                onClose();
              }}
              className="rounded-md border border-slate-400 bg-white px-3 py-1 font-medium"
            >
              Cancel
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
