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

export function errorResponse(error: unknown): Response {
  if (error instanceof ApiError) {
    return Response.json({ error: { code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) } }, { status: error.status });
  }
  console.error("[api] unexpected error", error);
  return Response.json({ error: { code: "internal", message: "internal error; see the server log" } }, { status: 500 });
}
