// Who led when, and when each master was up, from the recorded events (pure, browser-safe). Read after an
// incident: the chart above the event history on the events page.
import { type ClusterEventView, type EventMasterRef, parseClusterEvent } from "@/lib/shared/events";
import { shortMasterLabel as masterLabel } from "./describe-event";

export interface Span {
  from: number;
  to: number;
}

export interface LeaderSpan extends Span {
  /** The master (znode name and address), null for a gap without a leader. */
  id: string | null;
  label: string;
}

export interface MasterLane {
  id: string;
  label: string;
  /** Listed in ZooKeeper (or configured) and answering. */
  up: Span[];
  /** Listed but not answering. */
  unreachable: Span[];
}

export interface Timeline {
  from: number;
  to: number;
  leaders: LeaderSpan[];
  masters: MasterLane[];
}

export const TIMELINE_EVENT_TYPES = [
  "leader.elected",
  "leader.lost",
  "master.joined",
  "master.left",
  "master.unreachable",
  "master.reachable",
] as const;

/** A master's identity in the chart: znode name and address (a reset ZooKeeper reuses znode names). */
function masterId(master: EventMasterRef | null | undefined): string | null {
  if (!master) return null;
  return `${master.id}@${master.hostname ?? "?"}:${master.port ?? "?"}`;
}

interface LaneState {
  label: string;
  upSince: number | null;
  downSince: number | null;
  lane: MasterLane;
}

/**
 * Builds the chart for [from, to]. `before` are the timeline events recorded before `from` (any order), which set
 * the state at the start of the window; `events` those inside it. A master with no event before the window is
 * assumed absent until its first event.
 */
export function buildTimeline(
  before: readonly ClusterEventView[],
  events: readonly ClusterEventView[],
  from: number,
  to: number,
): Timeline {
  const ordered = [...before, ...events].sort((a, b) => a.id - b.id);
  const lanes = new Map<string, LaneState>();
  const leaders: LeaderSpan[] = [];
  let leader: { id: string | null; label: string; since: number } | null = null;

  const laneOf = (value: EventMasterRef | undefined): LaneState | null => {
    const id = masterId(value);
    if (!id) return null;
    let state = lanes.get(id);
    if (!state) {
      state = {
        label: masterLabel(value),
        upSince: null,
        downSince: null,
        lane: { id, label: masterLabel(value), up: [], unreachable: [] },
      };
      lanes.set(id, state);
    }
    return state;
  };
  const clamp = (t: number) => Math.min(to, Math.max(from, t));
  const close = (spans: Span[], start: number | null, end: number) => {
    if (start === null) return;
    const span = { from: clamp(start), to: clamp(end) };
    if (span.to > span.from) spans.push(span);
  };
  const setLeader = (id: string | null, label: string, at: number) => {
    if (leader && leader.id === id) return;
    if (leader) {
      const span = { id: leader.id, label: leader.label, from: clamp(leader.since), to: clamp(at) };
      if (span.to > span.from) leaders.push(span);
    }
    leader = { id, label, since: at };
  };

  for (const view of ordered) {
    const at = Date.parse(view.at);
    if (at > to) break;
    // An event whose payload does not match its type says nothing the chart can rely on.
    const event = parseClusterEvent(view);
    if (!event) continue;
    switch (event.type) {
      case "leader.elected": {
        const value = event.data.leader;
        setLeader(masterId(value), masterLabel(value), at);
        break;
      }
      case "leader.lost":
        setLeader(null, "no leader", at);
        break;
      case "master.joined": {
        const lane = laneOf(event.data.master);
        if (lane && lane.upSince === null && lane.downSince === null) lane.upSince = at;
        break;
      }
      case "master.left": {
        const lane = laneOf(event.data.master);
        if (!lane) break;
        close(lane.lane.up, lane.upSince, at);
        close(lane.lane.unreachable, lane.downSince, at);
        lane.upSince = null;
        lane.downSince = null;
        break;
      }
      case "master.unreachable": {
        const lane = laneOf(event.data.master);
        if (!lane || lane.downSince !== null) break;
        close(lane.lane.up, lane.upSince, at);
        lane.upSince = null;
        lane.downSince = at;
        break;
      }
      case "master.reachable": {
        const lane = laneOf(event.data.master);
        if (!lane || lane.downSince === null) break;
        close(lane.lane.unreachable, lane.downSince, at);
        lane.downSince = null;
        lane.upSince = at;
        break;
      }
      default:
        break;
    }
  }
  setLeader("__end__", "", to);
  for (const lane of lanes.values()) {
    close(lane.lane.up, lane.upSince, to);
    close(lane.lane.unreachable, lane.downSince, to);
  }
  const masters = [...lanes.values()]
    .map((l) => l.lane)
    .filter((lane) => lane.up.length > 0 || lane.unreachable.length > 0);
  return { from, to, leaders, masters };
}
