// A master's HTTP API as the simulated version serves it (docs/mesos/http.md#master-http-endpoints): libprocess
// delegation of unknown paths to /master, leader-only endpoints answering 307/503 on non-leaders from 1.0 (own state
// with 200 before), /redirect per version (docs/mesos/http.md#the-redirect-endpoint), basic auth on the read-only realm
// (docs/mesos/http.md#http-authentication), ?jsonp= (docs/mesos/http.md#routing-and-delegation), and gzip for bodies
// of 1 KiB or more when the request accepts it (send.ts).
import http from "node:http";
import { jsonp, writeJson } from "../json";
import { frameworksJson, metricsJson, slavesJson, stateJson, stateSummaryJson, versionJson } from "./render";
import type { MasterView } from "./view";
import type { HttpFault } from "../protocol";
import { type ApiContext, handleApi } from "../v1/api";
import { atLeast } from "../../lib/mesos/versions";
import { sendWholeReply } from "./send";

const HUGE_BYTES = 50 * 1024 * 1024;

/** Serves a fault instead of the endpoint; /health stays healthy so the master looks alive but broken. */
function serveFault(fault: HttpFault, request: http.IncomingMessage, response: http.ServerResponse): void {
  if (fault === "silent") return; // the request is accepted and never answered
  if (fault === "garbage") {
    response.writeHead(200, { "Content-Type": "application/json" });
    response.end('<html><body>502 Bad Gateway</body></html>\u0000\u00ff{"truncated": [1, 2');
    return;
  }
  response.writeHead(200, { "Content-Type": "application/json", "Content-Length": String(HUGE_BYTES) });
  const chunk = Buffer.alloc(1024 * 1024, "9");
  let sent = 0;
  const write = () => {
    while (sent < HUGE_BYTES) {
      sent += chunk.length;
      if (!response.write(chunk)) return void response.once("drain", write);
    }
    response.end();
  };
  request.socket.on("close", () => {
    sent = HUGE_BYTES;
  });
  write();
}

export interface HttpContext {
  view: MasterView;
  fault: () => HttpFault | null;
  httpAuth: { principal: string; secret: string } | null;
  replicasRecovered: () => boolean;
  /** The v1 operator API (1.0 and later); null before. */
  api: Omit<ApiContext, "view" | "httpAuth" | "redirect"> | null;
}

type Reply = { status: number; headers?: Record<string, string>; body?: string };

const KNOWN_ACTORS = new Set(["master", "metrics", "version", "files", "logging", "__processes__"]);
const LEADER_ONLY = new Set([
  "state",
  "state.json",
  "state-summary",
  "slaves",
  "frameworks",
  "tasks",
  "tasks.json",
  "roles",
  "roles.json",
]);

/**
 * libprocess delegates a path whose first segment is no actor to the master actor
 * (docs/mesos/http.md#routing-and-delegation).
 */
function delegate(pathname: string): string {
  const first = pathname.split("/")[1] ?? "";
  return first === "" || !KNOWN_ACTORS.has(first) ? `/master${pathname === "/" ? "/" : pathname}` : pathname;
}

function endpointExists(view: MasterView, endpoint: string): boolean {
  const f = view.features;
  switch (endpoint) {
    case "state":
      return f.stateEndpoint;
    case "state.json":
      return f.stateJsonEndpoint;
    case "state-summary":
      return f.stateSummary;
    case "slaves":
      return f.slavesEndpoint;
    case "frameworks":
      return f.frameworksEndpoint;
    case "flags":
      return f.flagsEndpoint;
    case "health":
    case "redirect":
    case "":
      return true;
    default:
      return false;
  }
}

function authorized(context: HttpContext, request: http.IncomingMessage): boolean {
  if (!context.httpAuth) return true;
  const header = request.headers.authorization ?? "";
  const expected = `Basic ${Buffer.from(`${context.httpAuth.principal}:${context.httpAuth.secret}`).toString("base64")}`;
  return header === expected;
}

