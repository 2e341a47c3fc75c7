// An incremental decoder for Mesos' RecordIO framing, `<decimal byte length>\n<bytes>` repeated (apache/mesos
// docs/recordio.md; the encoder is `stringify(record.size()) + "\n" + record` in 3rdparty/stout/include/stout/recordio.hpp).
// Pure: bytes in, records out, no I/O. Errors are values; after one the decoder refuses further input, like stout's
// `Decoder`, because a bad length leaves no way to find the next record boundary.

const NEWLINE = 0x0a;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/** The default cap on one record: a SUBSCRIBED snapshot of a 10,000-agent cluster is about 46 MB of JSON. */
export const DEFAULT_MAX_RECORD_BYTES = 256 * 1024 * 1024;

export interface RecordIoOptions {
  /** Largest record accepted, in bytes; a larger length is an error before any of its bytes are buffered. */
  maxRecordBytes?: number;
  /**
   * Set when the caller writes into a chunk's memory again after `push` returns (a BYOB reader): the decoder then
   * copies the pieces of an unfinished record. By default it keeps views of them, as a fetch body's default reader
   * hands out fresh chunks, and a record is copied once, when it completes.
   */
  reusesChunks?: boolean;
}

export type RecordIoErrorKind = "non-digit-in-length" | "empty-length" | "length-too-long" | "record-too-large";

export interface RecordIoError {
  kind: RecordIoErrorKind;
  message: string;
  /** Offset in the whole stream (bytes pushed so far) of the byte that was refused. */
  offset: number;
}

export type RecordIoPush =
  | { ok: true; records: Uint8Array[] }
  /** `records` are the ones completed in this chunk before the error. */
  | { ok: false; records: Uint8Array[]; error: RecordIoError };

export type RecordIoEnd =
  | { clean: true }
  | { clean: false; state: "in-length"; pendingBytes: number }
  | { clean: false; state: "in-record"; pendingBytes: number; expectedBytes: number }
  | { clean: false; state: "failed"; error: RecordIoError };

/**
 * Feed it chunks as they arrive (`push`), get back the records they completed, and call `end()` when the stream ends.
 *
 * - Lengths count bytes, so multi-byte UTF-8 needs no special care; records are returned as bytes.
 * - A record may span any number of chunks: its pieces are kept in a list and copied once, when the last one arrives,
 *   so a 50 MB record in 64 KiB chunks costs one 50 MB copy, not a quadratic series of them.
 * - Every record returned is a copy (`slice`, or the final concatenation), never a view of a chunk.
 * - A length prefix holds only ASCII digits (stout `numify<size_t>` refuses anything else, and so does this) and at
 *   most as many digits as the cap has; the value must not exceed the cap. An empty prefix (`"\n"`) is an error,
 *   as in stout, although docs/recordio.md's pseudo-code skips empty lines.
 */
export class RecordIoDecoder {
  private readonly maxRecordBytes: number;
  private readonly maxLengthDigits: number;
  private readonly reusesChunks: boolean;
  private offset = 0;
  private failure: RecordIoError | null = null;
  // While reading a length prefix: its value so far and how many digits it had.
  private inRecord = false;
  private length = 0;
  private digits = 0;
  // While reading a record: the pieces received so far and their total size.
  private parts: Uint8Array[] = [];
  private partsBytes = 0;

  constructor(options: RecordIoOptions = {}) {
    const max = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    if (!Number.isSafeInteger(max) || max < 0) throw new RangeError(`maxRecordBytes must be a safe integer ≥ 0`);
    this.maxRecordBytes = max;
    this.reusesChunks = options.reusesChunks ?? false;
    // Leading zeros are legal (numify reads "007" as 7) but bounded, so a stream of zeros cannot stall here forever.
    this.maxLengthDigits = String(max).length + 8;
  }

  /** The error that stopped the decoder, or null while it accepts input. */
  get error(): RecordIoError | null {
    return this.failure;
  }

  push(chunk: Uint8Array): RecordIoPush {
    const records: Uint8Array[] = [];
    if (this.failure) return { ok: false, records, error: this.failure };
    let i = 0;
    while (i < chunk.length) {
      if (!this.inRecord) {
        const byte = chunk[i] as number;
        if (byte === NEWLINE) {
          if (this.digits === 0) return this.fail(records, "empty-length", "empty record length", i);
          this.inRecord = true;
          i++;
          if (this.length === 0) {
            records.push(new Uint8Array(0));
            this.finishRecord();
          }
          continue;
        }
        if (byte < DIGIT_0 || byte > DIGIT_9) {
          return this.fail(records, "non-digit-in-length", `byte 0x${byte.toString(16)} in a record length`, i);
        }
        this.digits++;
        this.length = this.length * 10 + (byte - DIGIT_0);
        if (this.digits > this.maxLengthDigits) {
          return this.fail(records, "length-too-long", `record length longer than ${this.maxLengthDigits} digits`, i);
        }
        if (this.length > this.maxRecordBytes) {
          return this.fail(
            records,
            "record-too-large",
            `record length exceeds the cap of ${this.maxRecordBytes} bytes`,
            i,
          );
        }
        i++;
        continue;
      }
      const wanted = this.length - this.partsBytes;
      const available = chunk.length - i;
      if (available >= wanted) {
        if (this.partsBytes === 0) records.push(chunk.slice(i, i + wanted));
        else {
          this.parts.push(chunk.subarray(i, i + wanted));
          records.push(this.concatParts());
        }
        i += wanted;
        this.finishRecord();
      } else {
        this.parts.push(this.reusesChunks ? chunk.slice(i) : chunk.subarray(i));
        this.partsBytes += available;
        i = chunk.length;
      }
    }
    this.offset += chunk.length;
    return { ok: true, records };
  }

  /** Says whether the stream ended on a record boundary, and if not, what was left over. */
  end(): RecordIoEnd {
    if (this.failure) return { clean: false, state: "failed", error: this.failure };
    if (this.inRecord) {
      return { clean: false, state: "in-record", pendingBytes: this.partsBytes, expectedBytes: this.length };
    }
    if (this.digits > 0) return { clean: false, state: "in-length", pendingBytes: this.digits };
    return { clean: true };
  }

  private finishRecord(): void {
    this.inRecord = false;
    this.length = 0;
    this.digits = 0;
    this.parts = [];
    this.partsBytes = 0;
  }

  private concatParts(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  private fail(records: Uint8Array[], kind: RecordIoErrorKind, message: string, index: number): RecordIoPush {
    const offset = this.offset + index;
    this.failure = { kind, message: `${message} at stream byte ${offset}`, offset };
    this.parts = [];
    this.partsBytes = 0;
    return { ok: false, records, error: this.failure };
  }
}

/** Frames records the way a master does (stout `recordio::encode`); for tests and simulators. */
export function encodeRecordIo(records: readonly Uint8Array[]): Uint8Array {
  const encoder = new TextEncoder();
  const pieces = records.flatMap((record) => [encoder.encode(`${record.length}\n`), record]);
  const out = new Uint8Array(pieces.reduce((n, piece) => n + piece.length, 0));
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}
