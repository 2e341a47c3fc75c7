import { describe, expect, it } from "vitest";
import { z } from "zod";
import { errorResponse } from "./errors";
import { parseJsonBody } from "./request";

const MiB = 1024 * 1024;
const CHUNK = 64 * 1024;
const schema = z.object({ name: z.string() });
const encoder = new TextEncoder();

/** A body source of `chunks` chunks, produced only when read, that counts what was pulled and sees a cancel. */
function source(chunks: Uint8Array[] | { count: number; size: number }) {
  const stats = { pulls: 0, cancelled: false };
  const filler = Array.isArray(chunks) ? null : new Uint8Array(chunks.size).fill(0x20);
  const total = Array.isArray(chunks) ? chunks.length : chunks.count;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (stats.pulls === total) return controller.close();
        controller.enqueue((Array.isArray(chunks) ? chunks[stats.pulls] : filler) ?? new Uint8Array());
        stats.pulls += 1;
      },
      cancel() {
        stats.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, stats };
}

function post(body: ReadableStream<Uint8Array> | string | null, headers: Record<string, string> = {}): Request {
  return new Request("http://localhost/api/test", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
    duplex: "half",
  } as RequestInit);
}

/** What the API would answer for the error parseJsonBody throws. */
async function failure(request: Request): Promise<{ status: number; code: string; message: string }> {
  const error: unknown = await parseJsonBody(request, schema).then(
    () => expect.fail("parseJsonBody resolved"),
    (e: unknown) => e,
  );
  const response = errorResponse(error);
  const { code, message } = ((await response.json()) as { error: { code: string; message: string } }).error;
  return { status: response.status, code, message };
}

describe("parseJsonBody", () => {
  it("parses a small valid body", async () => {
    await expect(parseJsonBody(post('{"name":"a"}'), schema)).resolves.toEqual({ name: "a" });
  });

  it("decodes UTF-8 split across chunks, and replaces invalid sequences as request.text() does", async () => {
    const bytes = encoder.encode('{"name":"été"}');
    const { stream } = source([bytes.slice(0, 10), bytes.slice(10)]); // 10 splits the first "é" in two
    await expect(parseJsonBody(post(stream), schema)).resolves.toEqual({ name: "été" });
    const invalid = new Uint8Array([...encoder.encode('{"name":"'), 0xff, ...encoder.encode('"}')]);
    await expect(parseJsonBody(post(source([invalid]).stream), schema)).resolves.toEqual({ name: "\uFFFD" });
  });

  it("answers 400 invalid_json for a body that is not JSON, and for an empty or missing one", async () => {
    for (const body of ["{not json", "", null]) {
      expect(await failure(post(body))).toMatchObject({ status: 400, code: "invalid_json" });
    }
  });

  it("answers 415 for another media type", async () => {
    expect(await failure(post('{"name":"a"}', { "content-type": "text/plain" }))).toMatchObject({
      status: 415,
      code: "unsupported_media_type",
    });
  });

  it("answers 413 for a declared Content-Length over 64 KiB without reading the body", async () => {
    const { stream, stats } = source({ count: 2, size: CHUNK });
    expect(await failure(post(stream, { "content-length": String(2 * CHUNK) }))).toEqual({
      status: 413,
      code: "body_too_large",
      message: "the body is larger than 65536 bytes",
    });
    expect(stats.pulls).toBe(0);
  });

  it("accepts a body of exactly 64 KiB", async () => {
    const json = encoder.encode(JSON.stringify({ name: "n".repeat(CHUNK - 11) }));
    expect(json.byteLength).toBe(CHUNK);
    await expect(parseJsonBody(post(source([json]).stream), schema)).resolves.toMatchObject({});
  });

  it("stops reading a chunked 100 MiB body (no Content-Length) just past 64 KiB and answers 413", async () => {
    const { stream, stats } = source({ count: (100 * MiB) / CHUNK, size: CHUNK });
    const request = post(stream);
    expect(request.headers.get("content-length")).toBeNull();
    expect(await failure(request)).toEqual({
      status: 413,
      code: "body_too_large",
      message: "the body is larger than 65536 bytes",
    });
    expect(stats.pulls).toBeLessThanOrEqual(3);
    expect(stats.cancelled).toBe(true);
  });
});
