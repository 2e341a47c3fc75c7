// How libprocess writes an answer with a whole body (3rdparty/libprocess/src/encoder.hpp `HttpResponseEncoder`, the
// same rule from 0.16.0 to 1.11.0): a body of at least 1,024 bytes that has no Content-Encoding of its own is gzipped
// when the request accepts gzip, and Content-Length is the compressed size. Streamed answers (the v1 SUBSCRIBE pipe)
// are never compressed. Here the compression runs on libuv's thread pool, so the master keeps answering meanwhile.
import type http from "node:http";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { acceptsEncoding } from "../v1/negotiation";

export const GZIP_MINIMUM_BODY_LENGTH = 1024;

const gzip = promisify(zlib.gzip);

export interface WholeReply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

/** The reply as libprocess puts it on the wire for `acceptEncoding`; `prefixMatch` is the rule before 0.24. */
export async function encodeWholeReply(
  reply: WholeReply,
  acceptEncoding: string | undefined,
  prefixMatch: boolean,
): Promise<WholeReply> {
  const headers = reply.headers ?? {};
  const body = reply.body;
  if (
    body === undefined ||
    Buffer.byteLength(body) < GZIP_MINIMUM_BODY_LENGTH ||
    hasHeader(headers, "content-encoding") ||
    !acceptsEncoding(acceptEncoding, "gzip", prefixMatch)
  )
    return reply;
  const compressed = await gzip(body);
  return {
    status: reply.status,
    headers: { ...headers, "Content-Encoding": "gzip", "Content-Length": String(compressed.byteLength) },
    body: compressed,
  };
}

/** Writes `reply` (no body for HEAD), gzipped as libprocess would. */
export async function sendWholeReply(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  reply: WholeReply,
  prefixMatch: boolean,
): Promise<void> {
  const head = request.method === "HEAD";
  const header = request.headers["accept-encoding"];
  const wire = head
    ? reply
    : await encodeWholeReply(reply, Array.isArray(header) ? header.join(",") : header, prefixMatch);
  response.writeHead(wire.status, wire.headers ?? {});
  response.end(head ? undefined : wire.body);
}
