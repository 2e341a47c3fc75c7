import "server-only";
// What the cluster routes ask of the control plane, with the 404 for a cluster that does not exist.
import { DomainError } from "@/lib/server/errors";
import type { AgentRow } from "@/lib/mesos/agents";
import { getClusterRow } from "@/lib/server/clusters/repository";
import { getControlPlane } from "@/lib/server/control-plane";
import { eventsAfter } from "@/lib/server/events/store";
import { createSseStream, parseLastEventId } from "@/lib/server/events/sse";
import type { ClusterStateView } from "@/lib/shared/cluster-state";

async function monitoredPlane(clusterId: number) {
  const plane = getControlPlane();
  await plane.start();
  if (!plane.monitor(clusterId)) {
    if (!(await getClusterRow(clusterId)))
      throw new DomainError("not_found", "not_found", `no cluster with id ${clusterId}`);
    await plane.sync(clusterId);
  }
  return plane;
}

export async function liveState(clusterId: number): Promise<ClusterStateView> {
  const state = (await monitoredPlane(clusterId)).state(clusterId);
  if (!state)
    throw new DomainError(
      "unavailable",
      "not_monitored",
      `cluster ${clusterId} cannot be monitored (see the server log)`,
    );
  return state;
}

/** The agents of the last state read, `agents: null` when none was read yet. */
export async function liveAgents(
  clusterId: number,
): Promise<{ agents: AgentRow[] | null; readAt: string | null; source: string | null }> {
  const plane = await monitoredPlane(clusterId);
  const result = plane.monitor(clusterId)?.agents() ?? null;
  return result
    ? { agents: result.rows, readAt: result.readAt, source: result.source }
    : { agents: null, readAt: null, source: null };
}

export async function openClusterStream(
  clusterId: number,
  lastEventIdHeader: string | null,
  signal: AbortSignal,
): Promise<ReadableStream<Uint8Array>> {
  const plane = await monitoredPlane(clusterId);
  return createSseStream(
    signal,
    {
      subscribe: (listener) => plane.bus.subscribe(clusterId, listener),
      snapshot: () => plane.state(clusterId),
      eventsAfter: (id, limit) => eventsAfter(clusterId, id, limit),
    },
    parseLastEventId(lastEventIdHeader),
  );
}
