// The JSON a Mesos master writes (json.ts says exactly what that is) → a plain object of wire values for
// wire.ts#encodeWith. Strict where Mesos's own parser is lenient: what we encode is our own output or the simulator's,
// and a misspelled field should fail loudly.
import protobuf from "protobufjs/light";
import { Invalid, LONG_TYPES, UNSIGNED_LONG_TYPES, fail, fullName, isRecord } from "./json-common";
import type { ProtoResult } from "./wire";

const INT32_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  sint32: [-(2 ** 31), 2 ** 31 - 1],
  sfixed32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
  fixed32: [0, 2 ** 32 - 1],
};
const MAX_DEPTH = protobuf.Reader.recursionLimit;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function parseBytes(value: unknown, at: string): Uint8Array {
  if (typeof value !== "string" || !BASE64.test(value)) fail(`${at}: not standard base64`);
  const bytes = new Uint8Array(protobuf.util.base64.length(value));
  protobuf.util.base64.decode(value, bytes, 0);
  // Only the canonical spelling comes back out unchanged, and so round-trips.
  if (protobuf.util.base64.encode(bytes, 0, bytes.length) !== value) fail(`${at}: not canonical base64`);
  return bytes;
}

function parseNumber(type: string, value: unknown, at: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) fail(`${at}: not a finite number`);
  if (type === "double" || type === "float") return value;
  if (!Number.isInteger(value)) fail(`${at}: ${value} is not an integer`);
  const [min, max] = INT32_RANGES[type] ?? (UNSIGNED_LONG_TYPES.has(type) ? [0, 2 ** 64] : [-(2 ** 63), 2 ** 63]);
  // 64-bit bounds are exclusive above: 2^63 and 2^64 are doubles, but not values of the type.
  const fits = LONG_TYPES.has(type) ? value >= min && value < max : value >= min && value <= max;
  return fits ? value : fail(`${at}: ${value} does not fit in ${type}`);
}

function parseValue(field: protobuf.Field, value: unknown, at: string, depth: number): unknown {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Enum) {
    const number = typeof value === "string" && Object.hasOwn(resolved.values, value) ? resolved.values[value] : null;
    return number ?? fail(`${at}: ${JSON.stringify(value)} is not a value name of ${fullName(resolved)}`);
  }
  if (resolved instanceof protobuf.Type) return parseMessage(resolved, value, at, depth + 1);
  switch (field.type) {
    case "string":
      if (typeof value !== "string") fail(`${at}: not a string`);
      return LONE_SURROGATE.test(value) ? fail(`${at}: not valid Unicode (lone surrogate)`) : value;
    case "bytes":
      return parseBytes(value, at);
    case "bool":
      return typeof value === "boolean" ? value : fail(`${at}: not a boolean`);
    default:
      return parseNumber(field.type, value, at);
  }
}

function parseMessage(type: protobuf.Type, value: unknown, at: string, depth: number): Record<string, unknown> {
  if (depth > MAX_DEPTH) fail(`${at}: nested more than ${MAX_DEPTH} levels deep`);
  if (!isRecord(value)) fail(`${at}: not an object`);
  for (const key of Object.keys(value))
    if (!Object.hasOwn(type.fields, key)) fail(`${at}: ${fullName(type)} has no field ${JSON.stringify(key)}`);
  const out: Record<string, unknown> = {};
  for (const field of type.fieldsArray) {
    const item = value[field.name];
    const where = `${at}.${field.name}`;
    if (item === undefined) {
      if (field.required) fail(`${where}: missing required field`);
    } else if (field instanceof protobuf.MapField) {
      if (!isRecord(item)) fail(`${where}: not an object`);
      // Every map of the Mesos protos is keyed by string; other keys would need JSON's string keys converted.
      if (field.keyType !== "string") fail(`${where}: map keys of type ${field.keyType} are not supported`);
      const entries: Record<string, unknown> = {};
      for (const [key, entry] of Object.entries(item))
        Object.defineProperty(entries, key, {
          value: parseValue(field, entry, `${where}[${JSON.stringify(key)}]`, depth),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      out[field.name] = entries;
    } else if (field.repeated) {
      if (!Array.isArray(item)) fail(`${where}: not an array`);
      out[field.name] = item.map((entry, i) => parseValue(field, entry, `${where}[${i}]`, depth));
    } else {
      out[field.name] = parseValue(field, item, where, depth);
    }
  }
  for (const oneof of type.oneofsArray) {
    const set = oneof.fieldsArray.filter((field) => value[field.name] !== undefined).map((field) => field.name);
    if (set.length > 1) fail(`${at}: ${set.join(" and ")} are both in oneof ${oneof.name}`);
  }
  return out;
}

/**
 * Reads `value` as JSON of `type` the way toMesosJson writes it, into a plain object of wire values for
 * wire.ts#encodeWith. Refuses unknown field names, missing required fields, values of the wrong JSON type,
 * integers that do not fit, unknown enum names, non-canonical base64 and `null`.
 */
export function fromMesosJson(type: protobuf.Type, value: unknown): ProtoResult<Record<string, unknown>> {
  try {
    return { ok: true, value: parseMessage(type, value, fullName(type), 0) };
  } catch (error) {
    return { ok: false, error: error instanceof Invalid ? error.message : `internal error: ${String(error)}` };
  }
}
