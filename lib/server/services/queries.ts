import "server-only";
// What the cluster routes and pages ask of the collector, with the 404 for a cluster that does not exist.
import { DomainError, invalidInput } from "@/lib/server/errors";
import { type AgentPage, parseAgentPageRequest } from "@/lib/mesos/agent-query";
import { getClusterRow } from "@/lib/server/clusters/repository";
import { type Collector, getCollector } from "@/lib/server/collector";
import { eventsAfter } from "@/lib/server/events/store";
import { createOverviewStream } from "@/lib/server/events/overview-stream";
import { type SseOptions, createSseStream, parseLastEventId } from "@/lib/server/events/sse";
import { streamSlots } from "@/lib/server/events/stream-limits";
import type { ClusterStateView } from "@/lib/shared/cluster-state";

/** The collector, watching this cluster (a cluster registered a moment ago is picked up now). */
export async function watchedCluster(clusterId: number): Promise<Collector> {
  const collector = getCollector();
  await collector.ready();
  if (!collector.watches(clusterId)) {
    if (!(await getClusterRow(clusterId)))
      throw new DomainError("not_found", "not_found", `no cluster with id ${clusterId}`);
    await collector.sync(clusterId);
  }
  return collector;
}

/** Every watched cluster's live state (the overview). */
export async function liveStates(): Promise<ClusterStateView[]> {
  const collector = getCollector();
  await collector.ready();
  return collector.states();
}

export async function liveState(clusterId: number): Promise<ClusterStateView> {
  const state = (await watchedCluster(clusterId)).state(clusterId);
  if (!state)
    throw new DomainError(
      "unavailable",
      "not_monitored",
      `cluster ${clusterId} cannot be monitored (see the server log)`,
    );
  return state;
}

/**
 * A window of the agents of the last state read, filtered and sorted (`params`: lib/mesos/agent-query.ts), with
 * `agents: null` when none was read yet. A bad parameter is an `invalid` error that names it.
 */
export async function liveAgents(clusterId: number, params: URLSearchParams): Promise<AgentPage> {
  const parsed = parseAgentPageRequest(params);
  if (!parsed.ok)
    throw typeof parsed.error === "string"
      ? new DomainError("invalid", "invalid_query", parsed.error)
      : invalidInput(parsed.error);
  const collector = await watchedCluster(clusterId);
  return (
    collector.agents(clusterId, parsed.value) ?? {
      agents: null,
      offset: parsed.value.offset,
      matched: 0,
      total: 0,
      readAt: null,
      source: null,
    }
  );
}

/**
 * A slot among the open streams for `userId` (rate_limited when the user or the server has too many open), and the
 * options that give it back when the stream ends and close the stream when its client stops reading.
 */
function streamOptions(userId: number): SseOptions {
  const slots = streamSlots();
  const release = slots.acquire(userId);
  return { onClose: release, maxQueuedBytes: slots.limits.maxQueuedBytes, stallMs: slots.limits.stallMs };
}

export async function openClusterStream(
  clusterId: number,
  lastEventIdHeader: string | null,
  signal: AbortSignal,
  userId: number,
): Promise<ReadableStream<Uint8Array>> {
  const collector = await watchedCluster(clusterId);
  return createSseStream(
    signal,
    {
      subscribe: (listener) => collector.subscribe(clusterId, listener),
      snapshot: () => collector.state(clusterId),
      eventsAfter: (id, limit) => eventsAfter(clusterId, id, limit),
    },
    parseLastEventId(lastEventIdHeader),
    streamOptions(userId),
  );
}

/** The overview's stream: every cluster's summary, then changes. */
export async function openOverviewStream(signal: AbortSignal, userId: number): Promise<ReadableStream<Uint8Array>> {
  const collector = getCollector();
  await collector.ready();
  return createOverviewStream(
    signal,
    {
      subscribeAll: (listener) => collector.subscribeAll(listener),
      states: () => collector.states(),
    },
    streamOptions(userId),
  );
}
