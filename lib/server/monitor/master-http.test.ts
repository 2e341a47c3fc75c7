import http from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePorts } from "@/scripts/testbed";
import { MasterHttpError, baseUrlFromLocation, baseUrlFromPid, parseJsonBody, requestMaster } from "./master-http";
import { masterTraffic } from "./traffic";

describe("baseUrlFromLocation", () => {
  it("reads a protocol-relative Location (Mesos ≥ 0.24)", () => {
    expect(baseUrlFromLocation("//m1.example.com:5050/master/state?jsonp=cb")).toBe("http://m1.example.com:5050");
  });

  it("reads an absolute Location (Mesos ≤ 0.23)", () => {
    expect(baseUrlFromLocation("http://10.0.0.1:5050")).toBe("http://10.0.0.1:5050");
    expect(baseUrlFromLocation("https://m1.example.com:8443/master/state")).toBe("https://m1.example.com:8443");
  });

  it("is null for garbage and other protocols", () => {
    expect(baseUrlFromLocation("garbage")).toBeNull();
    expect(baseUrlFromLocation("")).toBeNull();
    expect(baseUrlFromLocation("/master/state")).toBeNull();
    expect(baseUrlFromLocation("ftp://x")).toBeNull();
  });
});

describe("baseUrlFromPid", () => {
  it("turns a libprocess PID into http://ip:port", () => {
    expect(baseUrlFromPid("master@10.0.0.1:5050")).toBe("http://10.0.0.1:5050");
  });

  it("is null for garbage", () => {
    expect(baseUrlFromPid("garbage")).toBeNull();
    expect(baseUrlFromPid("master@10.0.0.1")).toBeNull();
    expect(baseUrlFromPid("10.0.0.1:5050")).toBeNull();
    expect(baseUrlFromPid("")).toBeNull();
  });
});

describe("parseJsonBody", () => {
  it("parses JSON", () => {
    expect(parseJsonBody('{"elected":1}', "http://10.0.0.1:5050/metrics/snapshot")).toEqual({ elected: 1 });
  });

  it("throws MasterHttpError invalid naming the URL on non-JSON", () => {
    let caught: unknown;
    try {
      parseJsonBody("<html>not json</html>", "http://10.0.0.1:5050/state");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MasterHttpError);
    expect(caught).toMatchObject({ kind: "invalid", name: "MasterHttpError" });
    expect(String((caught as Error).message)).toContain("http://10.0.0.1:5050/state");
  });
});

const METRICS = JSON.stringify(
  Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`master/messages_kind_${i}`, i])),
);
const GZIPPED_METRICS = gzipSync(METRICS);
/** 16 MiB of zeros in about 16 KB. */
const GZIP_BOMB = gzipSync(Buffer.alloc(16 * 1024 * 1024));

