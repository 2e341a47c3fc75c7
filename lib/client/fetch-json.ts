// fetch for the API: the JSON body, or an Error carrying the API's own message.

/** One field the API refused, by its path in the request body (e.g. `controller.host`). */
export interface ApiIssue {
  path: string;
  message: string;
}

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Per-field problems of an invalid body, for forms that show them next to their fields. */
    readonly issues?: ApiIssue[],
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
}

/**
 * The session's CSRF token, which the signed-in layout puts in `<meta name="csrf-token">`; the server requires it
 * (with a same-origin Origin) on every state-changing request made with the session cookie.
 */
export function csrfHeaders(method: string | undefined): Record<string, string> {
  if (!method || ["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase()) || typeof document === "undefined")
    return {};
  const token = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content;
  return token ? { "X-CSRF-Token": token } : {};
}

/** The init of a request that sends `body` as JSON. */
export const jsonRequest = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(body),
});

export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, {
    ...init,
    headers: { Accept: "application/json", ...csrfHeaders(init?.method), ...init?.headers },
  });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiRequestError(
      response.status,
      "invalid_response",
      `the server answered ${response.status} with a body that is not JSON`,
    );
  }
  if (response.status === 401 && typeof window !== "undefined")
    window.location.href = new URL(
      `/login?next=${encodeURIComponent(window.location.pathname)}`,
      window.location.origin,
    ).href; // a full load: the session is gone
  if (!response.ok) {
    const error = (body as { error?: { code?: unknown; message?: unknown; issues?: unknown } } | null)?.error;
    throw new ApiRequestError(
      response.status,
      typeof error?.code === "string" ? error.code : "http_error",
      typeof error?.message === "string" ? error.message : `HTTP ${response.status}`,
      Array.isArray(error?.issues) ? (error.issues as ApiIssue[]) : undefined,
    );
  }
  return body as T;
}
