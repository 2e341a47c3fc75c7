// The agents page's question, asked of the server (pure, browser-safe): a filter, a sort and a window of rows. The
// server filters and sorts every agent and sends only the window, so a 10,000-agent cluster costs the browser a page
// of rows, not the whole list, on open and on every change (docs/monitor-and-events.md#the-agents-page).
import { z } from "zod";
import type { AgentRow, AgentStatus } from "./agents";

export const AGENT_SORT_KEYS = ["hostname", "state", "cpus", "mem", "disk", "gpus", "registeredAt"] as const;
export type AgentSortKey = (typeof AGENT_SORT_KEYS)[number];
export const AGENT_STATUS_FILTERS = ["all", "active", "deactivated", "draining", "drained", "recovered"] as const;
/** The most rows one answer carries. */
export const MAX_AGENT_PAGE = 500;
const MAX_TEXT = 200;

export interface AgentQuery {
  text: string;
  status: AgentStatus | "all";
  sort: AgentSortKey;
  descending: boolean;
}

/** A window of the selected agents: rows [offset, offset + limit). */
export interface AgentPageRequest extends AgentQuery {
  offset: number;
  limit: number;
}

/** The answer: the window's rows, how many agents match and how many there are; `agents: null` before a read. */
export interface AgentPage {
  agents: AgentRow[] | null;
  offset: number;
  matched: number;
  total: number;
  readAt: string | null;
  source: string | null;
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

/** The agents `query` selects, in its order (ties by hostname, then id, so that windows never overlap or skip). */
export function selectAgents(rows: readonly AgentRow[], query: AgentQuery): AgentRow[] {
  const filtered = rows.filter(
    (row) => (query.status === "all" || row.status === query.status) && matchesAgent(row, query.text),
  );
  const direction = query.descending ? -1 : 1;
  return filtered.sort((a, b) => {
    const x = sortValue(a, query.sort);
    const y = sortValue(b, query.sort);
    const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    if (order !== 0) return order * direction;
    return a.hostname.localeCompare(b.hostname) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
}

/** The query string of a page request, in a fixed order (it is also the cache key on both sides). */
export function agentPageSearch(request: AgentPageRequest): string {
  const params = new URLSearchParams({
    offset: String(request.offset),
    limit: String(request.limit),
    sort: request.sort,
    desc: request.descending ? "1" : "0",
    status: request.status,
  });
  if (request.text !== "") params.set("q", request.text);
  return params.toString();
}

const pageSchema = z.strictObject({
  offset: z.coerce
    .number({ error: "offset must be a number" })
    .int("offset must be a whole number")
    .min(0, "offset is at least 0")
    .max(10_000_000, "offset is at most 10000000")
    .default(0),
  limit: z.coerce
    .number({ error: "limit must be a number" })
    .int("limit must be a whole number")
    .min(1, "limit is at least 1")
    .max(MAX_AGENT_PAGE, `limit is at most ${MAX_AGENT_PAGE}`)
    .default(100),
  q: z.string().max(MAX_TEXT, `q is at most ${MAX_TEXT} characters`).default(""),
  status: z
    .enum(AGENT_STATUS_FILTERS, { error: `status must be one of ${AGENT_STATUS_FILTERS.join(", ")}` })
    .default("all"),
  sort: z.enum(AGENT_SORT_KEYS, { error: `sort must be one of ${AGENT_SORT_KEYS.join(", ")}` }).default("hostname"),
  desc: z.enum(["0", "1"], { error: "desc must be 0 or 1" }).default("0"),
});

/** Parses a page request's query string; each parameter at most once. */
export function parseAgentPageRequest(
  params: URLSearchParams,
): { ok: true; value: AgentPageRequest } | { ok: false; error: z.ZodError | string } {
  const raw: Record<string, string> = {};
  for (const key of new Set(params.keys())) {
    if (params.getAll(key).length > 1) return { ok: false, error: `${key} may be given once` };
    raw[key] = params.get(key) ?? "";
  }
  const parsed = pageSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: parsed.error };
  const { offset, limit, q, status, sort, desc } = parsed.data;
  return { ok: true, value: { offset, limit, text: q, status, sort, descending: desc === "1" } };
}

/** How many selections one list of agents keeps: a few viewers' filters and sorts, each computed once per list. */
const SELECTIONS_KEPT = 8;

/** The agents of one state read, with the selections asked of them so far (the newest few). */
export class AgentSelection {
  private readonly selections = new Map<string, AgentRow[]>();

  constructor(readonly rows: readonly AgentRow[]) {}

  page(request: AgentPageRequest): Pick<AgentPage, "agents" | "offset" | "matched" | "total"> {
    const key = JSON.stringify([request.text.trim().toLowerCase(), request.status, request.sort, request.descending]);
    let selected = this.selections.get(key);
    if (!selected) {
      selected = selectAgents(this.rows, request);
      if (this.selections.size >= SELECTIONS_KEPT) this.selections.delete(this.selections.keys().next().value ?? "");
    } else this.selections.delete(key); // kept newest: a Map iterates in insertion order
    this.selections.set(key, selected);
    return {
      agents: selected.slice(request.offset, request.offset + request.limit),
      offset: request.offset,
      matched: selected.length,
      total: this.rows.length,
    };
  }
}
