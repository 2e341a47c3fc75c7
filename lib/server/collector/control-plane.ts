import "server-only";
// The process-wide control plane: one ClusterMonitor per registered cluster, one ZooKeeper client per distinct
// ensemble shared by the clusters on it, the bus that fans changes out to streams, and event retention.
// Started from instrumentation.ts; the web tier reaches it only as the Collector of lib/server/collector.ts.
import {
  type ClusterRow,
  getClusterRow,
  listClusterRows,
  storedController,
  allowlistEntries,
  storedHttpAuth,
  zkUrlOf,
} from "@/lib/server/clusters/repository";
import { ActionManager } from "@/lib/server/control/actions";
import { type BusMessage, ClusterBus } from "@/lib/server/events/bus";
import type { Collector } from "./index";
import type { AgentPage, AgentPageRequest } from "@/lib/mesos/agent-query";
import { type ClusterDefinition, ClusterMonitor } from "@/lib/server/monitor/cluster-monitor";
import {
  appendAuditEvents,
  appendEvents,
  lastEventId,
  pruneEvents,
  readRecordedState,
} from "@/lib/server/events/store";
import { type ControlPlaneSettings, settingsFromEnv } from "@/lib/server/monitor/settings";
import type { ClusterStateView } from "@/lib/shared/cluster-state";
import { ZkEnsemble } from "@/lib/zk/ensemble";
import { inspectWithSession } from "@/lib/zk/inspect";
import type { ZkInspection } from "@/lib/zk/inspection";
import { type ZkUrl, parseZkUrl, zkConnectString } from "@/lib/zk/url";
import { singleton } from "@/lib/server/singleton";
import { capActionView, capViewMessages } from "./view-caps";

const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

interface SharedEnsemble {
  ensemble: ZkEnsemble;
  users: number;
}

function definitionOf(row: ClusterRow): ClusterDefinition {
  let zk: ZkUrl | null = null;
  const zkUrl = zkUrlOf(row);
  if (zkUrl) zk = parseZkUrl(zkUrl);
  const masters = Array.isArray(row.masterUrls)
    ? row.masterUrls.filter((m): m is string => typeof m === "string")
    : null;
  const allowedMasters = allowlistEntries(row);
  return {
    id: row.id,
    name: row.name,
    zk,
    masters: zk ? null : masters,
    httpAuth: storedHttpAuth(row),
    allowedMasters,
  };
}

function ensembleKey(zk: ZkUrl): string {
  const credentials = zk.credentials ? `${zk.credentials.username}:${zk.credentials.password}@` : "";
  return `${credentials}${zkConnectString(zk)}`;
}

export class ControlPlane implements Collector {
  readonly bus = new ClusterBus();
  private readonly monitors = new Map<number, ClusterMonitor>();
  private readonly ensembles = new Map<string, SharedEnsemble>();
  private readonly views = new Map<number, ClusterStateView>();
  private started: Promise<void> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private retentionTimer: NodeJS.Timeout | null = null;
  private closed = false;

  readonly actions: ActionManager;

  constructor(readonly settings: ControlPlaneSettings) {
    this.actions = new ActionManager({
      state: (clusterId) => this.state(clusterId),
      cluster: async (clusterId) => {
        const row = await getClusterRow(clusterId);
        return row && { name: row.name, quorum: row.quorum, controller: storedController(row) };
      },
      appendAudit: appendAuditEvents,
      publishEvents: (clusterId, events) => this.bus.publish(clusterId, { kind: "events", events }),
      publishAction: (clusterId, action) =>
        this.bus.publish(clusterId, { kind: "action", action: capActionView(action) }),
      verifyTimeoutMs: settings.actionVerifyTimeoutMs,
    });
  }

  /** Starts monitoring every registered cluster; later calls return the same promise. */
  start(): Promise<void> {
    this.started ??= this.serialized(async () => {
      await this.prune();
      for (const row of await listClusterRows()) await this.launch(row);
      this.retentionTimer = setInterval(() => void this.prune(), RETENTION_INTERVAL_MS);
      this.retentionTimer.unref();
    });
    return this.started;
  }

  /** Picks up a created, changed or deleted cluster definition. */
  async sync(clusterId: number): Promise<void> {
    await this.start();
    await this.serialized(async () => {
      this.halt(clusterId);
      const row = await getClusterRow(clusterId);
      if (row) await this.launch(row);
      else this.bus.publish(clusterId, { kind: "removed" });
    });
  }

  /** The live state of a cluster, or null when it is not monitored. */
  state(clusterId: number): ClusterStateView | null {
    const unpublished = this.views.has(clusterId) ? undefined : this.monitors.get(clusterId)?.view();
    return this.views.get(clusterId) ?? (unpublished ? capViewMessages(unpublished) : null);
  }