export function redirectTarget(view: MasterView, path: string, query: string): Reply {
  const leader = view.leader;
  const style = view.features.redirect;
  if (!leader) {
    if (view.features.redirectWithoutLeader === "503-no-leader-elected")
      return { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" }, body: "No leader elected" };
    // Before 1.0 a master that knew no leader redirected to itself (docs/mesos/http.md#the-redirect-endpoint).
    const self = `//${view.self.hostname}:${view.self.port}`;
    return { status: 307, headers: { Location: style === "absolute-http" ? `http:${self}` : self } };
  }
  const base = `//${leader.hostname}:${leader.port}`;
  if (style === "absolute-http") return { status: 307, headers: { Location: `http:${base}${path}` } };
  if (style === "protocol-relative-with-query") return { status: 307, headers: { Location: `${base}${path}${query}` } };
  return { status: 307, headers: { Location: `${base}${path}` } };
}

const INDEX = (view: MasterView) => `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Mesos</title></head>
<body><div id="mesos" data-version="${view.self.version}" data-pid="${view.self.pid}">
<h1>Mesos ${view.self.version}</h1><p>Master ${view.self.id} (${view.self.pid}) of cluster ${view.self.cluster}.</p>
</div></body></html>
`;

/** A handler that threw: 500 with the error, or the answer cut short when its head was already sent. */
function answerFailure(response: http.ServerResponse): (error: unknown) => void {
  return (error) => {
    if (!response.headersSent) response.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
    response.end(String(error));
  };
}

export function createMasterHttpServer(context: HttpContext): http.Server {
  const cache = new Map<string, { key: string; body: string }>();
  const cached = (name: string, render: () => unknown): string => {
    const key = `${context.view.revision}:${context.view.world.revision}:${context.view.leader?.pid ?? ""}`;
    const hit = cache.get(name);
    if (hit && hit.key === key) return hit.body;
    const body = writeJson(context.view.style, render());
    cache.set(name, { key, body });
    return body;
  };

  const api: ApiContext | null = context.api && {
    ...context.api,
    view: context.view,
    httpAuth: context.httpAuth,
    redirect: (path, query) => redirectTarget(context.view, path, query),
  };
  return http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://sim");
    const fault = context.fault();
    if (fault && !/^\/(master\/)?health\/?$/.test(url.pathname)) return serveFault(fault, request, response);
    const path = delegate(url.pathname.replace(/\/+$/, "") || "/");
    if (api && path === "/master/api/v1") {
      handleApi(api, request, response, path, url.search).catch(answerFailure(response));
      return;
    }
    const reply = handle(context, request, cached);
    sendWholeReply(request, response, reply, !atLeast(context.view.self.version, "0.24.0")).catch(
      answerFailure(response),
    );
  });
}

function json(body: string, jsonpCallback: string | null): Reply {
  if (jsonpCallback === null) return { status: 200, headers: { "Content-Type": "application/json" }, body };
  const wrapped = jsonp(jsonpCallback, body);
  return wrapped === null
    ? { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" }, body: "Invalid jsonp callback" }
    : { status: 200, headers: { "Content-Type": "text/javascript" }, body: wrapped };
}

function handle(
  context: HttpContext,
  request: http.IncomingMessage,
  cached: (name: string, render: () => unknown) => string,
): Reply {
  const { view } = context;
  const url = new URL(request.url ?? "/", "http://sim");
  const path = delegate(url.pathname.replace(/\/+$/, "") || "/");
  const callback = url.searchParams.get("jsonp");
  // No such route, whatever the method: `/api/v1` before 1.0 (libprocess answers 404 when no handler matches).
  if (path.startsWith("/master/api/")) return { status: 404, body: "" };
  if (request.method !== "GET" && request.method !== "HEAD") return { status: 405, body: "Method Not Allowed" };
  const needsAuth = () => ({
    status: 401,
    headers: { "WWW-Authenticate": 'Basic realm="mesos-master-readonly"' },
    body: "",
  });

  if (path === "/version")
    return json(
      cached("version", () => versionJson(view)),
      callback,
    );
  if (path === "/metrics/snapshot") {
    if (!view.features.metricsSnapshot) return { status: 404, body: "" };
    if (!authorized(context, request)) return needsAuth();
    return json(writeJson(view.style, metricsJson(view, Date.now() / 1000, context.replicasRecovered())), callback);
  }
  if (!path.startsWith("/master")) return { status: 404, body: "" };
  const endpoint = path.slice("/master".length).replace(/^\//, "");
  if (endpoint.startsWith("redirect/")) return { status: 404, body: "" };
  if (!endpointExists(view, endpoint)) return { status: 404, body: "" };
  if (endpoint === "") return { status: 200, headers: { "Content-Type": "text/html" }, body: INDEX(view) };
  if (endpoint === "health") return { status: 200, body: "" };
  if (endpoint === "redirect") return redirectTarget(view, "", "");
  if (!authorized(context, request)) return needsAuth();
  if (endpoint === "flags")
    return json(
      cached("flags", () => ({ flags: view.self.flags })),
      callback,
    );

  if (LEADER_ONLY.has(endpoint) && !view.elected && view.features.nonLeader === "redirect-307") {
    if (!view.leader)
      return { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" }, body: "No leader elected" };
    return redirectTarget(view, `/master/${endpoint}`, url.search);
  }
  const agentId = url.searchParams.get("slave_id");
  const frameworkId = url.searchParams.get("framework_id");
  switch (endpoint) {
    case "state":
    case "state.json":
      return json(
        cached("state", () => stateJson(view)),
        callback,
      );
    case "state-summary":
      return json(
        cached("state-summary", () => stateSummaryJson(view)),
        callback,
      );
    case "slaves":
      return json(
        agentId === null
          ? cached("slaves", () => slavesJson(view, null))
          : writeJson(view.style, slavesJson(view, agentId)),
        callback,
      );
    case "frameworks":
      return json(
        frameworkId === null
          ? cached("frameworks", () => frameworksJson(view, null))
          : writeJson(view.style, frameworksJson(view, frameworkId)),
        callback,
      );
    default:
      return { status: 404, body: "" };
  }
}
