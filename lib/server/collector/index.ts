import "server-only";
// The seam between the collector (everything that watches ZooKeeper, probes masters, reads the leader's state,
// records events and runs actions on masters) and the web tier (pages, API routes and streams). The web tier reaches
// the collector only through this interface, so that it makes no assumption about living in the collector's
// process beyond it: today both run in one Next.js process and getCollector() is the process's control plane; a
// web replica would implement the same interface over the store and a shared bus.
import type { ActionManager } from "@/lib/server/control/actions";
import type { BusMessage } from "@/lib/server/events/bus";
import type { ClusterStateView } from "@/lib/shared/cluster-state";
import type { AgentPage, AgentPageRequest } from "@/lib/mesos/agent-query";
import type { ZkInspection } from "@/lib/zk/inspection";
import { getControlPlane } from "./control-plane";

export interface Collector {
  /** Resolves once every registered cluster is watched (started once per process). */
  ready(): Promise<void>;
  /** Whether this cluster is being watched now. */
  watches(clusterId: number): boolean;
  /** Picks up a created, changed or deleted cluster definition. */
  sync(clusterId: number): Promise<void>;
  /** The live state of a watched cluster, or null. */
  state(clusterId: number): ClusterStateView | null;
  states(): ClusterStateView[];
  /** A window of a watched cluster's agents, null when it is not watched. */
  agents(clusterId: number, request: AgentPageRequest): AgentPage | null;
  subscribe(clusterId: number, listener: (message: BusMessage) => void): () => void;
  subscribeAll(listener: (clusterId: number, message: BusMessage) => void): () => void;
  /**
   * A look at a watched cluster's ZooKeeper through the session the collector already holds on its ensemble (no new
   * session), or null when the collector holds none for it (not watched, or no ZooKeeper).
   */
  inspectZookeeper(clusterId: number): Promise<ZkInspection | null>;
  readonly actions: Pick<ActionManager, "request" | "rollingRestart" | "list" | "get">;
}

export function getCollector(): Collector {
  return getControlPlane();
}
