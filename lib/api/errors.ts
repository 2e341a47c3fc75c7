import "server-only";
import { type ErrorKind, isDomainError } from "@/lib/server/errors";

/** The one table from what went wrong to the HTTP status the API answers with. */
export const HTTP_STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
};

/**
 * What only HTTP can get wrong (a body too large, of the wrong media type, not JSON): the one error that carries
 * its status itself. Everything else is a DomainError.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

function envelope(code: string, message: string, issues?: { path: string; message: string }[]): object {
  return { error: { code, message, ...(issues ? { issues } : {}) } };
}

/** Any thrown value as the API's error envelope `{ error: { code, message, issues? } }` with its status. */
export function errorResponse(error: unknown): Response {
  if (isDomainError(error)) {
    return Response.json(envelope(error.code, error.message, error.issues), { status: HTTP_STATUS[error.kind] });
  }
  if (error instanceof ApiError) return Response.json(envelope(error.code, error.message), { status: error.status });
  console.error("[api] unexpected error", error);
  return Response.json(envelope("internal", "internal error; see the server log"), { status: 500 });
}
