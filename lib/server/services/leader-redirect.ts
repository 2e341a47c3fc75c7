import "server-only";
// Where `GET /api/clusters/:id/leader` sends a browser. The leader's address comes from a znode, which anyone who can
// write the cluster's ZooKeeper path may forge: the redirect goes only to a master the dashboard contacts (a valid
// address, inside the allowlist) and whose state it has just read there, so it answered as the leading Mesos master.
import { DomainError } from "@/lib/server/errors";
import type { ClusterStateView } from "@/lib/shared/cluster-state";
import { liveState } from "./queries";

function originOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** The leader's base URL to redirect to, or the domain error that says why there is none (pure). */
export function leaderRedirectTarget(state: ClusterStateView): string {
  const leader = state.leader;
  if (!leader) throw new DomainError("unavailable", "no_leader", "no master leads this cluster now");
  const listed = state.masters.find((m) => m.id === leader.id);
  if (listed?.blocked)
    throw new DomainError("unavailable", "leader_not_contacted", `the leader ${leader.id} is ${listed.blocked}`);
  const url = originOf(leader.url);
  if (!url)
    throw new DomainError("unavailable", "no_leader", `the leader's address is unknown (${leader.id} does not decode)`);
  if (state.poll.status !== "ok" || originOf(state.poll.source) !== url)
    throw new DomainError(
      "unavailable",
      "leader_not_verified",
      `the leader ${leader.hostname ?? leader.id}:${leader.port ?? "?"} has not answered as the leading master yet; try again in a few seconds`,
    );
  return url;
}

export async function leaderRedirect(clusterId: number): Promise<string> {
  return leaderRedirectTarget(await liveState(clusterId));
}
