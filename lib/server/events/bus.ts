// Fan-out of one cluster's changes to everyone listening in this process (SSE streams), without persistence:
// events are stored before they are published, so a listener that misses one reads it back from the database.
import { EventEmitter } from "node:events";
import type { ActionView } from "@/lib/shared/actions";
import type { ClusterStateView } from "@/lib/shared/cluster-state";
import type { ClusterEventView } from "@/lib/shared/events";

export type BusMessage =
  | { kind: "events"; events: ClusterEventView[] }
  | { kind: "state"; view: ClusterStateView }
  | { kind: "action"; action: ActionView }
  | { kind: "removed" };

const ALL = "*";

export class ClusterBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0); // one listener per open browser tab
  }

  publish(clusterId: number, message: BusMessage): void {
    this.emitter.emit(String(clusterId), message);
    this.emitter.emit(ALL, clusterId, message);
  }

  /** Every cluster's messages (the overview page); returns the function that unsubscribes. */
  subscribeAll(listener: (clusterId: number, message: BusMessage) => void): () => void {
    this.emitter.on(ALL, listener);
    return () => {
      this.emitter.off(ALL, listener);
    };
  }

  /** Returns the function that unsubscribes. */
  subscribe(clusterId: number, listener: (message: BusMessage) => void): () => void {
    const key = String(clusterId);
    this.emitter.on(key, listener);
    return () => {
      this.emitter.off(key, listener);
    };
  }

  listenerCount(clusterId: number): number {
    return this.emitter.listenerCount(String(clusterId));
  }
}
