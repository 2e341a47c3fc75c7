import "server-only";
// Plain HTTP to a Mesos master, with the limits every request needs: a deadline, a cap on the body size, optional basic
// auth, and no automatic redirects (a 307 from a master is information: "I am not the leader",
// docs/mesos/http.md#the-redirect-endpoint).
import { capText } from "@/lib/shared/text";

export type MasterHttpErrorKind = "refused" | "timeout" | "too_large" | "network" | "status" | "invalid";

/**
 * A failed request to a master. `message` is what viewers may see: short, and never a quote of the master's answer;
 * `detail` (capped) is for the server log only, e.g. the beginning of a body that is not JSON.
 */
export class MasterHttpError extends Error {
  constructor(
    readonly kind: MasterHttpErrorKind,
    message: string,
    readonly status?: number,
    readonly detail?: string,
  ) {
    super(capText(message));
    this.name = "MasterHttpError";
  }
}

export interface HttpCredentials {
  username: string;
  password: string;
}

export interface MasterRequestOptions {
  auth?: HttpCredentials | null;
  timeoutMs: number;
  maxBytes: number;
}

export interface MasterResponse {
  status: number;
  location: string | null;
  body: string;
  bytes: number;
}

export function describeNetworkError(error: unknown, url: string, timeoutMs: number): MasterHttpError {
  if (error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return new MasterHttpError("timeout", `${url} did not answer within ${timeoutMs} ms`);
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === "ECONNREFUSED") return new MasterHttpError("refused", `${url} refused the connection`);
  if (cause?.code === "UND_ERR_HEADERS_TIMEOUT" || cause?.code === "UND_ERR_BODY_TIMEOUT") {
    return new MasterHttpError("timeout", `${url} did not answer within ${timeoutMs} ms`);
  }
  if (cause?.message === "bad port") {
    // Reachable only for masters found in ZooKeeper: a static definition naming such a port is refused at once.
    return new MasterHttpError(
      "network",
      `${url}: port ${new URL(url).port} is on the Fetch standard's list of blocked ports, which Node's fetch refuses to contact`,
    );
  }
  return new MasterHttpError("network", `${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
}

/** A body read whole, refused (MasterHttpError "too_large") once it declares or sends more than `maxBytes`. */
export async function readCappedBytes(response: Response, url: string, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get("content-length") ?? "NaN");
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new MasterHttpError("too_large", `${url} sent ${declared} bytes, more than the ${maxBytes}-byte limit`);
  }
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel();
      throw new MasterHttpError("too_large", `${url} sent more than the ${maxBytes}-byte limit`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

async function readCapped(response: Response, url: string, maxBytes: number): Promise<{ body: string; bytes: number }> {
  const data = await readCappedBytes(response, url, maxBytes);
  return { body: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("utf8"), bytes: data.byteLength };
}

/**
 * One GET to `baseUrl + path`. Network failures, timeouts and oversized bodies throw MasterHttpError; any status
 * returns.
 */
export async function requestMaster(
  baseUrl: string,
  path: string,
  options: MasterRequestOptions,
): Promise<MasterResponse> {
  const url = `${baseUrl}${path}`;
  const signal = AbortSignal.timeout(options.timeoutMs);
  const headers: Record<string, string> = { Accept: "application/json" };
  if (options.auth)
    headers.Authorization = `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString("base64")}`;
  try {
    const response = await fetch(url, { headers, redirect: "manual", signal, cache: "no-store" });
    const { body, bytes } = await readCapped(response, url, options.maxBytes);
    return { status: response.status, location: response.headers.get("location"), body, bytes };
  } catch (error) {
    if (error instanceof MasterHttpError) throw error;
    throw describeNetworkError(error, url, options.timeoutMs);
  }
}

/**
 * Parses a body as JSON, or throws MasterHttpError("invalid") naming the URL and the body's length only: the body
 * itself is a master's to choose, so its beginning goes to `detail` (the server log), never to viewers.
 */
export function parseJsonBody(body: string, url: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new MasterHttpError(
      "invalid",
      `${url} did not send JSON (${body.length} characters)`,
      undefined,
      bodyDetail(body),
    );
  }
}

/** The beginning of a master's answer, quoted and capped, for the server log. */
export function bodyDetail(body: string): string {
  return `the answer starts ${capText(JSON.stringify(body.slice(0, 200)), 240)}`;
}

/**
 * A master's base URL from a redirect's `Location`: protocol-relative `//host:port/...` (≥0.24) or absolute
 * `http://host:port` (≤0.23), docs/mesos/http.md#the-redirect-endpoint. Null when it is neither.
 */
export function baseUrlFromLocation(location: string): string | null {
  try {
    const url = new URL(location.startsWith("//") ? `http:${location}` : location);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    return url.origin;
  } catch {
    return null;
  }
}

/** `http://ip:port` from a libprocess PID (`master@10.0.0.1:5050`), or null. */
export function baseUrlFromPid(pid: string): string | null {
  const match = /^[^@]+@([^:]+):(\d+)$/.exec(pid);
  return match ? `http://${match[1]}:${match[2]}` : null;
}
