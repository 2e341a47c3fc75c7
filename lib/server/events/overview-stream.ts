import "server-only";
// The overview page's one stream per tab: every cluster's summary state first, then a cluster's summary each time
// it changes, and `cluster-removed` when one is deleted. Summaries leave out frameworks and tasks, which only the
// cluster page needs.
import type { BusMessage } from "./bus";
import { type SseOptions, sseStream } from "./sse";
import type { ClusterStateView } from "@/lib/shared/cluster-state";

export type ClusterSummaryState = Omit<ClusterStateView, "frameworks" | "tasks">;

export function summaryOf(state: ClusterStateView): ClusterSummaryState {
  const { frameworks: _frameworks, tasks: _tasks, ...summary } = state;
  return summary;
}

function comparable(summary: ClusterSummaryState): string {
  return JSON.stringify({
    ...summary,
    updatedAt: null,
    poll: { ...summary.poll, lastSuccessAt: null, durationMs: null, bytes: null },
  });
}

export interface OverviewSource {
  subscribeAll(listener: (clusterId: number, message: BusMessage) => void): () => void;
  states(): ClusterStateView[];
}

export function createOverviewStream(
  signal: AbortSignal,
  source: OverviewSource,
  options: SseOptions = {},
): ReadableStream<Uint8Array> {
  return sseStream(
    signal,
    (channel) => {
      const last = new Map<number, string>();
      const sendSummary = (state: ClusterStateView) => {
        const summary = summaryOf(state);
        const key = comparable(summary);
        if (last.get(state.clusterId) === key) return;
        last.set(state.clusterId, key);
        channel.send("cluster-state", summary);
      };
      const unsubscribe = source.subscribeAll((clusterId, message) => {
        if (message.kind === "state") sendSummary(message.view);
        else if (message.kind === "removed") {
          last.delete(clusterId);
          channel.send("cluster-removed", { clusterId });
        }
      });
      return {
        unsubscribe,
        begin() {
          const states = source.states();
          for (const state of states) last.set(state.clusterId, comparable(summaryOf(state)));
          channel.send("snapshot", states.map(summaryOf));
        },
      };
    },
    options,
  );
}
