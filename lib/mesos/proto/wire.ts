// Decoding and encoding protobuf bytes with protobufjs, as results: hostile bytes give `ok: false` with a reason, never
// an exception. The message objects here are protobufjs's; json.ts turns them into the JSON a Mesos master writes.
import protobuf from "protobufjs/light";

export type ProtoResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** A decoded message: protobufjs's own object, whose own properties are the fields present on the wire. */
export type DecodedMessage = protobuf.Message;

/**
 * Refuses a `string` field that is not UTF-8. proto2 C++ would keep the bytes (it only logs in debug builds), but every
 * string Mesos writes is UTF-8 and a replacement character in an id or a host name would only hide the damage.
 */
class StrictReader extends protobuf.Reader {
  /** The same bytes as a Buffer, for Node's native one-byte string decoding. */
  private readonly asBuffer: Buffer;

  constructor(buffer: Uint8Array) {
    super(buffer);
    this.asBuffer = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  }

  /**
   * protobufjs builds a short string 8 characters at a time, as a rope the heap keeps whole: a 10,000-agent state has
   * millions of ids. ASCII (what ids, names and roles are) is decoded natively into one flat string instead; anything
   * else goes through protobufjs's strict UTF-8 reading as before.
   */
  override string(): string {
    const start = this.pos;
    const length = this.size();
    const end = this.pos + length;
    if (end > this.len) {
      this.pos = start;
      return this.stringVerify(); // throws protobufjs's own "index out of range"
    }
    for (let i = this.pos; i < end; i++) {
      if ((this.buf[i] as number) > 0x7f) {
        this.pos = start;
        return this.stringVerify();
      }
    }
    this.pos = end;
    return this.asBuffer.toString("latin1", end - length, end);
  }
}

// protobufjs's messages are terse and name no field; these say what was wrong with the bytes.
const REASONS: readonly [RegExp, (match: RegExpExecArray) => string][] = [
  [/^index out of range/, () => "truncated: a varint, a length or a value runs past the end"],
  [/^invalid varint encoding/, () => "varint longer than 10 bytes"],
  [/^invalid tag encoding/, () => "field key is not a varint of at most 32 bits"],
  [/^invalid length encoding/, () => "length does not fit in 32 bits"],
  [/^invalid wire type 4\b/, () => "unexpected end of group"],
  [/^invalid wire type (\d+)/, (m) => `invalid wire type ${m[1]}`],
  [/^invalid end group tag/, () => "end of group does not match its start"],
  [/^missing end group/, () => "unterminated group"],
  [/^max depth exceeded/, () => `nested more than ${protobuf.Reader.recursionLimit} levels deep`],
  [/^illegal tag: field number 0/, () => "invalid field number 0"],
  [/^missing required '([^']*)'/, (m) => `missing required field ${m[1]}`],
  [/encoded data was not valid/, () => "a string field is not valid UTF-8"],
];

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  for (const [pattern, reason] of REASONS) {
    const match = pattern.exec(message);
    if (match) {
      // A missing required field is found once the message is read: its instance names the type it belongs to.
      const instance = error instanceof protobuf.util.ProtocolError ? error.instance : undefined;
      const type = instance?.$type instanceof protobuf.Type ? ` of ${instance.$type.fullName.slice(1)}` : "";
      return reason(match) + (match[0].startsWith("missing required") ? type : "");
    }
  }
  return `cannot decode: ${message}`;
}

/**
 * Decodes one message of `type` from `bytes`, refusing more than `maxBytes` unread. Unknown fields, and known fields
 * with another wire type, are skipped (proto2: they are unknown fields); an unknown number of a (closed) proto2 enum
 * leaves the field unset; a missing required field, bad UTF-8, truncation and malformed keys, varints or groups give
 * `ok: false`. A scalar seen twice keeps the last value and a message seen twice is merged, as protobuf does.
 */
export function decodeWith(type: protobuf.Type, bytes: Uint8Array, maxBytes: number): ProtoResult<DecodedMessage> {
  if (!(bytes instanceof Uint8Array)) return { ok: false, error: "not bytes" };
  if (bytes.length > maxBytes) return { ok: false, error: `message too large (${bytes.length} bytes > ${maxBytes})` };
  const reader = new StrictReader(bytes);
  reader.discardUnknown = true;
  try {
    return { ok: true, value: type.decode(reader) };
  } catch (error) {
    return { ok: false, error: reasonOf(error) };
  }
}

/**
 * Encodes a plain object whose fields already hold wire values (enum numbers, byte arrays; json.ts makes them) in
 * field-number order, as `SerializeToString` does.
 */
export function encodeWith(type: protobuf.Type, value: Readonly<Record<string, unknown>>): Uint8Array {
  return type.encode(value).finish();
}
