// Protobuf messages as the JSON a Mesos master writes, and back, so that one set of schemas reads either encoding.
//
// What a 1.11.0 master writes (apache/mesos at 1.11.0, commit 04bc7ee1984d86fbb0bd782ccc69ce44c13ae4b9):
// - `serialize(ContentType::JSON, message)` is `jsonify(JSON::Protobuf(message))` (src/common/http.cpp), whose
//   `json(ObjectWriter*, const Protobuf&)` is in 3rdparty/stout/include/stout/protobuf.hpp. It walks the descriptor's
//   fields in declaration order and writes:
//   - a repeated field only when it has elements: an empty one is left out, never `[]`;
//   - a singular field when it is set, or when it is unset but has an explicit `[default = …]` and is not
//     `[deprecated = true]`; then the default is written (FrameworkInfo.failover_timeout 0, checkpoint false, …);
//   - names exactly as in the .proto (snake_case); enums by value name; `bytes` as standard base64 with padding
//     (stout/base64.hpp); every integer, 64-bit ones too, as a JSON number; map fields as an object keyed by the key;
//   - doubles with rapidjson's shortest round-trip form (stout/jsonify.hpp), i.e. the same number once parsed.
//   Unknown fields are never written (reflection lists only the descriptor's fields); proto2 enums are closed, so an
//   unknown enum number is an unknown field, i.e. the field reads as unset.
// - Some responses skip `JSON::Protobuf` at the top (src/master/readonly_handler.cpp `jsonifyGetAgents`,
//   `jsonifyGetFrameworks`, `jsonifyGetExecutors`, `jsonifyGetTasks`, `jsonifyGetState`, `jsonifySubscribe`;
//   src/common/http.hpp `jsonifyGetMetrics`): their writers always write the lists they fill, empty ones as `[]`
//   (ALWAYS_LISTED below), and write the list elements with `JSON::Protobuf` again.
// Older masters differ (lib/mesos/proto/apache-mesos-1.11.0/README.md): before 1.10 those responses too went through
// `JSON::Protobuf` (no `[]`); before 1.5 keys were sorted (a `JSON::Object` map); before 1.4 deprecated defaults such as
// Resource.role "*" were written as well; before 1.7 doubles had at most 15 significant digits.
//
// Reading JSON (to encode it) is strict where Mesos's own parser is lenient (stout's `protobuf::parse` ignores unknown
// names, reads `null` as unset and accepts numbers in strings): what we encode is our own output or the simulator's,
// and a misspelled field should fail loudly.
import protobuf from "protobufjs/light";
import {
  type MesosJson,
  type MesosJsonObject,
  Invalid,
  LONG_TYPES,
  UNSIGNED_LONG_TYPES,
  fail,
  fullName,
  isRecord,
} from "./json-common";
import type { DecodedMessage, ProtoResult } from "./wire";

export type { MesosJson, MesosJsonObject } from "./json-common";
export { fromMesosJson } from "./json-parse";

/** Lists that a 1.10+ master's hand-written JSON writers always write, `[]` when empty (see above). */
const ALWAYS_LISTED: ReadonlySet<string> = new Set([
  "mesos.v1.master.Response.GetAgents.agents",
  "mesos.v1.master.Response.GetAgents.recovered_agents",
  "mesos.v1.master.Response.GetFrameworks.frameworks",
  "mesos.v1.master.Response.GetFrameworks.completed_frameworks",
  "mesos.v1.master.Response.GetExecutors.executors",
  "mesos.v1.master.Response.GetTasks.tasks",
  "mesos.v1.master.Response.GetTasks.unreachable_tasks",
  "mesos.v1.master.Response.GetTasks.completed_tasks",
  "mesos.v1.master.Response.GetMetrics.metrics",
]);

// JSON.parse makes "__proto__" an own key; plain assignment would set the prototype instead.
function put(object: MesosJsonObject, key: string, value: MesosJson): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * What rendering needs of one field, worked out once per type: a SUBSCRIBED of a 10,000-agent cluster holds millions
 * of values, and reflecting on the descriptor (or composing a path string) for each of them cost seconds.
 */
interface FieldPlan {
  name: string;
  kind: "enum" | "message" | "bytes" | "long" | "scalar";
  map: boolean;
  repeated: boolean;
  alwaysListed: boolean;
  /** What stout writes when the field is unset (undefined: nothing). */
  unsetValue: MesosJson | undefined;
  enumNames: Readonly<Record<number, string>> | null;
  enumName: string;
  messageType: protobuf.Type | null;
  unsignedLong: boolean;
}

const plans = new WeakMap<protobuf.Type, FieldPlan[]>();

function planOf(type: protobuf.Type): FieldPlan[] {
  let plan = plans.get(type);
  if (plan) return plan;
  const typeName = fullName(type);
  plan = type.fieldsArray.map((field): FieldPlan => {
    const resolved = field.resolve().resolvedType;
    const kind =
      resolved instanceof protobuf.Enum
        ? "enum"
        : resolved instanceof protobuf.Type
          ? "message"
          : field.type === "bytes"
            ? "bytes"
            : LONG_TYPES.has(field.type)
              ? "long"
              : "scalar";
    return {
      name: field.name,
      kind,
      map: field.map,
      repeated: field.repeated,
      alwaysListed: ALWAYS_LISTED.has(`${typeName}.${field.name}`),
      unsetValue: writtenDefault(field),
      enumNames: resolved instanceof protobuf.Enum ? resolved.valuesById : null,
      enumName: resolved instanceof protobuf.Enum ? fullName(resolved) : "",
      messageType: resolved instanceof protobuf.Type ? resolved : null,
      unsignedLong: UNSIGNED_LONG_TYPES.has(field.type),
    };
  });
  plans.set(type, plan);
  return plan;
}

