// `POST /api/v1` on a simulated master from 1.0 (`Master::Http::api`, src/master/http.cpp, the same checks in the same
// order from 1.0.0 to 1.11.0; docs/mesos/http.md#operator-api-v1): basic auth in the read-write realm (libprocess,
// before the handler), then leadership (307 to the leader, 503 "No leader elected"), recovery (503 "Master has not
// finished recovery"), the method (405), `Content-Type` (400 missing, 415 other), the body (400), the call's
// validation (400), `Accept` (406, JSON preferred), and the call. The calls the dashboard uses are answered; the
// others 501 (a real master answers them; the simulator does not model them).
import type http from "node:http";
import type { MasterView } from "../master/view";
import { APPLICATION_JSON, APPLICATION_PROTOBUF, type MediaType, decodeCall, encodeV1 } from "./codec";
import { subscribedEvent } from "./events";
import type { V1Features } from "./features";
import type { V1Object } from "./json";
import { v1Context } from "./objects";
import { acceptsMediaType } from "./negotiation";
import { sendWholeReply } from "../master/send";
import {
  getAgents,
  getExecutors,
  getFrameworks,
  getMaster,
  getMetrics,
  getState,
  getTasks,
  getVersion,
  response as v1Response,
} from "./responses";
import type { Subscribers } from "./stream";

export interface ApiContext {
  view: MasterView;
  features: V1Features;
  httpAuth: { principal: string; secret: string } | null;
  subscribers: Subscribers;
  heartbeatSeconds: number;
  metrics: () => Record<string, number>;
  /** 307 towards the leader or 503 "No leader elected" (sim/master/http.ts `redirectTarget`). */
  redirect: (path: string, query: string) => ApiReply;
}

export interface ApiReply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

const TEXT = { "Content-Type": "text/plain; charset=utf-8" };
const MAX_BODY_BYTES = 1024 * 1024;

const text = (status: number, body: string, headers: Record<string, string> = {}): ApiReply => ({
  status,
  headers: { ...TEXT, ...headers },
  body,
});

