"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { fetchJson } from "@/lib/client/fetch-json";
import { queryKeys } from "@/lib/client/query-keys";
import { formatDuration, formatUtc } from "@/lib/client/format";
import { type Span, TIMELINE_EVENT_TYPES, buildTimeline } from "@/lib/client/timeline";
import type { ClusterEventView } from "@/lib/shared/events";
import { useLiveCluster } from "@/components/live/cluster-stream";

const WINDOWS = [
  { label: "15 min", ms: 15 * 60_000 },
  { label: "1 h", ms: 3_600_000 },
  { label: "6 h", ms: 6 * 3_600_000 },
  { label: "24 h", ms: 24 * 3_600_000 },
  { label: "7 d", ms: 7 * 24 * 3_600_000 },
];
const PALETTE = ["bg-sky-600", "bg-violet-600", "bg-emerald-600", "bg-amber-600", "bg-rose-600", "bg-teal-600"];
const TYPES = TIMELINE_EVENT_TYPES.join(",");

function position(span: Span, from: number, to: number) {
  const width = to - from;
  return {
    left: `${((span.from - from) / width) * 100}%`,
    width: `${Math.max(0.3, ((span.to - span.from) / width) * 100)}%`,
  };
}

function title(label: string, span: Span): string {
  return `${label}: ${formatUtc(new Date(span.from).toISOString())} → ${formatUtc(new Date(span.to).toISOString())} (${formatDuration(span.to - span.from)})`;
}

/** Who led when (gaps without a leader in red) and each master's up/unreachable spans, over a chosen window. */
export function LeaderTimeline() {
  const { clusterId, events: latest } = useLiveCluster();
  const [windowMs, setWindowMs] = useState(3_600_000);
  const newestId = latest[0]?.id ?? 0;
  const { data, error } = useQuery({
    queryKey: queryKeys.leaderTimeline(clusterId, windowMs, newestId),
    queryFn: async () => {
      const to = Date.now();
      const from = to - windowMs;
      const since = new Date(from).toISOString();
      const [inside, before] = await Promise.all([
        fetchJson<{ events: ClusterEventView[] }>(
          `/api/clusters/${clusterId}/events?type=${TYPES}&since=${since}&limit=500`,
        ),
        fetchJson<{ events: ClusterEventView[] }>(
          `/api/clusters/${clusterId}/events?type=${TYPES}&until=${since}&limit=100`,
        ),
      ]);
      return buildTimeline(before.events, inside.events, from, to);
    },
    placeholderData: (previous) => previous,
    staleTime: Infinity,
  });
  const colours = new Map<string, string>();
  const colourOf = (id: string) => {
    if (!colours.has(id)) colours.set(id, PALETTE[colours.size % PALETTE.length] ?? "bg-sky-600");
    return colours.get(id) ?? "bg-sky-600";
  };
  return (
    <section
      aria-label="Leader timeline"
      className="rounded-lg border border-slate-200 bg-white p-4"
      data-testid="leader-timeline"
    >
      <header className="mb-3 flex items-center justify-between">
        <h2 className="text-sm font-semibold">Leader timeline</h2>
        <div className="flex gap-1" role="group" aria-label="Window">
          {WINDOWS.map((w) => (
            <button
              key={w.ms}
              type="button"
              onClick={() => setWindowMs(w.ms)}
              aria-pressed={windowMs === w.ms}
              className={`rounded px-2 py-0.5 text-xs ${windowMs === w.ms ? "bg-slate-900 text-white" : "text-slate-600 hover:bg-slate-100"}`}
            >
              {w.label}
            </button>
          ))}
        </div>
      </header>
      {error && <p className="text-sm text-bad">Could not load the timeline: {error.message}</p>}
      {data && (
        <div className="space-y-1 text-xs">
          <div className="grid grid-cols-[16rem_1fr] items-center gap-2">
            <span className="font-medium text-slate-600">Leader</span>
            <div className="relative h-6 rounded bg-slate-100">
              {data.leaders.map((span) => (
                <div
                  key={`${span.id}-${span.from}`}
                  title={title(span.label, span)}
                  data-testid="timeline-leader"
                  data-leader={span.id ?? "none"}
                  className={`absolute top-0 h-6 rounded-sm ${span.id === null ? "bg-red-500/80" : colourOf(span.id)}`}
                  style={position(span, data.from, data.to)}
                />
              ))}
            </div>
          </div>
          {data.masters.map((lane) => (
            <div key={lane.id} className="grid grid-cols-[16rem_1fr] items-center gap-2" data-testid="timeline-master">
              <span className="truncate font-mono text-[11px] text-slate-600" title={lane.label}>
                <span className={`mr-1 inline-block h-2 w-2 rounded-full ${colourOf(lane.id)}`} />
                {lane.label}
              </span>
              <div className="relative h-3 rounded bg-slate-50">
                {lane.up.map((span) => (
                  <div
                    key={`u${span.from}`}
                    title={title("up", span)}
                    className="absolute top-0 h-3 rounded-sm bg-emerald-500/70"
                    style={position(span, data.from, data.to)}
                  />
                ))}
                {lane.unreachable.map((span) => (
                  <div
                    key={`d${span.from}`}
                    title={title("not answering", span)}
                    className="absolute top-0 h-3 rounded-sm bg-red-500/80"
                    style={position(span, data.from, data.to)}
                  />
                ))}
              </div>
            </div>
          ))}
          <div className="grid grid-cols-[16rem_1fr] gap-2 text-[11px] text-slate-500">
            <span>
              <span className="mr-1 inline-block h-2 w-3 bg-emerald-500/70" />
              up <span className="ml-2 mr-1 inline-block h-2 w-3 bg-red-500/80" />
              no leader / not answering
            </span>
            <div className="flex justify-between">
              <span>{formatUtc(new Date(data.from).toISOString())}</span>
              <span>now</span>
            </div>
          </div>
          {data.leaders.length === 0 && <p className="text-slate-500">Nothing recorded in this window.</p>}
        </div>
      )}
    </section>
  );
}
