"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { fetchJson } from "@/lib/client/fetch-json";
import { queryKeys } from "@/lib/client/query-keys";
import { EVENT_TYPES, type ClusterEventView } from "@/lib/shared/events";
import { useLiveCluster } from "@/components/live/cluster-stream";
import { EventRows } from "./event-rows";

const PAGE = 100;

function isoOrNull(local: string): string | null {
  if (!local) return null;
  const time = new Date(local);
  return Number.isNaN(time.getTime()) ? null : time.toISOString();
}

/** The full history, newest first, filterable by type and time, paged backwards by event id. */
export function EventHistory() {
  const { clusterId } = useLiveCluster();
  const [types, setTypes] = useState<string[]>([]);
  const [since, setSince] = useState("");
  const [until, setUntil] = useState("");
  const query = new URLSearchParams({ limit: String(PAGE) });
  if (types.length > 0) query.set("type", types.join(","));
  const sinceIso = isoOrNull(since);
  const untilIso = isoOrNull(until);
  if (sinceIso) query.set("since", sinceIso);
  if (untilIso) query.set("until", untilIso);
  const history = useInfiniteQuery({
    queryKey: queryKeys.eventHistory(clusterId, query.toString()),
    queryFn: ({ pageParam }) =>
      fetchJson<{ events: ClusterEventView[] }>(
        `/api/clusters/${clusterId}/events?${query.toString()}${pageParam ? `&before=${pageParam}` : ""}`,
      ),
    initialPageParam: 0,
    getNextPageParam: (last) => (last.events.length === PAGE ? last.events.at(-1)?.id : undefined),
  });
  const events = history.data?.pages.flatMap((page) => page.events) ?? [];
  const toggle = (type: string) =>
    setTypes((current) => (current.includes(type) ? current.filter((t) => t !== type) : [...current, type]));
  return (
    <section aria-label="Event history" className="rounded-lg border border-slate-200 bg-white">
      <header className="space-y-2 border-b border-slate-100 px-4 py-3">
        <h2 className="text-sm font-semibold">History</h2>
        <fieldset className="flex flex-wrap gap-x-3 gap-y-1 text-xs">
          <legend className="sr-only">Event types</legend>
          {EVENT_TYPES.map((type) => (
            <label key={type} className="inline-flex items-center gap-1 font-mono">
              <input type="checkbox" checked={types.includes(type)} onChange={() => toggle(type)} />
              {type}
            </label>
          ))}
        </fieldset>
        <div className="flex flex-wrap items-center gap-3 text-xs">
          <label className="inline-flex items-center gap-1">
            From{" "}
            <input
              type="datetime-local"
              value={since}
              onChange={(e) => setSince(e.target.value)}
              className="rounded border border-slate-300 px-1"
            />
          </label>
          <label className="inline-flex items-center gap-1">
            to{" "}
            <input
              type="datetime-local"
              value={until}
              onChange={(e) => setUntil(e.target.value)}
              className="rounded border border-slate-300 px-1"
            />
          </label>
          <span className="text-slate-500">(your local time)</span>
          {(types.length > 0 || since || until) && (
            <button
              type="button"
              className="text-slate-600 underline"
              onClick={() => {
                setTypes([]);
                setSince("");
                setUntil("");
              }}
            >
              clear filters
            </button>
          )}
        </div>
      </header>
      {history.error && <p className="px-4 py-3 text-sm text-bad">Could not load events: {history.error.message}</p>}
      {history.isPending ? (
        <p className="px-4 py-3 text-sm text-slate-500">Loading…</p>
      ) : events.length === 0 ? (
        <p className="px-4 py-3 text-sm text-slate-600">No events match.</p>
      ) : (
        <EventRows events={events} />
      )}
      {history.hasNextPage && (
        <div className="border-t border-slate-100 px-4 py-2">
          <button
            type="button"
            onClick={() => void history.fetchNextPage()}
            disabled={history.isFetchingNextPage}
            className="text-sm text-slate-700 underline"
          >
            {history.isFetchingNextPage ? "Loading…" : `Older events`}
          </button>
        </div>
      )}
    </section>
  );
}