async function readBody(request: http.IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

type Call = { type?: string; get_metrics?: unknown };

/**
 * The call in a body: `::protobuf::parse<v1::master::Call>` of JSON, or `ParseFromString` of protobuf, then
 * `validation::master::call::validate`. A protobuf call type the version does not know is an unknown enum number,
 * which proto2 keeps out of the field: the call then has no type.
 */
export function parseCall(f: V1Features, body: Buffer, type: MediaType): { call: Call } | { error: string } {
  let json: unknown;
  if (type === APPLICATION_PROTOBUF) {
    const decoded = decodeCall(body);
    if ("error" in decoded) return decoded;
    json = decoded.json;
    if (typeof decoded.json.type === "string" && !f.calls.has(decoded.json.type))
      json = { ...decoded.json, type: undefined };
  } else {
    try {
      json = JSON.parse(body.toString("utf8"));
    } catch (error) {
      return { error: `Failed to parse body into JSON: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  const convert = (message: string) => ({ error: `Failed to convert JSON into Call protobuf: ${message}` });
  if (typeof json !== "object" || json === null || Array.isArray(json)) return convert("Expecting a JSON object");
  const fields = json as Record<string, unknown>;
  const callType = fields.type;
  if (callType !== undefined && typeof callType !== "string")
    return convert(`Not expecting a JSON ${Array.isArray(callType) ? "array" : typeof callType} for field 'type'`);
  if (callType !== undefined && !f.calls.has(callType)) return convert(`Failed to find enum for '${callType}'`);
  const validate = (message: string) => ({ error: `Failed to validate master::Call: ${message}` });
  if (callType === undefined) return validate("Expecting 'type' to be present");
  if (callType === "GET_METRICS" && (typeof fields.get_metrics !== "object" || fields.get_metrics === null))
    return validate("Expecting 'get_metrics' to be present");
  return { call: { type: callType, get_metrics: fields.get_metrics } };
}

function authorized(context: ApiContext, request: http.IncomingMessage): boolean {
  if (!context.httpAuth) return true;
  const { principal, secret } = context.httpAuth;
  return request.headers.authorization === `Basic ${Buffer.from(`${principal}:${secret}`).toString("base64")}`;
}

/** Handles one request to `/api/v1` (`path` is the delegated `/master/api/v1`, `query` its `?…`). */
export async function handleApi(
  context: ApiContext,
  request: http.IncomingMessage,
  response: http.ServerResponse,
  path: string,
  query: string,
): Promise<void> {
  const reply = await answer(context, request, response, path, query);
  if (reply === null) return; // a stream was started
  await sendWholeReply(request, response, reply, false);
}

async function answer(
  context: ApiContext,
  request: http.IncomingMessage,
  response: http.ServerResponse,
  path: string,
  query: string,
): Promise<ApiReply | null> {
  const { view, features: f } = context;
  if (!authorized(context, request))
    return { status: 401, headers: { "WWW-Authenticate": 'Basic realm="mesos-master-readwrite"' }, body: "" };
  if (!view.elected) return context.redirect(path, query);
  if (!view.recovered) return text(503, "Master has not finished recovery");
  const method = request.method ?? "GET";
  if (method !== "POST") {
    const detail = `Expecting one of { 'POST' }, but received '${method}'`;
    return text(405, f.longMethodNotAllowed ? `405 Method Not Allowed. ${detail}.` : detail, { Allow: "POST" });
  }
  const contentType = request.headers["content-type"];
  if (contentType === undefined) return text(400, "Expecting 'Content-Type' to be present");
  // Compared as the whole string, as Mesos does ("TODO(anand): Content type values are case-insensitive").
  const unsupported = `Expecting 'Content-Type' of ${APPLICATION_JSON} or ${APPLICATION_PROTOBUF}`;
  if (contentType !== APPLICATION_JSON && contentType !== APPLICATION_PROTOBUF) return text(415, unsupported);
  const body = await readBody(request);
  if (body === null) return text(400, "Failed to parse body: the request body is too large");
  const parsed = parseCall(f, body, contentType);
  if ("error" in parsed) return text(400, parsed.error);
  const accept = request.headers.accept;
  let type: MediaType;
  if (acceptsMediaType(accept, APPLICATION_JSON)) type = APPLICATION_JSON;
  else if (acceptsMediaType(accept, APPLICATION_PROTOBUF)) type = APPLICATION_PROTOBUF;
  else return text(406, `Expecting 'Accept' to allow '${APPLICATION_PROTOBUF}' or '${APPLICATION_JSON}'`);
  return dispatch(context, parsed.call.type ?? "UNKNOWN", type, response);
}

function dispatch(context: ApiContext, call: string, type: MediaType, response: http.ServerResponse): ApiReply | null {
  const { view, features: f } = context;
  const c = v1Context(view, f);
  const ok = (message: V1Object): ApiReply => ({
    status: 200,
    headers: { "Content-Type": type },
    body: encodeV1(f, message, "response", type),
  });
  switch (call) {
    case "UNKNOWN":
      return { status: 501, body: "" };
    case "GET_HEALTH":
      return ok(v1Response(call, { healthy: true }));
    case "GET_FLAGS":
      return ok(v1Response(call, { flags: Object.entries(view.self.flags).map(([name, value]) => ({ name, value })) }));
    case "GET_VERSION":
      return ok(v1Response(call, getVersion(view)));
    case "GET_METRICS":
      return ok(v1Response(call, getMetrics(context.metrics())));
    case "GET_MASTER":
      return ok(v1Response(call, getMaster(c)));
    case "GET_STATE":
      return ok(v1Response(call, getState(c)));
    case "GET_AGENTS":
      return ok(v1Response(call, getAgents(c)));
    case "GET_FRAMEWORKS":
      return ok(v1Response(call, getFrameworks(c)));
    case "GET_EXECUTORS":
      return ok(v1Response(call, getExecutors()));
    case "GET_TASKS":
      return ok(v1Response(call, getTasks(c)));
    case "SUBSCRIBE":
      context.subscribers.add(response, type, encodeV1(f, subscribedEvent(c, context.heartbeatSeconds), "event", type));
      return null;
    default:
      return text(501, `The simulator does not implement ${call}`);
  }
}
