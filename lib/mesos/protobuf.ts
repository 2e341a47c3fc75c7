// A minimal protobuf (proto2) wire-format reader and writer, plus a schema-driven message codec and the `MasterInfo`
// schema (docs/mesos/zookeeper.md#masterinfo-protobuf-fields). No dependency; readers never throw, they say why bytes
// do not parse.

/** Wire types of the protobuf encoding. Groups (3, 4) are only ever skipped. */
export const WireType = { VARINT: 0, I64: 1, LEN: 2, START_GROUP: 3, END_GROUP: 4, I32: 5 } as const;
export type WireType = (typeof WireType)[keyof typeof WireType];

/** One top-level field as read from the wire. Varints are kept as 64-bit unsigned `bigint`s. */
export type ProtoField =
  | { number: number; wireType: typeof WireType.VARINT; value: bigint }
  | { number: number; wireType: typeof WireType.LEN; value: Uint8Array }
  | { number: number; wireType: typeof WireType.I64 | typeof WireType.I32; value: Uint8Array };

export type ProtoResult<T> = { ok: true; value: T } | { ok: false; error: string };

const MAX_FIELD_NUMBER = 536_870_911; // 2^29 - 1
const MAX_GROUP_DEPTH = 64;

type Cursor = { pos: number };

function readVarint(bytes: Uint8Array, cursor: Cursor): ProtoResult<bigint> {
  const start = cursor.pos;
  let result = 0n;
  for (let i = 0; i < 10; i++) {
    const byte = bytes[cursor.pos];
    if (byte === undefined) return { ok: false, error: `truncated varint at byte ${start}` };
    cursor.pos++;
    // The 10th byte may only carry bit 63; anything more does not fit in 64 bits.
    if (i === 9 && byte > 1) return { ok: false, error: `varint at byte ${start} overflows 64 bits` };
    result |= BigInt(byte & 0x7f) << BigInt(7 * i);
    if ((byte & 0x80) === 0) return { ok: true, value: result };
  }
  return { ok: false, error: `varint at byte ${start} is longer than 10 bytes` };
}

function readKey(bytes: Uint8Array, cursor: Cursor): ProtoResult<{ number: number; wireType: number }> {
  const at = cursor.pos;
  const key = readVarint(bytes, cursor);
  if (!key.ok) return key;
  if (key.value > 0xffffffffn) return { ok: false, error: `field key at byte ${at} does not fit in 32 bits` };
  const number = Number(key.value >> 3n);
  const wireType = Number(key.value & 7n);
  if (number < 1 || number > MAX_FIELD_NUMBER)
    return { ok: false, error: `invalid field number ${number} at byte ${at}` };
  if (wireType > 5) return { ok: false, error: `invalid wire type ${wireType} at byte ${at}` };
  return { ok: true, value: { number, wireType } };
}

function readValue(
  bytes: Uint8Array,
  cursor: Cursor,
  number: number,
  wireType: number,
  depth: number,
): ProtoResult<ProtoField | null> {
  if (wireType === WireType.VARINT) {
    const value = readVarint(bytes, cursor);
    return value.ok ? { ok: true, value: { number, wireType, value: value.value } } : value;
  }
  if (wireType === WireType.LEN || wireType === WireType.I64 || wireType === WireType.I32) {
    let length = wireType === WireType.I64 ? 8 : 4;
    if (wireType === WireType.LEN) {
      const declared = readVarint(bytes, cursor);
      if (!declared.ok) return declared;
      if (declared.value > BigInt(bytes.length - cursor.pos))
        return {
          ok: false,
          error: `length ${declared.value} of field ${number} runs past the end (${bytes.length - cursor.pos} bytes left)`,
        };
      length = Number(declared.value);
    }
    if (length > bytes.length - cursor.pos)
      return { ok: false, error: `fixed-width field ${number} runs past the end` };
    const value = bytes.subarray(cursor.pos, cursor.pos + length);
    cursor.pos += length;
    return { ok: true, value: { number, wireType, value } };
  }
  const skipped = readUntil(bytes, cursor, number, depth + 1);
  return skipped.ok ? { ok: true, value: null } : skipped;
}

