import "server-only";
// The monitor's only I/O towards masters, injected so that its parts are tested without HTTP.
import { decodeV1Event, decodeV1Response } from "@/lib/mesos/proto/codec";
import { fetchMetrics, fetchState, probeElected, probeHealth } from "./master-api";
import { holdConnection } from "./master-http";
import { type RecordDecoder, decodeJsonRecord } from "./stream-connection";
import { v1Call, v1Subscribe } from "./v1-http";

export interface MonitorIo {
  probeHealth: typeof probeHealth;
  probeElected: typeof probeElected;
  holdConnection: typeof holdConnection;
  fetchState: typeof fetchState;
  fetchMetrics: typeof fetchMetrics;
  subscribe: typeof v1Subscribe;
  call: typeof v1Call;
  /** One record of the event stream, and one call's answer, into the JSON shape a master writes. */
  decodeRecord: RecordDecoder;
  decodeResponse: RecordDecoder;
}

const decodeEvent: RecordDecoder = (bytes, encoding) =>
  encoding === "json" ? decodeJsonRecord(bytes, encoding) : decodeV1Event(bytes, { maxBytes: bytes.byteLength });

const decodeResponse: RecordDecoder = (bytes, encoding) =>
  encoding === "json" ? decodeJsonRecord(bytes, encoding) : decodeV1Response(bytes, { maxBytes: bytes.byteLength });

export const masterIo: MonitorIo = {
  probeHealth,
  probeElected,
  holdConnection,
  fetchState,
  fetchMetrics,
  subscribe: v1Subscribe,
  call: v1Call,
  decodeRecord: decodeEvent,
  decodeResponse,
};
