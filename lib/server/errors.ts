import type { z } from "zod";

// The domain's errors: what went wrong, as a kind and a stable code, never as an HTTP status. lib/api maps the kind
// to a status in one table (lib/api/errors.ts); other callers (the collector, scripts) read the kind.

export const ERROR_KINDS = [
  "invalid",
  "unauthenticated",
  "forbidden",
  "not_found",
  "conflict",
  "rate_limited",
  "unavailable",
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface IssueDetail {
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    /** Stable and specific (`name_taken`, `guard_refused`): what API callers branch on. */
    readonly code: string,
    message: string,
    readonly issues?: IssueDetail[],
  ) {
    super(message);
    this.name = "DomainError";
  }
}

/** A failed validation as an `invalid` error, naming every field that failed. */
export function invalidInput(error: z.ZodError): DomainError {
  const issues = error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
  const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
  return new DomainError("invalid", "invalid_input", summary || "invalid input", issues);
}

/**
 * Next bundles instrumentation and each route separately, so an error thrown by the process-wide control plane
 * (created from the instrumentation bundle) is an instance of another copy of this class: recognise it by shape.
 */
export function isDomainError(error: unknown): error is DomainError {
  if (error instanceof DomainError) return true;
  const e = error as { name?: unknown; kind?: unknown; code?: unknown } | null;
  return (
    error instanceof Error &&
    e?.name === "DomainError" &&
    typeof e.code === "string" &&
    (ERROR_KINDS as readonly unknown[]).includes(e.kind)
  );
}
