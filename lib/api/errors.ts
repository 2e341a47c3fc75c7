import "server-only";
import type { z } from "zod";

/** An error the API reports to its caller as `{ error: { code, message, issues? } }` with `status`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export function validationError(error: z.ZodError): ApiError {
  const issues = error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
  const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
  return new ApiError(400, "invalid_input", summary || "invalid input", issues);
}

/**
 * Next bundles instrumentation and each route separately, so an ApiError thrown by the process-wide control plane
 * (created from the instrumentation bundle) is an instance of another copy of this class: recognise it by shape.
 */
export function isApiError(error: unknown): error is ApiError {
  if (error instanceof ApiError) return true;
  const e = error as { name?: unknown; status?: unknown; code?: unknown } | null;
  return error instanceof Error && e?.name === "ApiError" && typeof e.status === "number" && typeof e.code === "string";
}

export function errorResponse(error: unknown): Response {
  if (isApiError(error)) {
    return Response.json(
      { error: { code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) } },
      { status: error.status },
    );
  }
  console.error("[api] unexpected error", error);
  return Response.json({ error: { code: "internal", message: "internal error; see the server log" } }, { status: 500 });
}
