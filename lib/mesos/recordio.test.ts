import { describe, expect, it } from "vitest";
import { RecordIoDecoder, encodeRecordIo, type RecordIoPush } from "./recordio";

const utf8 = new TextEncoder();
const text = new TextDecoder();
const bytes = (s: string) => utf8.encode(s);

function records(result: RecordIoPush): string[] {
  return result.records.map((record) => text.decode(record));
}

function decodeInPieces(stream: Uint8Array, cuts: readonly number[]): string[] {
  const decoder = new RecordIoDecoder();
  const out: string[] = [];
  let from = 0;
  for (const cut of [...cuts, stream.length]) {
    const result = decoder.push(stream.subarray(from, cut));
    expect(result.ok).toBe(true);
    out.push(...records(result));
    from = cut;
  }
  expect(decoder.end()).toEqual({ clean: true });
  return out;
}

// Two heartbeats around a record with multi-byte UTF-8 (â and é are 2 bytes, 🚀 is 4: 20 code points, 25 bytes)
// and an empty record.
const messages = ['{"type":"HEARTBEAT"}', '{"name":"tâche 🚀 é"}', "", '{"type":"HEARTBEAT"}'];
const stream = encodeRecordIo(messages.map(bytes));

describe("RecordIoDecoder", () => {
  it("counts lengths in bytes, not characters", () => {
    expect(text.decode(stream)).toContain('25\n{"name":"tâche 🚀 é"}');
    expect(decodeInPieces(stream, [])).toEqual(messages);
  });

  it("gives the same records whatever byte the stream is cut at, once or twice", () => {
    for (let a = 0; a <= stream.length; a++) {
      expect(decodeInPieces(stream, [a])).toEqual(messages);
      for (let b = a; b <= stream.length; b += 3) expect(decodeInPieces(stream, [a, b])).toEqual(messages);
    }
  });

  it("decodes a stream fed one byte at a time", () => {
    expect(
      decodeInPieces(
        stream,
        Array.from({ length: stream.length }, (_, i) => i),
      ),
    ).toEqual(messages);
  });

  it("returns zero-length records", () => {
    const decoder = new RecordIoDecoder();
    expect(records(decoder.push(bytes("0\n0\n1\nx")))).toEqual(["", "", "x"]);
  });

  it("returns records that do not share memory with the caller's chunk", () => {
    const decoder = new RecordIoDecoder();
    const chunk = bytes("3\nabc");
    const [record] = decoder.push(chunk).records;
    chunk.fill(0);
    expect(text.decode(record)).toBe("abc");
    const spanning = bytes("4\nab");
    const [last] = [decoder.push(spanning), decoder.push(bytes("cd"))].flatMap((result) => result.records);
    spanning.fill(0);
    expect(text.decode(last)).toBe("abcd");
  });

  it("copies the pieces of an unfinished record when the caller reuses its chunks", () => {
    const decoder = new RecordIoDecoder({ reusesChunks: true });
    const chunk = bytes("4\nab");
    decoder.push(chunk);
    chunk.fill(0);
    expect(records(decoder.push(bytes("cd")))).toEqual(["abcd"]);
  });

  it("assembles a large record from many chunks with one final copy", () => {
    const size = 3 * 1024 * 1024 + 17;
    const payload = new Uint8Array(size).map((_, i) => i % 251);
    const framed = encodeRecordIo([payload]);
    const decoder = new RecordIoDecoder();
    const out: Uint8Array[] = [];
    for (let at = 0; at < framed.length; at += 65_536)
      out.push(...decoder.push(framed.subarray(at, at + 65_536)).records);
    expect(out).toHaveLength(1);
    // toEqual walks 3 MB element by element; Buffer.equals compares the bytes at once.
    expect(Buffer.from(out[0] ?? []).equals(Buffer.from(payload))).toBe(true);
  });

  it("refuses a length above the cap before buffering the record, and everything after", () => {
    const decoder = new RecordIoDecoder({ maxRecordBytes: 10 });
    const result = decoder.push(bytes("2\nok11\nhello world"));
    expect(records(result)).toEqual(["ok"]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ kind: "record-too-large", offset: 5 });
    expect(decoder.push(bytes("2\nok")).ok).toBe(false);
    expect(decoder.end()).toMatchObject({ clean: false, state: "failed" });
  });

  it("accepts a record exactly at the cap", () => {
    const decoder = new RecordIoDecoder({ maxRecordBytes: 5 });
    expect(records(decoder.push(bytes("5\nhello")))).toEqual(["hello"]);
  });

  it.each([
    ["a non-digit in the length", "12x\n", "non-digit-in-length", 2],
    ["a sign", "-1\n", "non-digit-in-length", 0],
    ["a carriage return", "2\r\nok", "non-digit-in-length", 1],
    ["JSON where a length belongs", '{"type":"HEARTBEAT"}', "non-digit-in-length", 0],
    ["an empty length line", "\n", "empty-length", 0],
  ])("refuses %s", (_, input, kind, offset) => {
    const result = new RecordIoDecoder().push(bytes(input));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ kind, offset });
  });

  it("refuses an over-long run of leading zeros", () => {
    const decoder = new RecordIoDecoder({ maxRecordBytes: 100 });
    const result = decoder.push(bytes("0".repeat(64)));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.kind).toBe("length-too-long");
  });

  it("accepts leading zeros within the limit, as stout's numify does", () => {
    expect(records(new RecordIoDecoder().push(bytes("002\nok")))).toEqual(["ok"]);
  });

  it("reports a stream cut mid-record or mid-length", () => {
    const inRecord = new RecordIoDecoder();
    inRecord.push(bytes("10\nhel"));
    inRecord.push(bytes("lo"));
    expect(inRecord.end()).toEqual({ clean: false, state: "in-record", pendingBytes: 5, expectedBytes: 10 });
    const inLength = new RecordIoDecoder();
    inLength.push(bytes("2\nok12"));
    expect(inLength.end()).toEqual({ clean: false, state: "in-length", pendingBytes: 2 });
    const atLengthEnd = new RecordIoDecoder();
    atLengthEnd.push(bytes("3\n"));
    expect(atLengthEnd.end()).toEqual({ clean: false, state: "in-record", pendingBytes: 0, expectedBytes: 3 });
  });

  it("counts error offsets across chunks", () => {
    const decoder = new RecordIoDecoder();
    decoder.push(bytes("2\nok"));
    const result = decoder.push(bytes("1?"));
    if (result.ok) throw new Error("expected an error");
    expect(result.error.offset).toBe(5);
  });

  it("refuses a negative or fractional cap", () => {
    expect(() => new RecordIoDecoder({ maxRecordBytes: -1 })).toThrow(RangeError);
    expect(() => new RecordIoDecoder({ maxRecordBytes: 1.5 })).toThrow(RangeError);
  });
});
