// One sentence per recorded event, for people reading the history after an incident (pure, browser-safe).
import { type ClusterEventView, type EventData, type EventMasterRef, parseClusterEvent } from "@/lib/shared/events";
import type { AgentCounts } from "@/lib/mesos/totals";
import { formatDuration } from "./format";

/** What a row may know of a master: all of it from an event, less from a hand-written or partial row. */
type MasterData = Partial<EventMasterRef> | null | undefined;

/** How much of a row's payload a raw description shows. */
const RAW_DATA_CHARS = 200;

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** `host:port (znode)`, or what is known of it. */
export function masterLabel(master: MasterData): string {
  const address =
    typeof master?.hostname === "string" && typeof master.port === "number"
      ? `${master.hostname}:${master.port}`
      : null;
  const id = typeof master?.id === "string" ? master.id : null;
  if (address && id && !id.startsWith("http")) return `${address} (${id})`;
  return address ?? id ?? "an unknown master";
}

/** `host:port #sequence`, short enough for a chart's lane label. */
export function shortMasterLabel(master: MasterData): string {
  const address =
    typeof master?.hostname === "string" && typeof master.port === "number"
      ? `${master.hostname}:${master.port}`
      : null;
  const sequence = typeof master?.sequence === "number" ? ` #${master.sequence}` : "";
  return address ? `${address}${sequence}` : typeof master?.id === "string" ? master.id : "unknown master";
}

function ms(value: number | null | undefined): string | null {
  return typeof value === "number" ? formatDuration(value) : null;
}

function agents(counts: AgentCounts): string {
  const parts = (["active", "deactivated", "unreachable", "recovered"] as const).flatMap((key) =>
    counts[key] !== 0 || key === "active" ? [`${counts[key]} ${key}`] : [],
  );
  return parts.join(", ") || "none";
}

function suffix(data: { initial?: boolean; whileDashboardDown?: boolean }): string {
  if (data.initial === true) return " (first seen)";
  if (data.whileDashboardDown === true) return " (while the dashboard was down)";
  return "";
}

/** An event this version does not know, or whose payload does not match its type: its type and its data as stored. */
function describeRaw(event: Pick<ClusterEventView, "type" | "data">): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(event.data);
  } catch {
    json = String(event.data);
  }
  if (json === undefined || json === "{}") return event.type;
  return `${event.type}: ${json.length > RAW_DATA_CHARS ? `${json.slice(0, RAW_DATA_CHARS - 1)}…` : json}`;
}

function describeLeaderElected(data: EventData<"leader.elected">): string {
  const previous = data.previous ? `, after ${masterLabel(data.previous)}` : "";
  const gap = ms(data.noLeaderMs);
  const unresponsive = ms(data.previousUnreachableMs);
  const details = [
    gap && data.noLeaderMs !== 0 ? `no leader for ${gap}` : null,
    unresponsive ? `the previous leader had not answered for ${unresponsive}` : null,
  ].filter(Boolean);
  return `${masterLabel(data.leader)} was elected leader${previous}${details.length ? `; ${details.join("; ")}` : ""}${suffix(data)}`;
}

function describeActionRequested(data: EventData<"action.requested">): string {
  const reason = data.reason ? `: “${data.reason}”` : "";
  const forced = data.forced ? " (quorum guard overridden)" : "";
  if (data.kind === "rolling-restart")
    return `${data.actor} asked for a rolling restart (${data.order.join(", ")})${reason}${forced}`;
  return `${data.actor} asked to ${data.kind} ${data.target.label}${reason}${forced}`;
}

function describeActionProgress(data: EventData<"action.progress">): string {
  if ("command" in data) {
    const { command, via, exitCode, output } = data.command;
    return `ran ${command} via ${via}: exit ${exitCode === null ? "?" : String(exitCode)}${output.trim() ? ` · ${output.trim().slice(0, 160)}` : ""}`;
  }
  return `${data.state}: ${data.detail}`;
}

function describeActionFinished(data: EventData<"action.finished">): string {
  const what =
    data.kind === "rolling-restart" ? "rolling restart" : `${data.kind} of ${data.target?.label ?? "a master"}`;
  const took = ms(data.durationMs);
  return `${what} ${data.result}${took ? ` after ${took}` : ""}${data.error ? `: ${data.error}` : ""}`;
}

/** The event as a sentence; an event that does not parse is shown raw rather than guessed at, and never throws. */
export function describeEvent(view: Pick<ClusterEventView, "type" | "data">): string {
  // A payload that is not an object (null, an array) reads as one without fields, as it always has: where the
  // type's fields are optional the sentence says what is unknown, and otherwise the row is shown raw.
  const event = parseClusterEvent({ type: view.type, data: record(view.data) });
  if (!event) return describeRaw(view);
  switch (event.type) {
    case "leader.elected":
      return describeLeaderElected(event.data);
    case "leader.lost":
      return `No master leads: ${masterLabel(event.data.previous)} lost leadership${suffix(event.data)}`;
    case "leader.disputed":
      return `Leadership disputed: ${event.data.reason}`;
    case "leader.dispute_ended":
      return "The masters agree with ZooKeeper about the leader again";
    case "master.joined":
      return `${masterLabel(event.data.master)} joined${suffix(event.data)}`;
    case "master.left": {
      const down = ms(event.data.unreachableMs);
      return `${masterLabel(event.data.master)} left${down ? ` after ${down} without answering` : ""}${suffix(event.data)}`;
    }
    case "master.unreachable": {
      const { master, isLeader, error } = event.data;
      return `${masterLabel(master)}${isLeader === true ? ", the leader," : ""} stopped answering${typeof error === "string" ? `: ${error}` : ""}`;
    }
    case "master.reachable": {
      const down = ms(event.data.downMs);
      return `${masterLabel(event.data.master)} answers again${down ? ` after ${down}` : ""}`;
    }
    case "zk.connected":
      return event.data.initial === true
        ? "Connected to ZooKeeper"
        : `Connected to ZooKeeper again (was ${event.data.previous})`;
    case "zk.disconnected":
      return "Lost the connection to ZooKeeper: the master list is the last known";
    case "zk.session_expired":
      return "The ZooKeeper session expired: a new one was started and the masters read again";
    case "agents.changed":
      return `Agents changed from ${agents(event.data.before)} to ${agents(event.data.after)}`;
    case "poll.failed":
      return `Reading the leader's state failed: ${event.data.error}`;
    case "poll.recovered": {
      const down = ms(event.data.downMs);
      return `Reading the leader's state works again${down ? ` after ${down}` : ""}`;
    }
    case "stream.difference":
      return `The event stream differed from the leader's own state and was read again: ${event.data.reason}`;
    case "action.requested":
      return describeActionRequested(event.data);
    case "action.progress":
      return describeActionProgress(event.data);
    case "action.finished":
      return describeActionFinished(event.data);
    default: {
      const _exhaustive: never = event;
      return describeRaw(view);
    }
  }
}
