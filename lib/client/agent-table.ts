// Filtering, sorting and windowing of the agents table (pure, browser-safe): with 10,000 agents only the rows in
// view are rendered.
import type { AgentRow, AgentStatus } from "@/lib/mesos/agents";

export type AgentSortKey = "hostname" | "state" | "cpus" | "mem" | "disk" | "gpus" | "registeredAt";

export interface AgentQuery {
  text: string;
  status: AgentStatus | "all";
  sort: AgentSortKey;
  descending: boolean;
}

/** Case-insensitive match on hostname, id, state, and attributes as `key:value` or value alone. */
export function matchesAgent(row: AgentRow, text: string): boolean {
  const needle = text.trim().toLowerCase();
  if (needle === "") return true;
  if (
    row.hostname.toLowerCase().includes(needle) ||
    row.id.toLowerCase().includes(needle) ||
    row.state.toLowerCase().includes(needle)
  )
    return true;
  return Object.entries(row.attributes).some(([key, value]) => `${key}:${value}`.toLowerCase().includes(needle));
}

function sortValue(row: AgentRow, key: AgentSortKey): string | number {
  switch (key) {
    case "hostname":
      return row.hostname;
    case "state":
      return row.state;
    case "registeredAt":
      return row.registeredAt ?? "";
    default:
      return row.total[key] > 0 ? row.allocated[key] / row.total[key] : -1;
  }
}

export function selectAgents(rows: readonly AgentRow[], query: AgentQuery): AgentRow[] {
  const filtered = rows.filter(
    (row) => (query.status === "all" || row.status === query.status) && matchesAgent(row, query.text),
  );
  const direction = query.descending ? -1 : 1;
  return filtered.sort((a, b) => {
    const x = sortValue(a, query.sort);
    const y = sortValue(b, query.sort);
    const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    return order !== 0 ? order * direction : a.hostname.localeCompare(b.hostname);
  });
}

/** The rows to render for a scroll position: [start, end) with `overscan` rows above and below the view. */
export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  count: number,
  overscan = 8,
): { start: number; end: number } {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(viewportHeight / rowHeight) + 1;
  const end = Math.min(count, first + visible + overscan);
  return { start: Math.min(end, Math.max(0, first - overscan)), end };
}
