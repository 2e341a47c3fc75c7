// One sentence per recorded event, for people reading the history after an incident (pure, browser-safe).
import type { ClusterEventView } from "@/lib/shared/events";
import { formatDuration } from "./format";

interface MasterData {
  id?: unknown;
  hostname?: unknown;
  port?: unknown;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** `host:port (znode)`, or what is known of it. */
export function masterLabel(value: unknown): string {
  const master = record(value) as MasterData;
  const address =
    typeof master.hostname === "string" && typeof master.port === "number" ? `${master.hostname}:${master.port}` : null;
  const id = typeof master.id === "string" ? master.id : null;
  if (address && id && !id.startsWith("http")) return `${address} (${id})`;
  return address ?? id ?? "an unknown master";
}

/** `host:port #sequence`, short enough for a chart's lane label. */
export function shortMasterLabel(value: unknown): string {
  const master = record(value) as MasterData & { sequence?: unknown };
  const address =
    typeof master.hostname === "string" && typeof master.port === "number" ? `${master.hostname}:${master.port}` : null;
  const sequence = typeof master.sequence === "number" ? ` #${master.sequence}` : "";
  return address ? `${address}${sequence}` : typeof master.id === "string" ? master.id : "unknown master";
}

function actionTarget(value: unknown): string {
  const label = record(value).label;
  return typeof label === "string" ? label : "a master";
}

function ms(value: unknown): string | null {
  return typeof value === "number" ? formatDuration(value) : null;
}

function agents(value: unknown): string {
  const counts = record(value);
  const parts = ["active", "deactivated", "unreachable", "recovered"].flatMap((key) =>
    typeof counts[key] === "number" && (counts[key] !== 0 || key === "active") ? [`${counts[key]} ${key}`] : [],
  );
  return parts.join(", ") || "none";
}

function suffix(data: Record<string, unknown>): string {
  if (data.initial === true) return " (first seen)";
  if (data.whileDashboardDown === true) return " (while the dashboard was down)";
  return "";
}

export function describeEvent(event: Pick<ClusterEventView, "type" | "data">): string {
  const data = record(event.data);
  switch (event.type) {
    case "leader.elected": {
      const previous = data.previous ? `, after ${masterLabel(data.previous)}` : "";
      const gap = ms(data.noLeaderMs);
      const unresponsive = ms(data.previousUnreachableMs);
      const details = [
        gap && data.noLeaderMs !== 0 ? `no leader for ${gap}` : null,
        unresponsive ? `the previous leader had not answered for ${unresponsive}` : null,
      ].filter(Boolean);
      return `${masterLabel(data.leader)} was elected leader${previous}${details.length ? `; ${details.join("; ")}` : ""}${suffix(data)}`;
    }
    case "leader.lost":
      return `No master leads: ${masterLabel(data.previous)} lost leadership${suffix(data)}`;
    case "leader.disputed":
      return `Leadership disputed: ${typeof data.reason === "string" ? data.reason : "the masters disagree with ZooKeeper"}`;
    case "leader.dispute_ended":
      return "The masters agree with ZooKeeper about the leader again";
    case "master.joined":
      return `${masterLabel(data.master)} joined${suffix(data)}`;
    case "master.left": {
      const down = ms(data.unreachableMs);
      return `${masterLabel(data.master)} left${down ? ` after ${down} without answering` : ""}${suffix(data)}`;
    }
    case "master.unreachable":
      return `${masterLabel(data.master)}${data.isLeader === true ? ", the leader," : ""} stopped answering${typeof data.error === "string" ? `: ${data.error}` : ""}`;
    case "master.reachable": {
      const down = ms(data.downMs);
      return `${masterLabel(data.master)} answers again${down ? ` after ${down}` : ""}`;
    }
    case "zk.connected":
      return data.initial === true
        ? "Connected to ZooKeeper"
        : `Connected to ZooKeeper again${typeof data.previous === "string" ? ` (was ${data.previous})` : ""}`;
    case "zk.disconnected":
      return "Lost the connection to ZooKeeper: the master list is the last known";
    case "zk.session_expired":
      return "The ZooKeeper session expired: a new one was started and the masters read again";
    case "agents.changed":
      return `Agents changed from ${agents(data.before)} to ${agents(data.after)}`;
    case "poll.failed":
      return `Reading the leader's state failed: ${typeof data.error === "string" ? data.error : "unknown error"}`;
    case "poll.recovered": {
      const down = ms(data.downMs);
      return `Reading the leader's state works again${down ? ` after ${down}` : ""}`;
    }
    case "action.requested": {
      const actor = typeof data.actor === "string" ? data.actor : "someone";
      const reason = typeof data.reason === "string" && data.reason ? `: “${data.reason}”` : "";
      const forced = data.forced === true ? " (quorum guard overridden)" : "";
      if (data.kind === "rolling-restart") {
        const order = Array.isArray(data.order)
          ? data.order.filter((x): x is string => typeof x === "string").join(", ")
          : "all masters";
        return `${actor} asked for a rolling restart (${order})${reason}${forced}`;
      }
      return `${actor} asked to ${String(data.kind)} ${actionTarget(data.target)}${reason}${forced}`;
    }
    case "action.progress": {
      const command = record(data.command);
      if (typeof command.command === "string") {
        return `ran ${command.command} via ${String(command.via)}: exit ${command.exitCode === null ? "?" : String(command.exitCode)}${typeof command.output === "string" && command.output.trim() ? ` · ${command.output.trim().slice(0, 160)}` : ""}`;
      }
      return `${String(data.state)}: ${typeof data.detail === "string" ? data.detail : ""}`;
    }
    case "action.finished": {
      const what =
        data.kind === "rolling-restart" ? "rolling restart" : `${String(data.kind)} of ${actionTarget(data.target)}`;
      const took = ms(data.durationMs);
      return `${what} ${String(data.result)}${took ? ` after ${took}` : ""}${typeof data.error === "string" && data.error ? `: ${data.error}` : ""}`;
    }
    default:
      return event.type;
  }
}
