// Writing a v1 answer or event in the negotiated media type, and reading a call. Each answer is built once as the
// JSON-shaped object: JSON is written as the simulated version's master writes it (sim/v1/json.ts); protobuf goes
// through lib/mesos/proto (apache/mesos's own 1.11.0 .proto files), which takes the same object. Older masters'
// messages are subsets of 1.11.0's under the same field numbers, except 1.0's TaskUpdated, written here by hand.
import { decodeV1Call, encodeV1Event, encodeV1Response } from "../../lib/mesos/proto/codec";
import type { V1Features } from "./features";
import { type V1Object, type V1Value, writeV1Json } from "./json";

export const APPLICATION_JSON = "application/json";
export const APPLICATION_PROTOBUF = "application/x-protobuf";
export type MediaType = typeof APPLICATION_JSON | typeof APPLICATION_PROTOBUF;
export type MessageKind = "event" | "response";

/** `TaskState` numbers (include/mesos/v1/mesos.proto), for 1.0's TaskUpdated. */
const TASK_STATES: Record<string, number> = {
  TASK_STARTING: 0,
  TASK_RUNNING: 1,
  TASK_FINISHED: 2,
  TASK_FAILED: 3,
  TASK_KILLED: 4,
  TASK_LOST: 5,
  TASK_STAGING: 6,
  TASK_ERROR: 7,
  TASK_KILLING: 8,
};
const EVENT_TASK_UPDATED = 3;

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let n = value;
  while (n > 0x7f) {
    bytes.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  bytes.push(n);
  return Buffer.from(bytes);
}
const lengthDelimited = (field: number, bytes: Buffer) =>
  Buffer.concat([varint((field << 3) | 2), varint(bytes.length), bytes]);
const enumField = (field: number, value: number) => Buffer.concat([varint(field << 3), varint(value)]);
const idField = (field: number, id: V1Value | undefined): Buffer[] => {
  const value = typeof id === "object" && !Array.isArray(id) ? id.value : undefined;
  return typeof value === "string" ? [lengthDelimited(field, lengthDelimited(1, Buffer.from(value, "utf8")))] : [];
};

/**
 * 1.0's `Event.TaskUpdated {task_id = 1, framework_id = 2, agent_id = 3, executor_id = 4, state = 5}`
 * (include/mesos/v1/master/master.proto @1.0.0), which 1.1 renumbered: the 1.11.0 files cannot write it.
 */
function encodeTaskUpdated10(event: V1Object): Buffer {
  const update = event.task_updated as V1Object;
  const body = Buffer.concat([
    ...idField(1, update.task_id),
    ...idField(2, update.framework_id),
    ...idField(3, update.agent_id),
    ...idField(4, update.executor_id),
    enumField(5, TASK_STATES[String(update.state)] ?? 0),
  ]);
  return Buffer.concat([enumField(1, EVENT_TASK_UPDATED), lengthDelimited(4, body)]);
}

/**
 * `GetFrameworks.Framework.recovered` (field 11) is required in the 1.11.0 files and did not exist before 1.2, so a
 * pre-1.2 framework cannot be written with them as it was: the simulator adds `recovered: false` (two bytes a real
 * 1.0 or 1.1 master does not send; a reader with the 1.11.0 files would refuse that master's bytes).
 */
function withRecovered(value: V1Value): V1Value {
  if (Array.isArray(value)) return value.map(withRecovered);
  if (typeof value !== "object") return value;
  const copy: V1Object = {};
  for (const [key, field] of Object.entries(value)) copy[key] = withRecovered(field);
  if ("framework_info" in copy && "connected" in copy && !("recovered" in copy)) copy.recovered = false;
  return copy;
}

export function encodeV1(f: V1Features, message: V1Object, kind: MessageKind, type: MediaType): Buffer {
  if (type === APPLICATION_JSON) return Buffer.from(writeV1Json(f.json, message), "utf8");
  if (kind === "event" && message.type === "TASK_UPDATED" && !f.taskUpdatedStatus) return encodeTaskUpdated10(message);
  const wire = f.recoveredAndUnreachable ? message : (withRecovered(message) as V1Object);
  const encoded = kind === "event" ? encodeV1Event(wire) : encodeV1Response(wire);
  if (!encoded.ok) throw new Error(`cannot encode ${String(message.type)} as protobuf: ${encoded.error}`);
  return Buffer.from(encoded.value);
}

/** A protobuf `Call` body → its JSON form (`{type, get_metrics?…}`), or the parse error a master reports. */
export function decodeCall(body: Buffer): { json: V1Object } | { error: string } {
  const decoded = decodeV1Call(body);
  return decoded.ok ? { json: decoded.value } : { error: "Failed to parse body into Call protobuf" };
}
