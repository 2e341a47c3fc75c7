"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { memo, useDeferredValue, useRef, useState } from "react";
import { pageWindow, visibleRange } from "@/lib/client/agent-table";
import { type AgentPage, type AgentQuery, type AgentSortKey, agentPageSearch } from "@/lib/mesos/agent-query";
import { fetchJson } from "@/lib/client/fetch-json";
import { queryKeys } from "@/lib/client/query-keys";
import { formatCount, formatMegabytes, formatUtc } from "@/lib/client/format";
import type { AgentRow } from "@/lib/mesos/agents";
import { useLiveCluster } from "@/components/live/cluster-stream";

const ROW_HEIGHT = 36;
/** Rows per page asked of the server; a request covers two pages around the rows in view. */
const PAGE_ROWS = 100;
const VIEWPORT = 600;
/** How often the rows are asked for again while the leader's state is not read yet or the last request failed. */
const UNREAD_REFETCH_MS = 2_000;
const GRID =
  "grid grid-cols-[minmax(12rem,1.4fr)_7rem_repeat(4,minmax(6rem,1fr))_minmax(10rem,1.4fr)_10rem] items-center gap-2 px-3";
const RESOURCES: { key: "cpus" | "gpus" | "mem" | "disk"; label: string }[] = [
  { key: "cpus", label: "CPUs" },
  { key: "gpus", label: "GPUs" },
  { key: "mem", label: "Mem" },
  { key: "disk", label: "Disk" },
];

function Allocation({
  allocated,
  total,
  kind,
}: {
  allocated: number;
  total: number;
  kind: "cpus" | "gpus" | "mem" | "disk";
}) {
  const format = kind === "mem" || kind === "disk" ? formatMegabytes : formatCount;
  const pct = total > 0 ? Math.min(100, (allocated / total) * 100) : 0;
  return (
    <div className="text-xs tabular-nums">
      {total === 0 ? (
        <span className="text-slate-400">—</span>
      ) : (
        <>
          {format(allocated)} / {format(total)}
        </>
      )}
      {total > 0 && (
        <div className="mt-0.5 h-1 rounded bg-slate-100">
          <div className="h-1 rounded bg-slate-700" style={{ width: `${pct}%` }} />
        </div>
      )}
    </div>
  );
}

// Memoised: a refetch that leaves an agent unchanged keeps its object (TanStack's structural sharing), so its row
// does not render again.
const Row = memo(function Row({ agent, top }: { agent: AgentRow; top: number }) {
  const attributes = Object.entries(agent.attributes)
    .map(([k, v]) => `${k}:${v}`)
    .join(" ");
  return (
    <div
      role="row"
      data-testid="agent-row"
      data-agent={agent.id}
      className={`${GRID} absolute inset-x-0 border-b border-slate-100 text-sm`}
      style={{ top, height: ROW_HEIGHT }}
    >
      <span role="cell" className="truncate font-mono text-xs" title={agent.id}>
        {agent.hostname}
      </span>
      <span
        role="cell"
        className={`text-xs ${agent.status === "active" ? "text-ok" : agent.status === "recovered" ? "text-warn" : "text-bad"}`}
      >
        {agent.state}
      </span>
      {RESOURCES.map((r) => (
        <span role="cell" key={r.key}>
          <Allocation allocated={agent.allocated[r.key]} total={agent.total[r.key]} kind={r.key} />
        </span>
      ))}
      <span role="cell" className="truncate font-mono text-[11px] text-slate-500" title={attributes}>
        {attributes || "—"}
      </span>
      <span role="cell" className="text-xs text-slate-500">
        {agent.registeredAt ? formatUtc(agent.registeredAt).slice(0, 19) : "—"}
      </span>
    </div>
  );
});

/** A row whose agent is not loaded yet (scrolled into view faster than its page arrived). */
function PendingRow({ top }: { top: number }) {
  return (
    <div
      role="row"
      data-testid="agent-row-pending"
      className={`${GRID} absolute inset-x-0 border-b border-slate-100 text-sm text-slate-300`}
      style={{ top, height: ROW_HEIGHT }}
    >
      <span role="cell">…</span>
    </div>
  );
}

/**
 * Every agent, sortable and filterable. The server filters and sorts; the browser asks only for a page around the
 * rows in view and renders only those, and reads the page again when the leader's state changes (cluster-stream.tsx).
 */
