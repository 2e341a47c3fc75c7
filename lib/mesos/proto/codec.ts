// The Mesos protobuf codecs: apache/mesos's own .proto files (1.11.0, vendored in apache-mesos-1.11.0/) read by
// protobufjs. Every decoder returns the object a Mesos master writes as JSON for the same message (json.ts says
// exactly what that is), so the schemas that read a master's JSON read its protobuf too; every encoder takes such an
// object. Nothing here throws on input: bad bytes or bad objects give `{ ok: false, error }`.
//
//   const event = decodeV1Event(recordBytes);            // application/x-protobuf → the JSON form
//   if (event.ok && event.value.type === "HEARTBEAT") …
//   const bytes = encodeV1Response({ type: "GET_HEALTH", get_health: { healthy: true } });
import { fromMesosJson, toMesosJson, type MesosJsonObject } from "./json";
import { messageType, type MessageTypeName } from "./root";
import { decodeWith, encodeWith, type ProtoResult } from "./wire";

export type { MesosJson, MesosJsonObject } from "./json";
export type { ProtoResult } from "./wire";

/** `MasterInfo` bytes longer than this are refused unread (a znode's data is at most about 1 MB anyway). */
export const MAX_MASTER_INFO_BYTES = 1024 * 1024;

/**
 * v1 operator API messages longer than this are refused unread. A SUBSCRIBED event or GET_STATE response carries the
 * whole cluster, a few KB per agent and per task; 64 MiB is far above any cluster we watch and far below trouble.
 */
export const MAX_V1_MESSAGE_BYTES = 64 * 1024 * 1024;

export type DecodeOptions = { maxBytes?: number };

/** Bytes of `name` → the JSON object a master writes for them. */
export function decodeMesosMessage(
  name: MessageTypeName,
  bytes: Uint8Array,
  maxBytes: number,
): ProtoResult<MesosJsonObject> {
  const type = messageType(name);
  const decoded = decodeWith(type, bytes, maxBytes);
  return decoded.ok ? toMesosJson(type, decoded.value) : decoded;
}

/** The JSON object of `name` (as a master writes it) → its protobuf bytes, in field-number order. */
export function encodeMesosMessage(name: MessageTypeName, value: unknown): ProtoResult<Uint8Array> {
  const type = messageType(name);
  const wire = fromMesosJson(type, value);
  if (!wire.ok) return wire;
  try {
    return { ok: true, value: encodeWith(type, wire.value) };
  } catch (error) {
    return { ok: false, error: `cannot encode ${name}: ${String(error)}` };
  }
}

/**
 * A `mesos.MasterInfo` as protobuf (the `info_*` znodes of 0.17–0.23 masters, docs/mesos/zookeeper.md) → the object a
 * master writes as `json.info_*` data: `{ id, ip, port, pid?, hostname?, version?, address?, domain?, capabilities? }`
 * with capability types by name. An unknown capability number leaves that capability `{}` (proto2 closed enum).
 */
export function decodeMasterInfo(bytes: Uint8Array, options: DecodeOptions = {}): ProtoResult<MesosJsonObject> {
  return decodeMesosMessage("mesos.MasterInfo", bytes, options.maxBytes ?? MAX_MASTER_INFO_BYTES);
}

/** The inverse of decodeMasterInfo: the bytes `SerializeToString` gives for that `MasterInfo`. */
export function encodeMasterInfo(info: unknown): ProtoResult<Uint8Array> {
  return encodeMesosMessage("mesos.MasterInfo", info);
}

/** One `mesos.v1.master.Event` of the SUBSCRIBE stream (one RecordIO record's bytes) → its JSON object. */
export function decodeV1Event(bytes: Uint8Array, options: DecodeOptions = {}): ProtoResult<MesosJsonObject> {
  return decodeMesosMessage("mesos.v1.master.Event", bytes, options.maxBytes ?? MAX_V1_MESSAGE_BYTES);
}

/** A `mesos.v1.master.Event` JSON object → the protobuf bytes of one record of the stream. */
export function encodeV1Event(event: unknown): ProtoResult<Uint8Array> {
  return encodeMesosMessage("mesos.v1.master.Event", event);
}

/** A `mesos.v1.master.Response` body (GET_STATE, GET_AGENTS, GET_MASTER, …) → its JSON object. */
export function decodeV1Response(bytes: Uint8Array, options: DecodeOptions = {}): ProtoResult<MesosJsonObject> {
  return decodeMesosMessage("mesos.v1.master.Response", bytes, options.maxBytes ?? MAX_V1_MESSAGE_BYTES);
}

/** A `mesos.v1.master.Response` JSON object → the protobuf body a master sends for `application/x-protobuf`. */
export function encodeV1Response(response: unknown): ProtoResult<Uint8Array> {
  return encodeMesosMessage("mesos.v1.master.Response", response);
}

/** A `mesos.v1.master.Call` body, as a master receives it → its JSON object (`{ type: "SUBSCRIBE" }`, …). */
export function decodeV1Call(bytes: Uint8Array, options: DecodeOptions = {}): ProtoResult<MesosJsonObject> {
  return decodeMesosMessage("mesos.v1.master.Call", bytes, options.maxBytes ?? MAX_V1_MESSAGE_BYTES);
}

/** A `mesos.v1.master.Call` JSON object → the protobuf body to POST to `/api/v1`. */
export function encodeV1Call(call: unknown): ProtoResult<Uint8Array> {
  return encodeMesosMessage("mesos.v1.master.Call", call);
}
