import "server-only";
// The master's v1 operator API over HTTP (docs/mesos/http.md#operator-api-v1): `POST /api/v1` with a JSON call. Two uses:
// one call answered with one body (`GET_METRICS`, `GET_AGENTS`…), and `SUBSCRIBE`, whose answer is a stream that
// lasts as long as the master leads. Answers that are not the call's are information, not failures: 307 says "I am
// not the leader" (protocol-relative Location), 503 "no leader elected" or "not finished recovery" says "retry later",
// and 401/403/404/405/406/415 say "this master will not stream to us": the dashboard then polls its state instead.
import { capText } from "@/lib/shared/text";
import {
  MasterHttpError,
  type HttpCredentials,
  baseUrlFromLocation,
  bodyDetail,
  describeNetworkError,
  readCappedBytes,
} from "./master-http";
import { countMasterTraffic } from "./traffic";

export type V1Encoding = "json" | "protobuf";

const MEDIA_TYPE: Record<V1Encoding, string> = { json: "application/json", protobuf: "application/x-protobuf" };

/** Statuses that say this master offers no v1 API to us: polling is the way to read it. */
const REFUSING_STATUSES = new Set([401, 403, 404, 405, 406, 415]);

/** An answer that is not the call's. */
export type V1Detour =
  /** A standby pointing at the leader (307); null when its Location does not parse. */
  | { kind: "redirect"; url: string; leaderUrl: string | null }
  /** 503: no leader elected, or a new leader still recovering; `message` is ours, the body goes to `detail`. */
  | { kind: "unavailable"; url: string; message: string; detail?: string }
  /** This master will not serve the v1 API to the dashboard (too old, credentials refused, media type refused). */
  | { kind: "refused"; url: string; status: number; message: string; detail?: string };

export interface V1RequestOptions {
  auth: HttpCredentials | null;
  /** Until the answer's headers arrive (and, for a call, its whole body). */
  timeoutMs: number;
  encoding: V1Encoding;
}

export interface V1CallOptions extends V1RequestOptions {
  maxBytes: number;
}

export type V1CallAnswer =
  /** `bytesOnWire`: what the master sent, before the gzip it may have applied is undone. */
  { kind: "ok"; url: string; body: Uint8Array; encoding: V1Encoding; bytesOnWire: number } | V1Detour;

/** Where a stream's bytes go. Called in order; `onEnd` exactly once, with null when the master closed it cleanly. */
export interface V1StreamSink {
  onChunk(chunk: Uint8Array): void;
  onEnd(error: MasterHttpError | null): void;
}

export type V1SubscribeAnswer =
  | { kind: "open"; url: string; encoding: V1Encoding; close(): void }
  /** The master answered 200 with another media type than asked for: a proxy or something that is not a master. */
  | V1Detour;

function headers(options: V1RequestOptions): Record<string, string> {
  const result: Record<string, string> = {
    "Content-Type": "application/json",
    Accept: MEDIA_TYPE[options.encoding],
  };
  if (options.auth) {
    const pair = `${options.auth.username}:${options.auth.password}`;
    result.Authorization = `Basic ${Buffer.from(pair).toString("base64")}`;
  }
  return result;
}

async function shortBody(response: Response): Promise<string> {
  try {
    const text = await response.text();
    return text.slice(0, 2_000);
  } catch {
    return "";
  }
}

async function detour(response: Response, url: string): Promise<V1Detour | null> {
  const { status } = response;
  if (status === 307 || status === 302) {
    await response.body?.cancel();
    const location = response.headers.get("location");
    return { kind: "redirect", url, leaderUrl: location ? baseUrlFromLocation(location) : null };
  }
  if (status === 503) {
    const body = (await shortBody(response)).trim();
    const recovering = /recovery/i.test(body);
    return {
      kind: "unavailable",
      url,
      message: recovering
        ? "HTTP 503: this master was just elected and has not finished recovery"
        : "HTTP 503: this master knows no leader",
      ...(body ? { detail: bodyDetail(body) } : {}),
    };
  }
  if (REFUSING_STATUSES.has(status)) {
    const body = (await shortBody(response)).trim();
    const why =
      status === 401 || status === 403
        ? "refused the dashboard's credentials for the v1 operator API (the read-write realm)"
        : status === 404
          ? "has no v1 operator API (Mesos before 1.0)"
          : "refused the v1 operator API request";
    return {
      kind: "refused",
      url,
      status,
      message: `${url} ${why} (HTTP ${status})`,
      ...(body ? { detail: bodyDetail(body) } : {}),
    };
  }
  return null;
}

