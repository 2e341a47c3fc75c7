// What a followed event stream shows (pure): the leader summary of its model, and how the stream goes.
import type { StreamView } from "@/lib/shared/cluster-state";
import type { StreamModel } from "@/lib/mesos/v1/stream-model";
import { legacyMasterFields } from "@/lib/mesos/v1/state-from-v1";
import type { LeaderSummary } from "./leader-state-reader";
import type { TrackedMaster } from "./master-list";
import type { StreamChecks } from "./stream-checks";
import type { StreamConnection } from "./stream-connection";

/**
 * The summary of a stream's model. Its totals are the model's, kept up to date event by event; the whole state in
 * `/master/state`'s shape is built only when something reads `state` (the agents page).
 */
export function streamSummary(master: TrackedMaster, model: StreamModel): LeaderSummary {
  const fields = legacyMasterFields(model.internals.identity);
  const totals = model.totals();
  const version = fields.version || master.version || "";
  const pid = fields.pid || master.pid || "";
  return {
    get state() {
      return model.snapshot();
    },
    leader: { id: fields.id || (master.infoId ?? ""), pid, version, leaderPid: pid || null },
    metrics: null,
    masterId: master.id,
    electedAt: fields.elected_time !== undefined ? new Date(fields.elected_time * 1000).toISOString() : null,
    totals: { ...totals, mesos: { version: version || null, cluster: null } },
  };
}

/** The view of a subscription that reached SUBSCRIBED, with the checks' counts (kept across subscriptions). */
export function streamViewOf(
  connection: StreamConnection,
  checks: Pick<StreamChecks, "count" | "differences" | "lastDifference">,
): StreamView | null {
  if (!connection.model) return null;
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    encoding: connection.options.encoding,
    subscribedAt: iso(connection.openedAt),
    events: connection.events,
    lastRecordAt: iso(connection.lastRecordAt),
    heartbeatSeconds: connection.model.heartbeatIntervalSeconds,
    checks: checks.count,
    differences: checks.differences,
    lastDifference: checks.lastDifference,
    problems: connection.model.problemCount,
  };
}