export function AgentsTable() {
  const { clusterId, state } = useLiveCluster();
  const [query, setQuery] = useState<AgentQuery>({ text: "", status: "all", sort: "hostname", descending: false });
  const deferredQuery = useDeferredValue(query);
  const [scrollTop, setScrollTop] = useState(0);
  const viewport = useRef<HTMLDivElement>(null);
  // The page depends only on the scroll position; the rows to render are then bounded by what matched.
  const wanted = visibleRange(scrollTop, VIEWPORT, ROW_HEIGHT, Number.MAX_SAFE_INTEGER);
  const search = agentPageSearch({ ...deferredQuery, ...pageWindow(wanted.start, wanted.end, PAGE_ROWS) });
  const { data, error } = useQuery({
    queryKey: queryKeys.agentPage(clusterId, search),
    queryFn: () => fetchJson<AgentPage>(`/api/clusters/${clusterId}/agents?${search}`),
    placeholderData: keepPreviousData,
    // The stream says when the leader's state was read again; before the first read, or after a failed request, the
    // page also asks by itself, so it never waits on a stream that is down.
    refetchInterval: (query) =>
      query.state.status === "error" || query.state.data?.agents === null ? UNREAD_REFETCH_MS : false,
  });
  const matched = data?.matched ?? 0;
  const { start, end } = visibleRange(scrollTop, VIEWPORT, ROW_HEIGHT, matched);
  const changeQuery = (change: (q: AgentQuery) => AgentQuery) => {
    setQuery(change);
    // Another selection starts at its top.
    setScrollTop(0);
    if (viewport.current) viewport.current.scrollTop = 0;
  };
  const sortBy = (sort: AgentSortKey) =>
    changeQuery((q) => ({ ...q, sort, descending: q.sort === sort ? !q.descending : false }));
  const header = (key: AgentSortKey, label: string) => (
    <button
      type="button"
      role="columnheader"
      aria-sort={query.sort === key ? (query.descending ? "descending" : "ascending") : "none"}
      onClick={() => sortBy(key)}
      className="text-left font-medium hover:text-slate-900"
    >
      {label}
      {query.sort === key ? (query.descending ? " ↓" : " ↑") : ""}
    </button>
  );

  return (
    <section aria-label="Agents" className="rounded-lg border border-slate-200 bg-white">
      <header className="flex flex-wrap items-center gap-3 border-b border-slate-100 px-4 py-2">
        <h2 className="text-sm font-semibold">Agents</h2>
        <input
          type="search"
          placeholder="Filter: hostname, id, state, attribute (rack:r1)"
          aria-label="Filter agents"
          value={query.text}
          onChange={(e) => changeQuery((q) => ({ ...q, text: e.target.value }))}
          className="w-80 rounded-md border border-slate-300 px-2 py-1 text-sm"
        />
        <select
          aria-label="State"
          value={query.status}
          onChange={(e) => changeQuery((q) => ({ ...q, status: e.target.value as AgentQuery["status"] }))}
          className="rounded-md border border-slate-300 px-2 py-1 text-sm"
        >
          <option value="all">all states</option>
          <option value="active">active</option>
          <option value="deactivated">deactivated</option>
          <option value="draining">draining</option>
          <option value="drained">drained</option>
          <option value="recovered">recovered (not re-registered)</option>
        </select>
        <span
          className="ml-auto text-xs text-slate-500"
          data-testid="agents-count"
          data-shown={matched}
          data-total={data?.total ?? 0}
        >
          {data?.agents ? `${formatCount(matched)} of ${formatCount(data.total)} agents` : ""}
          {data?.readAt ? ` · read ${formatUtc(data.readAt)}` : ""}
        </span>
      </header>
      {error && <p className="px-4 py-3 text-sm text-bad">Could not load the agents: {error.message}</p>}
      {data && data.agents === null && (
        <p className="px-4 py-3 text-sm text-slate-600">
          The leader&apos;s state has not been read yet{state?.poll.error ? `: ${state.poll.error}` : "."}
        </p>
      )}
      {data?.agents && (
        <div role="table" aria-rowcount={matched}>
          <div
            role="row"
            className={`${GRID} border-b border-slate-200 bg-slate-50 py-2 text-xs uppercase tracking-wide text-slate-500`}
          >
            {header("hostname", "Hostname")}
            {header("state", "State")}
            {RESOURCES.map((r) => (
              <span key={r.key}>{header(r.key, `${r.label} alloc.`)}</span>
            ))}
            <span role="columnheader" className="font-medium">
              Attributes
            </span>
            {header("registeredAt", "Registered")}
          </div>
          <div
            data-testid="agents-viewport"
            className="relative overflow-y-auto"
            ref={viewport}
            style={{ height: Math.min(VIEWPORT, Math.max(ROW_HEIGHT, matched * ROW_HEIGHT)) }}
            onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
          >
            <div style={{ height: matched * ROW_HEIGHT }} className="relative">
              {Array.from({ length: end - start }, (_, i) => {
                const index = start + i;
                const agent = data.agents?.[index - data.offset];
                return agent ? (
                  <Row key={agent.id} agent={agent} top={index * ROW_HEIGHT} />
                ) : (
                  <PendingRow key={`pending-${index}`} top={index * ROW_HEIGHT} />
                );
              })}
            </div>
          </div>
          {matched === 0 && <p className="px-4 py-3 text-sm text-slate-600">No agent matches.</p>}
        </div>
      )}
    </section>
  );
}