describe("requestMaster against a hostile server on loopback", () => {
  let server: http.Server;
  let base = "";
  let bytesSent = 0; // of the undeclared 50 MB body: set to Infinity once the client hangs up
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      const chunk = Buffer.alloc(64 * 1024, "x");
      switch (request.url) {
        case "/declared-huge":
          response.writeHead(200, { "Content-Length": String(50 * 1024 * 1024) });
          response.write(chunk);
          return;
        case "/chunked-huge": {
          response.writeHead(200, { "Content-Type": "application/json" });
          const write = () => {
            while (bytesSent < 50 * 1024 * 1024) {
              bytesSent += chunk.length;
              if (!response.write(chunk)) return void response.once("drain", write);
            }
            response.end();
          };
          response.on("close", () => {
            bytesSent = Infinity;
          });
          return write();
        }
        case "/drip": {
          // Headers at once, then one byte every 50 ms: a body that never finishes in time.
          response.writeHead(200, { "Content-Type": "application/json" });
          const timer = setInterval(() => response.write("["), 50);
          response.on("close", () => clearInterval(timer));
          return;
        }
        case "/silent":
          return; // accepted, never answered
        case "/metrics": {
          // As libprocess: gzipped only for a request that accepts it.
          const accepts = /gzip/.test(String(request.headers["accept-encoding"] ?? ""));
          const body = accepts ? GZIPPED_METRICS : Buffer.from(METRICS);
          response.writeHead(200, {
            "Content-Type": "application/json",
            "Content-Length": String(body.byteLength),
            ...(accepts ? { "Content-Encoding": "gzip" } : {}),
          });
          return void response.end(body);
        }
        case "/gzip-bomb":
          response.writeHead(200, { "Content-Type": "application/json", "Content-Encoding": "gzip" });
          return void response.end(GZIP_BOMB);
        case "/gzip-broken":
          response.writeHead(200, { "Content-Type": "application/json", "Content-Encoding": "gzip" });
          return void response.end("not gzip at all");
        default:
          response.writeHead(200, { "Content-Type": "application/json" });
          response.end('{"ok":true}');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const options = { timeoutMs: 500, maxBytes: 1024 * 1024 };
  const failure = (path: string) =>
    requestMaster(base, path, options).then(
      () => null,
      (error: unknown) => error,
    );

  it("reads a normal answer", async () => {
    expect(await requestMaster(base, "/state", options)).toMatchObject({ status: 200, body: '{"ok":true}', bytes: 11 });
  });

  it("asks for gzip only when told to, inflates the answer and counts the bytes as sent", async () => {
    const before = masterTraffic().bytesRead;
    const zipped = await requestMaster(base, "/metrics", { ...options, acceptGzip: true });
    expect(zipped.body).toBe(METRICS);
    expect(masterTraffic().bytesRead - before).toBe(GZIPPED_METRICS.byteLength);
    const plain = await requestMaster(base, "/metrics", options);
    expect(plain.body).toBe(METRICS);
    expect(masterTraffic().bytesRead - before).toBe(GZIPPED_METRICS.byteLength + METRICS.length);
  });

  it("stops inflating at the cap, and names a gzip body that does not inflate", async () => {
    const gzipped = (path: string) =>
      requestMaster(base, path, { ...options, acceptGzip: true }).then(
        () => null,
        (error: unknown) => error,
      );
    expect(await gzipped("/gzip-bomb")).toMatchObject({ kind: "too_large" });
    expect(await gzipped("/gzip-broken")).toMatchObject({
      kind: "invalid",
      message: expect.stringMatching(/does not inflate/),
    });
  });

  it("refuses a declared body over the cap before reading it", async () => {
    const error = await failure("/declared-huge");
    expect(error).toBeInstanceOf(MasterHttpError);
    expect(error).toMatchObject({
      kind: "too_large",
      message: `${base}/declared-huge sent 52428800 bytes, more than the 1048576-byte limit`,
    });
  });

  it("stops reading an undeclared body at the cap", async () => {
    const error = await failure("/chunked-huge");
    expect(error).toMatchObject({
      kind: "too_large",
      message: `${base}/chunked-huge sent more than the 1048576-byte limit`,
    });
  });

  it("gives up on a body that drips in slower than the deadline, and on a server that never answers", async () => {
    for (const path of ["/drip", "/silent"]) {
      const started = Date.now();
      expect(await failure(path)).toMatchObject({
        kind: "timeout",
        message: `${base}${path} did not answer within 500 ms`,
      });
      expect(Date.now() - started).toBeLessThan(5_000);
    }
  });

  it("says when nothing listens", async () => {
    const [port] = await freePorts(1);
    expect(
      await requestMaster(`http://127.0.0.1:${port}`, "/health", options).catch((error: unknown) => error),
    ).toMatchObject({ kind: "refused", message: `http://127.0.0.1:${port}/health refused the connection` });
  });

  it("does not blame a master for this process's own stall: an answer waiting in the socket is read first", async () => {
    const pending = requestMaster(base, "/state", { ...options, timeoutMs: 200 });
    const blockedUntil = Date.now() + 600; // the loop blocked past the deadline, as a big SUBSCRIBED being folded does
    while (Date.now() < blockedUntil);
    expect(await pending).toMatchObject({ status: 200, body: '{"ok":true}' });
  });

  it("reuses one kept-alive connection for requests in a row (health probes come twice a second)", async () => {
    let connections = 0;
    const counted = () => (connections += 1);
    server.on("connection", counted);
    try {
      for (let i = 0; i < 5; i++) await requestMaster(base, "/health", options);
    } finally {
      server.off("connection", counted);
    }
    expect(connections).toBeLessThanOrEqual(1);
  });

  it("reaches a master on a port the Fetch standard blocks (node:http has no such list)", async () => {
    const listener = http.createServer((_request, response) => response.end("{}"));
    const listening = await new Promise<boolean>((resolve) => {
      listener.once("error", () => resolve(false));
      listener.listen(6000, "127.0.0.1", () => resolve(true));
    });
    if (!listening) return; // something else holds port 6000 on this machine
    try {
      expect(await requestMaster("http://127.0.0.1:6000", "/health", options)).toMatchObject({ status: 200 });
    } finally {
      listener.closeAllConnections();
      await new Promise((resolve) => listener.close(resolve));
    }
  });
});
