// fetch for the API: the JSON body, or an Error carrying the API's own message.
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
}

export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, headers: { Accept: "application/json", ...init?.headers } });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiRequestError(response.status, "invalid_response", `the server answered ${response.status} with a body that is not JSON`);
  }
  if (!response.ok) {
    const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    throw new ApiRequestError(response.status, typeof error?.code === "string" ? error.code : "http_error", typeof error?.message === "string" ? error.message : `HTTP ${response.status}`);
  }
  return body as T;
}
