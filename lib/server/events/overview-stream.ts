import "server-only";
// The overview page's one stream per tab: every cluster's summary state first, then a cluster's summary each time
// it changes, and `cluster-removed` when one is deleted. Summaries leave out frameworks and tasks, which only the
// cluster page needs.
import type { BusMessage } from "./bus";
import { formatMessage } from "./sse";
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

const HEARTBEAT_MS = 15_000;

export function createOverviewStream(signal: AbortSignal, source: OverviewSource): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let done = false;
      const last = new Map<number, string>();
      const send = (text: string) => {
        if (done) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const sendSummary = (state: ClusterStateView) => {
        const summary = summaryOf(state);
        const key = comparable(summary);
        if (last.get(state.clusterId) === key) return;
        last.set(state.clusterId, key);
        send(formatMessage("cluster-state", summary));
      };
      const unsubscribe = source.subscribeAll((clusterId, message) => {
        if (message.kind === "state") sendSummary(message.view);
        else if (message.kind === "removed") {
          last.delete(clusterId);
          send(formatMessage("cluster-removed", { clusterId }));
        }
      });
      const heartbeat = setInterval(() => send(": ping\n\n"), HEARTBEAT_MS);
      cleanup = () => {
        if (done) return;
        done = true;
        clearInterval(heartbeat);
        unsubscribe();
        signal.removeEventListener("abort", cleanup);
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      signal.addEventListener("abort", cleanup, { once: true });
      if (signal.aborted) return cleanup();
      send("retry: 3000\n\n");
      const states = source.states();
      for (const state of states) last.set(state.clusterId, comparable(summaryOf(state)));
      send(formatMessage("snapshot", states.map(summaryOf)));
    },
    cancel() {
      cleanup();
    },
  });
}