/**
 * The strings of the message being rendered, each kept once. The decoder makes a new string for every occurrence, and a
 * big state repeats the same ids many times (a task's id in each of its statuses, its agent's and framework's ids in
 * every task, resource names and roles): sharing one copy keeps a model built from SUBSCRIBED about a quarter smaller,
 * which every later garbage collection walks. Short strings only: long ones are rarely repeated.
 */
let seenStrings: Map<string, string> | null = null;
const SHARED_STRING_MAX = 256;

function shared(value: string): string {
  if (seenStrings === null || value.length > SHARED_STRING_MAX) return value;
  const seen = seenStrings.get(value);
  if (seen !== undefined) return seen;
  seenStrings.set(value, value);
  return value;
}

function renderValue(field: FieldPlan, value: unknown): MesosJson {
  switch (field.kind) {
    case "message":
      return renderMessage(field.messageType as protobuf.Type, value);
    case "enum": {
      const name = typeof value === "number" ? field.enumNames?.[value] : undefined;
      return name ?? fail(`${String(value)} is not a value of ${field.enumName}`);
    }
    case "bytes": {
      const bytes = value instanceof Uint8Array ? value : fail("not bytes");
      return shared(protobuf.util.base64.encode(bytes, 0, bytes.length));
    }
    case "long":
      if (typeof value === "number") return value;
      // With the `long` package loaded protobufjs gives Long objects; Number rounds as JSON.parse would.
      return protobuf.util.LongBits.from(value as protobuf.Long).toNumber(field.unsignedLong);
    default:
      // rapidjson cannot write NaN or infinities (a 1.11 master would abort), so no master sends them.
      if (typeof value === "number") return Number.isFinite(value) ? value : fail(`${value} has no JSON form`);
      if (typeof value === "string") return shared(value);
      if (typeof value === "boolean") return value;
      return fail(`unexpected ${typeof value}`);
  }
}

// The value stout writes for an unset field: its explicit default unless deprecated, else nothing.
function writtenDefault(field: protobuf.Field): MesosJson | undefined {
  const options: Readonly<Record<string, unknown>> = field.options ?? {};
  const value = options.default;
  if (value === undefined || options.deprecated === true) return undefined;
  if (field.resolvedType instanceof protobuf.Enum && typeof value === "number")
    return field.resolvedType.valuesById[value];
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? value : undefined;
}

/** Renders one field; a failure below is located by prepending where it happened. */
function renderField(field: FieldPlan, value: unknown, out: MesosJsonObject): void {
  let index = -1;
  try {
    if (field.map) {
      if (!isRecord(value)) return;
      const keys = Object.keys(value);
      if (keys.length === 0) return;
      const entries: MesosJsonObject = {};
      for (const key of keys) put(entries, key, renderValue(field, value[key]));
      out[field.name] = entries;
    } else if (field.repeated) {
      const items: readonly unknown[] = Array.isArray(value) ? value : [];
      if (items.length === 0 && !field.alwaysListed) return;
      const rendered: MesosJson[] = new Array<MesosJson>(items.length);
      for (index = 0; index < items.length; index++) rendered[index] = renderValue(field, items[index]);
      out[field.name] = rendered;
    } else if (value !== undefined && value !== null) {
      out[field.name] = renderValue(field, value);
    } else if (field.unsetValue !== undefined) {
      out[field.name] = field.unsetValue;
    }
  } catch (error) {
    if (error instanceof Invalid) error.path.unshift(`.${field.name}${index >= 0 ? `[${index}]` : ""}`);
    throw error;
  }
}

function renderMessage(type: protobuf.Type, message: unknown): MesosJsonObject {
  if (!isRecord(message)) fail("not a message");
  const out: MesosJsonObject = {};
  for (const field of planOf(type))
    renderField(field, Object.hasOwn(message, field.name) ? message[field.name] : undefined, out);
  return out;
}

/**
 * The JSON a Mesos 1.11 master writes for `message` (rules above): snake_case names, enum names, base64 bytes, 64-bit
 * integers as numbers, explicit non-deprecated defaults filled in, empty lists left out except ALWAYS_LISTED ones.
 */
export function toMesosJson(
  type: protobuf.Type,
  message: DecodedMessage,
  /** The strings to share, when several messages are read into one model (get-state-parts.ts). */
  strings: Map<string, string> = new Map(),
): ProtoResult<MesosJsonObject> {
  seenStrings = strings;
  try {
    return { ok: true, value: renderMessage(type, message) };
  } catch (error) {
    if (!(error instanceof Invalid)) return { ok: false, error: `internal error: ${String(error)}` };
    return { ok: false, error: `${fullName(type)}${error.path.join("")}: ${error.reason}` };
  } finally {
    seenStrings = null;
  }
}
