// How a master writes a v1 operator API message as JSON, by version (docs/mesos/http.md#the-v1-json-writer):
// - 1.0-1.4 `stringify(JSON::protobuf(message))`: a `JSON::Object` is a std::map, so keys come out sorted at every
//   level (`src/common/http.cpp` `serialize`, `3rdparty/stout/include/stout/json.hpp` @1.0.0-1.4.0);
// - 1.5 and later `jsonify(JSON::Protobuf(message))`: fields in the order the .proto declares them;
// - doubles always carry a decimal point (`%#.*g`, trailing zeros trimmed, so `15.0`), with 15 significant digits
//   before rapidjson (1.7); `/` is written `\/` before 1.7 (picojson, then stout's own writer);
// - int64 fields (`nanoseconds`) and uint32 (`ip`, `port`) are plain integers; enums are their names; `bytes` base64;
// - an empty repeated field is left out (`JSON::Protobuf` writes only fields that are set), except that from 1.10 the
//   lists of GetTasks, GetExecutors, GetFrameworks, GetAgents and GetMetrics are always written (`jsonifyGetTasks`
//   and the others, src/master/readonly_handler.cpp @1.10.0; `jsonifyGetMetrics`, src/common/http.hpp).
// The objects handed in are the JSON-shaped messages (plain numbers), the same ones the protobuf encoder takes, so the
// writer tells a double from an integer by the field's name: every number field named below is a proto `double`.
import { atLeast } from "../../lib/mesos/versions";

export type V1Value = string | number | boolean | V1Object | V1Value[];
export type V1Object = { [key: string]: V1Value };

/**
 * The `double` fields of the messages the simulator writes: `Value.Scalar.value`, `Metric.value`,
 * `FrameworkInfo.failover_timeout`, `TaskStatus.timestamp`, `VersionInfo.build_time`, `GetMaster.start_time` and
 * `elected_time`, `Event.Subscribed.heartbeat_interval_seconds` (include/mesos/v1/mesos.proto and
 * include/mesos/v1/master/master.proto @1.11.0). No integer field of those messages shares one of these names.
 */
const DOUBLE_FIELDS = new Set([
  "value",
  "failover_timeout",
  "timestamp",
  "build_time",
  "start_time",
  "elected_time",
  "heartbeat_interval_seconds",
]);

/** The lists the 1.10 writers always write; no nested message of the simulated answers has a field so named. */
const TOP_LEVEL_LISTS = new Set([
  "tasks",
  "unreachable_tasks",
  "completed_tasks",
  "executors",
  "frameworks",
  "completed_frameworks",
  "agents",
  "recovered_agents",
  "metrics",
]);

export interface V1JsonStyle {
  sortKeys: boolean;
  escapeSlash: boolean;
  fifteenDigits: boolean;
  listsAlwaysWritten: boolean;
}

export function v1JsonStyle(version: string): V1JsonStyle {
  const rapidjson = atLeast(version, "1.7.0");
  return {
    sortKeys: !atLeast(version, "1.5.0"),
    escapeSlash: !rapidjson,
    fifteenDigits: !rapidjson,
    listsAlwaysWritten: atLeast(version, "1.10.0"),
  };
}

const MARK = "\u0001";
const MARKED = /"\\u0001(-?\d+)\\u0001"/g;

function isObject(value: unknown): value is V1Object {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Serialises one message as the version's master does (compact, one line). */
export function writeV1Json(style: V1JsonStyle, message: V1Object): string {
  const text = JSON.stringify(message, function (this: unknown, key: string, value: unknown) {
    if (typeof value === "number" && DOUBLE_FIELDS.has(key) && Number.isFinite(value)) {
      const rounded = style.fifteenDigits && !Number.isInteger(value) ? Number(value.toPrecision(15)) : value;
      return Number.isInteger(rounded) && Math.abs(rounded) < 1e15 ? `${MARK}${rounded}${MARK}` : rounded;
    }
    if (Array.isArray(value) && value.length === 0 && !(style.listsAlwaysWritten && TOP_LEVEL_LISTS.has(key)))
      return undefined;
    if (style.sortKeys && isObject(value))
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((name) => [name, value[name]]),
      );
    return value;
  }).replace(MARKED, "$1.0");
  return style.escapeSlash ? text.replace(/\//g, "\\/") : text;
}
