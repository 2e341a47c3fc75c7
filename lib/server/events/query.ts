// The query string of GET /api/clusters/:id/events, validated: a bad value is a 400 that names it.
import { z } from "zod";
import { DomainError, invalidInput } from "@/lib/server/errors";
import type { EventQuery } from "./store";
import { EVENT_TYPES } from "@/lib/shared/events";

const time = z.iso
  .datetime({ offset: true, error: "must be an ISO 8601 time such as 2026-11-22T10:00:00Z" })
  .transform((value) => new Date(value));

const querySchema = z.strictObject({
  limit: z.coerce
    .number({ error: "limit must be a number" })
    .int("limit must be a whole number")
    .min(1, "limit is at least 1")
    .max(500, "limit is at most 500")
    .default(50),
  before: z.coerce
    .number({ error: "before must be an event id" })
    .int("before must be an event id")
    .min(1, "before must be an event id")
    .optional(),
  type: z.array(z.enum(EVENT_TYPES, { error: `type must be one of ${EVENT_TYPES.join(", ")}` })).optional(),
  since: time.optional(),
  until: time.optional(),
});

/** Parses `limit`, `before`, `type` (repeated or comma-separated), `since` and `until`. */
export function parseEventQuery(params: URLSearchParams): EventQuery {
  const raw: Record<string, unknown> = {};
  for (const key of new Set(params.keys())) {
    if (key === "type")
      raw.type = params
        .getAll("type")
        .flatMap((value) => value.split(","))
        .map((value) => value.trim())
        .filter(Boolean);
    else if (params.getAll(key).length > 1)
      throw new DomainError("invalid", "invalid_query", `${key} may be given once`);
    else raw[key] = params.get(key);
  }
  const parsed = querySchema.safeParse(raw);
  if (!parsed.success) throw invalidInput(parsed.error);
  const { limit, before, type, since, until } = parsed.data;
  return { limit, before, types: type, since, until };
}
