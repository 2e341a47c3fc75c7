import http from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MasterHttpError } from "./master-http";
import { type V1StreamSink, v1Call, v1Subscribe } from "./v1-http";

// A loopback server standing in for masters in each of the states the v1 API answers from.
let server: http.Server;
let base = "";
const seen: { path: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
const BIG_STATE = JSON.stringify({ type: "GET_STATE", get_state: { padding: "agent ".repeat(20_000) } });
const GZIPPED_STATE = gzipSync(BIG_STATE);
/** 16 MiB of zeros in about 16 KB: a master must not make us inflate past the cap. */
const GZIP_BOMB = gzipSync(Buffer.alloc(16 * 1024 * 1024));

beforeAll(async () => {
  server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      seen.push({ path: request.url ?? "", headers: request.headers, body });
      const who = request.headers["x-who"];
      if (who === "standby") {
        response.writeHead(307, { Location: "//m2.example.com:5050/api/v1" }).end();
      } else if (who === "recovering") {
        response.writeHead(503).end("Master has not finished recovery");
      } else if (who === "old") {
        response.writeHead(404).end();
      } else if (who === "html") {
        response.writeHead(200, { "Content-Type": "text/html" }).end("<html>");
      } else if (who === "gzip" || who === "bomb") {
        const body = who === "gzip" ? GZIPPED_STATE : GZIP_BOMB;
        response
          .writeHead(200, {
            "Content-Type": "application/json",
            "Content-Encoding": "gzip",
            "Content-Length": String(body.byteLength),
          })
          .end(body);
      } else if (who === "stream") {
        response.writeHead(200, { "Content-Type": "application/json" });
        response.write("2\n{}");
        setTimeout(() => response.end("3\n[1]"), 20);
      } else {
        response.writeHead(200, { "Content-Type": "application/json" }).end('{"type":"GET_HEALTH","get_health":{}}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

// The test steers the fake master through a header; real requests carry only Accept, Accept-Encoding, Content-Type
// and Authorization.
async function withWho<T>(who: string, run: () => Promise<T>): Promise<T> {
  const original = globalThis.fetch;
  globalThis.fetch = (input, init) =>
    original(input, { ...init, headers: { ...(init?.headers as Record<string, string>), "x-who": who } });
  try {
    return await run();
  } finally {
    globalThis.fetch = original;
  }
}

const OPTIONS = { auth: { username: "u", password: "p" }, timeoutMs: 2_000, encoding: "json" as const };

describe("v1Call", () => {
  it("POSTs the call as JSON with the credentials and returns the body", async () => {
    const answer = await withWho("leader", () => v1Call(base, { type: "GET_HEALTH" }, { ...OPTIONS, maxBytes: 1000 }));
    expect(answer).toMatchObject({ kind: "ok", encoding: "json" });
    const request = seen.at(-1);
    expect(request?.path).toBe("/api/v1");
    expect(request?.body).toBe('{"type":"GET_HEALTH"}');
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.headers.authorization).toBe(`Basic ${Buffer.from("u:p").toString("base64")}`);
  });

  it("turns 307, 503 and 404 into what they mean", async () => {
    const call = (who: string) =>
      withWho(who, () => v1Call(base, { type: "GET_HEALTH" }, { ...OPTIONS, maxBytes: 1000 }));
    expect(await call("standby")).toMatchObject({ kind: "redirect", leaderUrl: "http://m2.example.com:5050" });
    expect(await call("recovering")).toMatchObject({ kind: "unavailable", message: expect.stringMatching(/recovery/) });
    expect(await call("old")).toMatchObject({ kind: "refused", status: 404 });
  });

  it("asks for gzip, inflates a gzipped answer and says how many bytes came over the wire", async () => {
    const answer = await withWho("gzip", () =>
      v1Call(base, { type: "GET_STATE" }, { ...OPTIONS, maxBytes: 1024 * 1024 }),
    );
    expect(seen.at(-1)?.headers["accept-encoding"]).toMatch(/gzip/);
    if (answer.kind !== "ok") throw new Error(`not ok: ${answer.kind}`);
    expect(Buffer.from(answer.body).toString("utf8")).toBe(BIG_STATE);
    expect(answer.bytesOnWire).toBe(GZIPPED_STATE.byteLength);
    expect(answer.bytesOnWire).toBeLessThan(answer.body.byteLength / 10);
    const plain = await withWho("leader", () => v1Call(base, { type: "GET_HEALTH" }, { ...OPTIONS, maxBytes: 1000 }));
    expect(plain.kind === "ok" && plain.bytesOnWire).toBe(plain.kind === "ok" && plain.body.byteLength);
  });

  it("refuses a gzipped answer that inflates past the cap", async () => {
    await expect(
      withWho("bomb", () => v1Call(base, { type: "GET_STATE" }, { ...OPTIONS, maxBytes: 1024 * 1024 })),
    ).rejects.toThrow(/more than the 1048576-byte limit/);
  });

  it("refuses an answer over the cap", async () => {
    await expect(
      withWho("leader", () => v1Call(base, { type: "GET_HEALTH" }, { ...OPTIONS, maxBytes: 5 })),
    ).rejects.toThrow(MasterHttpError);
  });
});

describe("v1Subscribe", () => {
  it("hands every chunk to the sink as it arrives, then the end", async () => {
    const chunks: string[] = [];
    const ended = new Promise<MasterHttpError | null>((resolve) => {
      const sink: V1StreamSink = { onChunk: (c) => chunks.push(Buffer.from(c).toString()), onEnd: resolve };
      void withWho("stream", () => v1Subscribe(base, OPTIONS, sink));
    });
    expect(await ended).toBeNull();
    expect(chunks.join("")).toBe("2\n{}3\n[1]");
    expect(seen.at(-1)?.body).toBe('{"type":"SUBSCRIBE"}');
  });

  it("refuses a 200 in another media type than asked for", async () => {
    const sink: V1StreamSink = { onChunk: () => undefined, onEnd: () => undefined };
    await expect(withWho("html", () => v1Subscribe(base, OPTIONS, sink))).rejects.toThrow(/text\/html/);
  });
});