// Reads fields up to the end (`group` null) or up to the END_GROUP of `group`; groups are skipped (proto2).
function readUntil(bytes: Uint8Array, cursor: Cursor, group: number | null, depth: number): ProtoResult<ProtoField[]> {
  if (depth > MAX_GROUP_DEPTH) return { ok: false, error: "groups nested too deeply" };
  const fields: ProtoField[] = [];
  while (cursor.pos < bytes.length) {
    const key = readKey(bytes, cursor);
    if (!key.ok) return key;
    const { number, wireType } = key.value;
    if (wireType === WireType.END_GROUP) {
      return number === group ? { ok: true, value: fields } : { ok: false, error: `unexpected end of group ${number}` };
    }
    const field = readValue(bytes, cursor, number, wireType, depth);
    if (!field.ok) return field;
    if (field.value) fields.push(field.value);
  }
  return group === null ? { ok: true, value: fields } : { ok: false, error: `unterminated group ${group}` };
}

/**
 * Reads every top-level field of one message, in wire order; groups are skipped (proto2 semantics).
 * Never throws: truncated varints, lengths past the end, bad keys and stray group ends give `ok: false`.
 */
export function readFields(bytes: Uint8Array): ProtoResult<ProtoField[]> {
  return readUntil(bytes, { pos: 0 }, null, 0);
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Decodes a `string` field; `null` when the bytes are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

function varintBytes(value: bigint): number[] {
  const out: number[] = [];
  let rest = value;
  do {
    const low = Number(rest & 0x7fn);
    rest >>= 7n;
    out.push(rest === 0n ? low : low | 0x80);
  } while (rest !== 0n);
  return out;
}

/**
 * Builds one message. Callers add fields in field-number order, as `SerializeToString` does.
 * Throws `RangeError` for values the declared type cannot hold (a programming error, not input).
 */
export class ProtoWriter {
  private readonly chunks: number[] = [];

  private key(number: number, wireType: WireType): void {
    if (!Number.isInteger(number) || number < 1 || number > MAX_FIELD_NUMBER)
      throw new RangeError(`invalid field number ${number}`);
    this.chunks.push(...varintBytes(BigInt(number) * 8n + BigInt(wireType)));
  }

  /** A varint field. Negative values are written as 64-bit two's complement (10 bytes), as for `int32`. */
  varint(number: number, value: bigint | number): this {
    this.key(number, WireType.VARINT);
    this.chunks.push(...varintBytes(BigInt.asUintN(64, BigInt(value))));
    return this;
  }

  /** A length-delimited field: raw bytes, an embedded message, or a string (written as UTF-8). */
  bytes(number: number, value: Uint8Array | string): this {
    const bytes = typeof value === "string" ? Buffer.from(value, "utf8") : value;
    this.key(number, WireType.LEN);
    this.chunks.push(...varintBytes(BigInt(bytes.length)));
    for (const byte of bytes) this.chunks.push(byte);
    return this;
  }

  finish(): Buffer {
    return Buffer.from(this.chunks);
  }
}

/** How one field of a message is typed. Only what `MasterInfo` needs: no packed or 64-bit scalars. */
export type FieldSpec = { name: string; required?: boolean; repeated?: boolean } & (
  | { kind: "string" | "uint32" | "int32" }
  | { kind: "enum"; values: readonly string[] }
  | { kind: "message"; schema: MessageSchema }
);
export type MessageSchema = Readonly<Record<number, FieldSpec>>;

/** A decoded message: field name → string, number, enum name, nested message, or a list of those. */
export type ProtoValue = string | number | ProtoObject | ProtoValue[];
export type ProtoObject = { [name: string]: ProtoValue };

function entries(schema: MessageSchema): [number, FieldSpec][] {
  return Object.entries(schema)
    .map(([number, spec]): [number, FieldSpec] => [Number(number), spec])
    .sort((a, b) => a[0] - b[0]);
}

function decodeOne(field: ProtoField, spec: FieldSpec): ProtoResult<ProtoValue | undefined> {
  const label = `field ${field.number} (${spec.name})`;
  const expected = spec.kind === "string" || spec.kind === "message" ? WireType.LEN : WireType.VARINT;
  if (field.wireType !== expected)
    return { ok: false, error: `${label} has wire type ${field.wireType}, expected ${expected}` };
  if (field.wireType === WireType.VARINT) {
    // Like protobuf, a 32-bit field keeps the low 32 bits of a wider varint.
    if (spec.kind === "uint32") return { ok: true, value: Number(BigInt.asUintN(32, field.value)) };
    const int = Number(BigInt.asIntN(32, field.value));
    // proto2 keeps an unknown enum number as an unknown field, so the field reads as unset.
    if (spec.kind === "enum") return { ok: true, value: spec.values[int] };
    return { ok: true, value: int };
  }
  if (field.wireType !== WireType.LEN) return { ok: false, error: `${label}: unexpected wire type` };
  if (spec.kind === "message") {
    const nested = decodeMessage(field.value, spec.schema);
    return nested.ok ? nested : { ok: false, error: `${spec.name}: ${nested.error}` };
  }
  const text = decodeUtf8(field.value);
  return text === null ? { ok: false, error: `${label} is not valid UTF-8` } : { ok: true, value: text };
}

/**
 * Decodes one message by `schema`. Unknown fields are skipped; a known field with the wrong wire type, an
 * invalid UTF-8 string or a missing required field is an error. A non-repeated field seen twice keeps the
 * last scalar, and merges messages (by concatenating their bytes, which is what protobuf's merge amounts to).
 */
export function decodeMessage(bytes: Uint8Array, schema: MessageSchema): ProtoResult<ProtoObject> {
  const fields = readFields(bytes);
  if (!fields.ok) return fields;
  const out: ProtoObject = {};
  const merged = new Map<number, Uint8Array[]>();
  for (const field of fields.value) {
    const spec = schema[field.number];
    if (!spec) continue;
    if (spec.kind === "message" && !spec.repeated && field.wireType === WireType.LEN) {
      merged.set(field.number, [...(merged.get(field.number) ?? []), field.value]);
      continue;
    }
    const value = decodeOne(field, spec);
    if (!value.ok) return value;
    if (value.value === undefined) continue;
    const previous = out[spec.name];
    out[spec.name] = spec.repeated ? [...(Array.isArray(previous) ? previous : []), value.value] : value.value;
  }
  for (const [number, chunks] of merged) {
    const spec = schema[number];
    if (!spec) continue;
    const value = decodeOne({ number, wireType: WireType.LEN, value: Buffer.concat(chunks) }, spec);
    if (!value.ok) return value;
    if (value.value !== undefined) out[spec.name] = value.value;
  }
  for (const [number, spec] of entries(schema)) {
    if (spec.required && out[spec.name] === undefined)
      return { ok: false, error: `missing required field ${spec.name} (${number})` };
  }
  return { ok: true, value: out };
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function encodeOne(writer: ProtoWriter, number: number, spec: FieldSpec, value: unknown): void {
  const bad = () => new RangeError(`field ${number} (${spec.name}): unexpected value ${JSON.stringify(value)}`);
  if (spec.kind === "string") {
    if (typeof value !== "string") throw bad();
    writer.bytes(number, value);
  } else if (spec.kind === "message") {
    if (!isRecord(value)) throw bad();
    writer.bytes(number, encodeMessage(value, spec.schema));
  } else if (spec.kind === "enum") {
    const index = typeof value === "string" ? spec.values.indexOf(value) : -1;
    if (index < 0) throw bad();
    writer.varint(number, index);
  } else {
    const [min, max] = spec.kind === "uint32" ? [0, 0xffffffff] : [-0x80000000, 0x7fffffff];
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) throw bad();
    writer.varint(number, value);
  }
}

/**
 * Encodes `value` by `schema` in field-number order, as `SerializeToString` does; `undefined` fields are unset.
 * Throws `RangeError` when a value does not fit its field or a required field is missing.
 */
export function encodeMessage(value: Readonly<Record<string, unknown>>, schema: MessageSchema): Buffer {
  const writer = new ProtoWriter();
  for (const [number, spec] of entries(schema)) {
    const field = value[spec.name];
    if (field === undefined) {
      if (spec.required) throw new RangeError(`missing required field ${spec.name} (${number})`);
      continue;
    }
    if (spec.repeated && !Array.isArray(field)) throw new RangeError(`field ${number} (${spec.name}) must be an array`);
    for (const item of spec.repeated && Array.isArray(field) ? field : [field]) encodeOne(writer, number, spec, item);
  }
  return writer.finish();
}