  /** The live state of every monitored cluster. */
  states(): ClusterStateView[] {
    return [...this.monitors.keys()].flatMap((id) => {
      const state = this.state(id);
      return state ? [state] : [];
    });
  }

  monitor(clusterId: number): ClusterMonitor | null {
    return this.monitors.get(clusterId) ?? null;
  }

  ready(): Promise<void> {
    return this.start();
  }

  watches(clusterId: number): boolean {
    return this.monitors.has(clusterId);
  }

  agents(clusterId: number, request: AgentPageRequest): AgentPage | null {
    return this.monitors.get(clusterId)?.agents(request) ?? null;
  }

  subscribe(clusterId: number, listener: (message: BusMessage) => void): () => void {
    return this.bus.subscribe(clusterId, listener);
  }

  subscribeAll(listener: (clusterId: number, message: BusMessage) => void): () => void {
    return this.bus.subscribeAll(listener);
  }

  /** Reads through the monitor's own ZooKeeper client for the cluster's ensemble: no session of its own. */
  async inspectZookeeper(clusterId: number): Promise<ZkInspection | null> {
    const zk = this.monitors.get(clusterId)?.definition.zk;
    const shared = zk ? this.ensembles.get(ensembleKey(zk)) : undefined;
    if (!zk || !shared) return null;
    return inspectWithSession(shared.ensemble.session(), zk);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    await this.serialized(async () => {
      const monitors = [...this.monitors.values()];
      for (const id of [...this.monitors.keys()]) this.halt(id);
      await Promise.all(monitors.map((m) => m.settled()));
    });
  }

  private serialized<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async prune(): Promise<void> {
    try {
      const deleted = await pruneEvents(this.settings.retention);
      if (deleted > 0) console.log(`[monitor] retention removed ${deleted} old events`);
    } catch (error) {
      console.error("[monitor] retention failed", error);
    }
  }

  private async launch(row: ClusterRow): Promise<void> {
    if (this.closed) return;
    let definition: ClusterDefinition;
    try {
      definition = definitionOf(row);
    } catch (error) {
      console.error(`[monitor] cluster ${row.name}: invalid definition, not monitored: ${String(error)}`);
      return;
    }
    const ensemble = definition.zk ? this.acquireEnsemble(definition.zk) : null;
    const monitor = new ClusterMonitor(
      definition,
      readRecordedState(row.recordedState),
      await lastEventId(row.id),
      this.settings.monitor,
      {
        record: appendEvents,
        publishEvents: (clusterId, events) => this.bus.publish(clusterId, { kind: "events", events }),
        publishState: (clusterId, view) => {
          if (this.monitors.get(clusterId) !== monitor) return;
          const capped = capViewMessages(view);
          this.views.set(clusterId, capped);
          this.bus.publish(clusterId, { kind: "state", view: capped });
        },
        log: (line) => console.log(line),
      },
      ensemble,
    );
    this.monitors.set(row.id, monitor);
    monitor.start();
  }

  private halt(clusterId: number): void {
    const monitor = this.monitors.get(clusterId);
    if (!monitor) return;
    monitor.stop();
    this.monitors.delete(clusterId);
    this.views.delete(clusterId);
    if (monitor.definition.zk) this.releaseEnsemble(monitor.definition.zk);
  }

  private acquireEnsemble(zk: ZkUrl): ZkEnsemble {
    const key = ensembleKey(zk);
    let shared = this.ensembles.get(key);
    if (!shared) {
      const ensemble = new ZkEnsemble(zkConnectString(zk), {
        sessionTimeoutMs: this.settings.zkSessionTimeoutMs,
        credentials: zk.credentials,
        log: (line) => console.log(`[zk] ${line}`),
      });
      ensemble.setMaxListeners(0);
      shared = { ensemble, users: 0 };
      this.ensembles.set(key, shared);
      ensemble.start();
    }
    shared.users += 1;
    return shared.ensemble;
  }

  private releaseEnsemble(zk: ZkUrl): void {
    const key = ensembleKey(zk);
    const shared = this.ensembles.get(key);
    if (!shared) return;
    shared.users -= 1;
    if (shared.users <= 0) {
      shared.ensemble.close();
      this.ensembles.delete(key);
    }
  }

  /** Distinct ZooKeeper clients open now (one per ensemble, however many clusters share it). */
  ensembleCount(): number {
    return this.ensembles.size;
  }
}

/** The process's control plane, created on first use and started in the background. */
export function getControlPlane(): ControlPlane {
  return singleton("control-plane", () => {
    const plane = new ControlPlane(settingsFromEnv(process.env));
    plane.start().catch((error: unknown) => console.error("[monitor] failed to start", error));
    return plane;
  });
}
