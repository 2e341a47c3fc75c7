import "server-only";
// Plain HTTP to a Mesos master, with the limits every request needs: a deadline, a cap on the body size, optional basic
// auth, and no automatic redirects (a 307 from a master is information: "I am not the leader",
// docs/mesos/http.md#the-redirect-endpoint).
//
// GETs go through node:http on kept-alive connections: the monitor probes the leader's /health twice a second, and
// fetch (undici) costs about five times the CPU of node:http per small request (measured on loopback: ~250 µs against
// ~50 µs). The v1 API's POSTs and the event stream use fetch (v1-http.ts); both count what they read in traffic.ts.
import http from "node:http";
import https from "node:https";
import net from "node:net";
import zlib from "node:zlib";
import { capText } from "@/lib/shared/text";
import { countMasterTraffic } from "./traffic";

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
  /** The body's cap, once inflated when it came gzipped. */
  maxBytes: number;
  /**
   * Ask for gzip, which a master applies to any whole body of 1 KiB or more (docs/mesos/http.md): worth it for what is
   * read often and compresses well, such as `/metrics/snapshot` every few seconds on every master.
   */
  acceptGzip?: boolean;
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

// One pool of kept-alive connections per scheme for the whole process: a handful of masters per cluster, each probed
// often, reuse one socket each instead of opening one per probe.
const agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 8, maxFreeSockets: 4 }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 8, maxFreeSockets: 4 }),
};

function nodeNetworkError(error: unknown, url: string): MasterHttpError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ECONNREFUSED") return new MasterHttpError("refused", `${url} refused the connection`);
  return new MasterHttpError("network", `${url}: ${code ?? (error as Error).message}`);
}

export interface HeldConnection {
  release(): void;
}

/**
 * A TCP connection to a master's port, held open with nothing sent on it: when the master's process dies its kernel
 * closes it, and `onClosed` runs at once (health-prober.ts). It also runs when the connection cannot be made, errs, or
 * the master closes it for its own reasons; never after `release()`.
 */
export function holdConnection(baseUrl: string, onClosed: () => void): HeldConnection {
  const url = new URL(baseUrl);
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1"); // an IPv6 literal comes bracketed
  const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
  const socket = net.connect({ host, port });
  let released = false;
  socket.on("error", () => undefined); // "close" follows
  socket.on("data", () => undefined); // nothing is asked, so nothing is expected: whatever comes is dropped
  socket.once("close", () => {
    if (!released) onClosed();
  });
  return {
    release: () => {
      released = true;
      socket.destroy();
    },
  };
}

/** How late a deadline may fire before it counts as this process's stall rather than the master's silence. */
const LATE_TIMER_MS = 100;

interface RawAnswer {
  status: number;
  location: string | null;
  data: Uint8Array;
}

function getOnce(
  url: URL,
  shown: string,
  options: MasterRequestOptions,
  deadline: number,
): Promise<RawAnswer & { reused: boolean }> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (options.acceptGzip) headers["Accept-Encoding"] = "gzip";
  if (options.auth)
    headers.Authorization = `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString("base64")}`;
  const client = url.protocol === "https:" ? https : http;
  const agent = url.protocol === "https:" ? agents["https:"] : agents["http:"];
  return new Promise((resolve, reject) => {
    let settled = false;
    const request = client.get(url, { agent, headers });
    const finish = (error: MasterHttpError | null, answer?: RawAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        request.destroy();
        reject(Object.assign(error, { reused: request.reusedSocket }));
      } else if (answer) {
        resolve({ ...answer, reused: request.reusedSocket });
      }
    };
    const timedOut = () =>
      finish(new MasterHttpError("timeout", `${shown} did not answer within ${options.timeoutMs} ms`));
    const delay = Math.max(0, deadline - Date.now());
    const armedAt = Date.now();
    // A deadline that fires late means this process's own event loop was blocked (a big SUBSCRIBED being folded): the
    // answer may be waiting unread in the socket. One more short turn lets it in before the master is judged.
    let timer = setTimeout(() => {
      if (Date.now() - armedAt - delay > LATE_TIMER_MS) timer = setTimeout(timedOut, LATE_TIMER_MS);
      else timedOut();
    }, delay);
    request.once("error", (error) => finish(nodeNetworkError(error, shown)));
    request.once("response", (response) => {
      const declared = Number(response.headers["content-length"] ?? "NaN");
      if (declared > options.maxBytes) {
        return finish(
          new MasterHttpError(
            "too_large",
            `${shown} sent ${declared} bytes, more than the ${options.maxBytes}-byte limit`,
          ),
        );
      }
      const chunks: Buffer[] = [];
      let bytes = 0;
      // Only what was asked for is undone: a gzip body nobody asked for stays as it came (and fails as JSON).
      const gunzip = options.acceptGzip && response.headers["content-encoding"] === "gzip" ? zlib.createGunzip() : null;
      const keep = (chunk: Buffer) => {
        bytes += chunk.byteLength;
        if (bytes > options.maxBytes) {
          gunzip?.destroy(); // a small gzip may inflate to far more: stop inflating at the cap
          finish(new MasterHttpError("too_large", `${shown} sent more than the ${options.maxBytes}-byte limit`));
        } else {
          chunks.push(chunk);
        }
      };
      const done = () => {
        const location = response.headers.location;
        finish(null, {
          status: response.statusCode ?? 0,
          location: typeof location === "string" ? location : null,
          data: Buffer.concat(chunks),
        });
      };
      if (gunzip) {
        gunzip.on("data", keep);
        gunzip.once("end", done);
        gunzip.on("error", () =>
          finish(new MasterHttpError("invalid", `${shown} sent a gzip body that does not inflate`)),
        );
      }
      response.on("data", (chunk: Buffer) => {
        countMasterTraffic(chunk.byteLength, 0);
        if (!gunzip) keep(chunk);
        else if (!gunzip.destroyed) gunzip.write(chunk);
      });
      response.once("error", (error) => finish(nodeNetworkError(error, shown)));
      response.once("aborted", () => finish(new MasterHttpError("network", `${shown}: the answer was cut short`)));
      response.once("end", () => (gunzip ? gunzip.destroyed || gunzip.end() : done()));
    });
  });
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
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new MasterHttpError("network", `${capText(url, 200)} is not a URL`);
  }
  const deadline = Date.now() + options.timeoutMs;
  countMasterTraffic(0, 1);
  let answer: RawAnswer;
  try {
    answer = await getOnce(parsed, url, options, deadline);
  } catch (error) {
    // A kept-alive connection the master closed while it sat idle fails at once on reuse; that says nothing about the
    // master, so the request is made once more on a new connection (node's documented pattern, `reusedSocket`).
    const reused = (error as { reused?: boolean }).reused === true;
    const kind = error instanceof MasterHttpError ? error.kind : null;
    if (!reused || kind !== "network" || Date.now() >= deadline) throw error;
    answer = await getOnce(parsed, url, options, deadline);
  }
  const body = Buffer.from(answer.data.buffer, answer.data.byteOffset, answer.data.byteLength).toString("utf8");
  return { status: answer.status, location: answer.location, body, bytes: answer.data.byteLength };
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
