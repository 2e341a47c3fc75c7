// Where the view of one master should go, like the stock UI (docs/mesos/web-ui.md#non-leading-masters-by-version): a
// non-leader's page shows "This master is not the leader, redirecting in N seconds ..." and then moves to the leader's
// (pure).
import type { ClusterStateView } from "@/lib/shared/cluster-state";

/** The stock UI before 1.0 counted down from 6 s (`$scope.redirect = 6000`). */
export const REDIRECT_COUNTDOWN_MS = 6_000;

export type MasterViewTarget =
  | { kind: "leader" }
  | { kind: "redirect"; to: string; toLabel: string }
  | { kind: "no-leader" }
  | { kind: "unknown-master" }
  | { kind: "unknown" };

export function masterViewTarget(state: ClusterStateView | null, masterId: string): MasterViewTarget {
  if (!state) return { kind: "unknown" };
  const master = state.masters.find((m) => m.id === masterId);
  const leader = state.leader;
  if (!leader) return master ? { kind: "no-leader" } : { kind: "unknown-master" };
  if (leader.id === masterId) return { kind: "leader" };
  const label = leader.hostname && leader.port !== null ? `${leader.hostname}:${leader.port}` : leader.id;
  return { kind: "redirect", to: leader.id, toLabel: label };
}
