// Whole bodies gzipped as libprocess writes them (encoder.hpp), checked on the bytes a master's socket sends: fetch
// would undo the compression before a test could see it.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { atLeast } from "../../lib/mesos/versions";
import { createMasterHttpServer } from "./http";
import { acceptsEncoding } from "../v1/negotiation";
import { v1Features } from "../v1/features";
import { Subscribers } from "../v1/stream";
import { leaderView } from "../v1/testing";
import { GZIP_MINIMUM_BODY_LENGTH, encodeWholeReply } from "./send";

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function start(version: string): Promise<string> {
  const v1 = atLeast(version, "1.0.0");
  const subscribers = v1 ? new Subscribers({ features: v1Features(version), heartbeatMs: 15_000 }) : null;
  const server = createMasterHttpServer({
    view: leaderView(version),
    fault: () => null,
    httpAuth: null,
    replicasRecovered: () => true,
    api: subscribers && {
      features: v1Features(version),
      subscribers,
      heartbeatSeconds: 15,
      metrics: () => ({ "master/elected": 1 }),
    },
  });
  servers.push(server);
  server.on("close", () => subscribers?.closeAll());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One request with node:http, which leaves the body as sent; a stream is read for `streamMs` and then cut. */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string }, streamMs = 0) {
  return new Promise<Raw>((resolve, reject) => {
    const request = http.request(url, { method: options.method ?? "GET", headers: options.headers }, (response) => {
      const chunks: Buffer[] = [];
      const done = () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) });
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", done);
      if (streamMs > 0)
        setTimeout(() => {
          done();
          request.destroy();
        }, streamMs);
    });
    request.on("error", reject);
    request.end(options.body);
  });
}

const call = (type: string, acceptEncoding?: string) => ({
  method: "POST",
  headers: {
    "Content-Type": "application/json",
    Accept: "application/json",
    ...(acceptEncoding === undefined ? {} : { "Accept-Encoding": acceptEncoding }),
  },
  body: JSON.stringify({ type }),
});

describe("a master's whole bodies, gzipped as libprocess writes them", () => {
  it("gzips GET_STATE for a caller that accepts gzip, with the compressed Content-Length", async () => {
    const url = `${await start("1.11.0")}/api/v1`;
    const plain = await raw(url, call("GET_STATE"));
    expect(plain.headers["content-encoding"]).toBeUndefined();
    const zipped = await raw(url, call("GET_STATE", "gzip, deflate"));
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(Number(zipped.headers["content-length"])).toBe(zipped.body.byteLength);
    expect(zipped.body.byteLength).toBeLessThan(plain.body.byteLength);
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    expect((JSON.parse(plain.body.toString("utf8")) as { type: string }).type).toBe("GET_STATE");
  });

  it("leaves a body under 1 KiB, a refused gzip and the SUBSCRIBE stream as they are", async () => {
    const base = await start("1.11.0");
    const health = await raw(`${base}/api/v1`, call("GET_HEALTH", "gzip"));
    expect(health.body.byteLength).toBeLessThan(GZIP_MINIMUM_BODY_LENGTH);
    expect(health.headers["content-encoding"]).toBeUndefined();
    expect((await raw(`${base}/api/v1`, call("GET_STATE", "gzip;q=0"))).headers["content-encoding"]).toBeUndefined();
    expect((await raw(`${base}/api/v1`, call("GET_STATE", "*"))).headers["content-encoding"]).toBe("gzip");
    const stream = await raw(`${base}/api/v1`, call("SUBSCRIBE", "gzip"), 300);
    expect(stream.status).toBe(200);
    expect(stream.headers["content-encoding"]).toBeUndefined();
    expect(stream.body.toString("utf8")).toMatch(/^\d+\n\{"type":"SUBSCRIBED"/);
  });

  it("gzips /master/state of every version, and sends no body to HEAD", async () => {
    for (const [version, path] of [
      ["0.16.0", "/master/state.json"],
      ["0.28.0", "/master/state"],
      ["1.11.0", "/master/state"],
    ] as const) {
      const base = await start(version);
      const state = await raw(`${base}${path}`, { headers: { "Accept-Encoding": "gzip" } });
      expect([version, state.status, state.headers["content-encoding"]]).toEqual([version, 200, "gzip"]);
      expect(JSON.parse(gunzipSync(state.body).toString("utf8"))).toHaveProperty("version", version);
      const head = await raw(`${base}${path}`, { method: "HEAD", headers: { "Accept-Encoding": "gzip" } });
      expect([head.headers["content-encoding"], head.body.byteLength]).toEqual([undefined, 0]);
    }
  });

  it("keeps a Content-Encoding the answer already has", async () => {
    const body = "x".repeat(4096);
    const reply = { status: 200, headers: { "content-encoding": "identity" }, body };
    expect(await encodeWholeReply(reply, "gzip", false)).toBe(reply);
  });
});

describe("acceptsEncoding (libprocess Request::acceptsEncoding, and Request::accepts before 0.24)", () => {
  it("accepts the named encoding or *, unless its q is 0; no header or an empty one accepts only the identity", () => {
    expect(acceptsEncoding(undefined, "gzip")).toBe(false);
    expect(acceptsEncoding("", "gzip")).toBe(false);
    expect(acceptsEncoding("gzip, deflate, br", "gzip")).toBe(true);
    expect(acceptsEncoding("GZIP", "gzip")).toBe(true);
    expect(acceptsEncoding("deflate, *;q=0.5", "gzip")).toBe(true);
    expect(acceptsEncoding("gzip;q=0, *", "gzip")).toBe(false); // the named entry decides before *
    expect(acceptsEncoding("gzip;q=0.0", "gzip")).toBe(false);
    expect(acceptsEncoding("gzip;q=x", "gzip")).toBe(false);
    expect(acceptsEncoding("identity", "gzip")).toBe(false);
    expect(acceptsEncoding("x-gzip", "gzip")).toBe(false);
  });

  it("before 0.24, counts an entry that starts with the encoding, case-sensitively", () => {
    expect(acceptsEncoding("gzipped", "gzip", true)).toBe(true);
    expect(acceptsEncoding("GZIP", "gzip", true)).toBe(false);
    expect(acceptsEncoding("gzip;q=0", "gzip", true)).toBe(false);
    expect(acceptsEncoding("deflate, *", "gzip", true)).toBe(true);
  });
});
