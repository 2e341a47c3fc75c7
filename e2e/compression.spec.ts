// JSON answers and event streams are gzip-compressed for a client that accepts it (server.mjs), and an event stream
// still delivers each message at once: what arrived so far inflates to whole messages without waiting for more.
import http from "node:http";
import zlib from "node:zlib";
import { adminToken, expect, test } from "./fixtures";

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Bytes as they came off the wire, before any decoding. */
  body: Buffer;
}

/** A GET through Node's http (which, unlike fetch, never inflates), reading at most `forMs` of a streamed body. */
function rawGet(url: string, headers: Record<string, string>, forMs = 5_000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      const done = () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) });
      const timer = setTimeout(() => {
        request.destroy();
        done();
      }, forMs);
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        clearTimeout(timer);
        done();
      });
    });
    request.on("error", reject);
  });
}

test("JSON answers are gzip-compressed when accepted, and plain otherwise", async ({ baseURL }) => {
  const auth = { Authorization: `Bearer ${adminToken()}` };
  const gzipped = await rawGet(`${baseURL}/api/clusters`, { ...auth, "Accept-Encoding": "gzip" });
  expect(gzipped.status).toBe(200);
  expect(gzipped.headers["content-encoding"]).toBe("gzip");
  expect(gzipped.headers.vary).toMatch(/Accept-Encoding/);
  const plain = await rawGet(`${baseURL}/api/clusters`, auth);
  expect(plain.headers["content-encoding"]).toBeUndefined();
  expect(zlib.gunzipSync(gzipped.body).toString()).toBe(plain.body.toString());
});

test("an event stream is gzip-compressed and each message arrives whole at once", async ({ baseURL }) => {
  const started = Date.now();
  const stream = await rawGet(
    `${baseURL}/api/stream`,
    { Authorization: `Bearer ${adminToken()}`, "Accept-Encoding": "gzip" },
    2_000,
  );
  expect(stream.status).toBe(200);
  expect(stream.headers["content-type"]).toMatch(/^text\/event-stream/);
  expect(stream.headers["content-encoding"]).toBe("gzip");
  // The stream is still open: inflate what came so far, as a browser does while it reads.
  const text = zlib.gunzipSync(stream.body, { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString();
  expect(text).toMatch(/^retry: \d+\n\n/);
  expect(text).toMatch(/event: snapshot\ndata: .*\n\n/);
  expect(Date.now() - started).toBeLessThan(10_000);
});