/** An answer that is neither the call's nor a known detour: the status, with the body's beginning for the log. */
async function unexpectedStatus(response: Response, url: string): Promise<MasterHttpError> {
  const body = await shortBody(response);
  return new MasterHttpError(
    "status",
    `${url} answered HTTP ${response.status}`,
    response.status,
    body ? bodyDetail(body) : undefined,
  );
}

function mediaTypeOf(response: Response): string {
  return (response.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

/**
 * The length of a compressed body as sent: fetch hands over the body inflated, so a gzipped answer's size on the wire
 * is its Content-Length (which libprocess sets to the compressed size); null for a body sent as it is.
 */
function wireLength(response: Response): number | null {
  if (!response.headers.get("content-encoding")) return null;
  const declared = Number(response.headers.get("content-length") ?? "NaN");
  return Number.isSafeInteger(declared) && declared >= 0 ? declared : null;
}

/** Sends `call` and returns the raw answer, capped at `maxBytes`. Transport failures throw MasterHttpError. */
export async function v1Call(baseUrl: string, call: object, options: V1CallOptions): Promise<V1CallAnswer> {
  const url = `${baseUrl}/api/v1`;
  countMasterTraffic(0, 1);
  try {
    const response = await fetch(url, {
      method: "POST",
      // A master gzips a whole body of 1 KiB or more when asked (libprocess encoder.hpp): a 10,000-agent GET_STATE
      // shrinks several times over, and the cap below applies to the body once inflated.
      headers: { ...headers(options), "Accept-Encoding": "gzip" },
      body: JSON.stringify(call),
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs),
      cache: "no-store",
    });
    const other = await detour(response, url);
    if (other) return other;
    if (response.status !== 200) throw await unexpectedStatus(response, url);
    const body = await readCappedBytes(response, url, options.maxBytes);
    const bytesOnWire = wireLength(response) ?? body.byteLength;
    countMasterTraffic(bytesOnWire, 0);
    const encoding: V1Encoding = mediaTypeOf(response) === MEDIA_TYPE.protobuf ? "protobuf" : "json";
    return { kind: "ok", url, body, encoding, bytesOnWire };
  } catch (error) {
    if (error instanceof MasterHttpError) throw error;
    throw describeNetworkError(error, url, options.timeoutMs);
  }
}

/**
 * Opens `SUBSCRIBE` on `baseUrl`. On 200 the body is read as fast as it arrives and handed to `sink` chunk by chunk
 * (a subscriber that stops reading makes a real master buffer without bound, MESOS-7748); the caller frames and
 * decodes. The timeout covers only the wait for the answer's headers: the stream itself may stay open for days.
 */
export async function v1Subscribe(
  baseUrl: string,
  options: V1RequestOptions,
  sink: V1StreamSink,
): Promise<V1SubscribeAnswer> {
  const url = `${baseUrl}/api/v1`;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException("timed out", "TimeoutError")), options.timeoutMs);
  countMasterTraffic(0, 1);
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: headers(options),
      body: JSON.stringify({ type: "SUBSCRIBE" }),
      redirect: "manual",
      signal: controller.signal,
      cache: "no-store",
    });
  } catch (error) {
    throw describeNetworkError(error, url, options.timeoutMs);
  } finally {
    clearTimeout(timer);
  }
  const other = await detour(response, url);
  if (other) return other;
  if (response.status !== 200) throw await unexpectedStatus(response, url);
  const mediaType = mediaTypeOf(response);
  if (mediaType !== MEDIA_TYPE[options.encoding]) {
    await response.body?.cancel();
    throw new MasterHttpError(
      "invalid",
      `${url} answered SUBSCRIBE with ${capText(JSON.stringify(mediaType), 80)}, not ${MEDIA_TYPE[options.encoding]}`,
    );
  }
  const reader = response.body?.getReader();
  if (!reader) throw new MasterHttpError("invalid", `${url} answered SUBSCRIBE without a body`);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    controller.abort();
    void reader.cancel().catch(() => undefined);
  };
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (closed) return;
        countMasterTraffic(value.byteLength, 0);
        sink.onChunk(value);
      }
      if (!closed) sink.onEnd(null);
    } catch (error) {
      if (!closed) sink.onEnd(describeNetworkError(error, url, options.timeoutMs));
    }
    closed = true;
  })();
  return { kind: "open", url, encoding: options.encoding, close };
}
