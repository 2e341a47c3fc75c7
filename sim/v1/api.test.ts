import type http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { decodeV1Event, decodeV1Response, encodeV1Call } from "../../lib/mesos/proto/codec";
import { RecordIoDecoder } from "../../lib/mesos/recordio";
import { createMasterHttpServer } from "../master/http";
import type { MasterView } from "../master/view";
import { v1Features } from "./features";
import { acceptsMediaType } from "./negotiation";
import { Subscribers } from "./stream";
import { leaderView } from "./testing";

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

interface Started {
  url: string;
  view: MasterView;
  subscribers: Subscribers;
}

async function start(
  version: string,
  options: { auth?: boolean; heartbeatSeconds?: number; slackBytes?: number; view?: MasterView } = {},
): Promise<Started> {
  const view = options.view ?? leaderView(version);
  const features = v1Features(version);
  const heartbeatSeconds = options.heartbeatSeconds ?? 15;
  const subscribers = new Subscribers({
    features,
    heartbeatMs: heartbeatSeconds * 1000,
    slackBytes: options.slackBytes,
  });
  const server = createMasterHttpServer({
    view,
    fault: () => null,
    httpAuth: options.auth ? { principal: "ops", secret: "s3cret" } : null,
    replicasRecovered: () => true,
    api: { features, subscribers, heartbeatSeconds, metrics: () => ({ "master/elected": 1 }) },
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.on("close", () => subscribers.closeAll());
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, view, subscribers };
}

const JSON_HEADERS = { "Content-Type": "application/json" };
const post = (url: string, body: unknown, headers: Record<string, string> = JSON_HEADERS, path = "/api/v1") =>
  fetch(`${url}${path}`, {
    method: "POST",
    headers,
    // Bytes, so that fetch adds no Content-Type of its own.
    body: Buffer.from(typeof body === "string" ? body : JSON.stringify(body)),
    redirect: "manual",
  });

describe("POST /api/v1: the checks, in Master::Http::api's order", () => {
  it("asks for credentials in the read-write realm first, even on a standby", async () => {
    const { url, view } = await start("1.11.0", { auth: true });
    view.elected = false;
    const response = await post(url, { type: "GET_HEALTH" });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Basic realm="mesos-master-readwrite"');
    const authorization = `Basic ${Buffer.from("ops:s3cret").toString("base64")}`;
    expect((await post(url, { type: "GET_HEALTH" }, { ...JSON_HEADERS, Authorization: authorization })).status).toBe(
      307,
    );
  });

  it("sends a standby's callers to the leader (query kept from 1.1), or 503 without a leader", async () => {
    for (const [version, location] of [
      ["1.11.0", "//m1.example:5050/master/api/v1?x=1"],
      ["1.0.0", "//m1.example:5050/master/api/v1"],
    ] as const) {
      const { url, view } = await start(version);
      Object.assign(view, {
        elected: false,
        leader: { id: "a", pid: "master@10.0.0.1:5050", hostname: "m1.example", port: 5050 },
      });
      const response = await post(url, { type: "SUBSCRIBE" }, JSON_HEADERS, "/api/v1?x=1");
      expect(response.status).toBe(307);
      expect(response.headers.get("location")).toBe(location);
      view.leader = null;
      const none = await fetch(`${url}/api/v1`, { method: "GET" }); // leadership is checked before the method
      expect([none.status, await none.text()]).toEqual([503, "No leader elected"]);
    }
  });

  it("answers 503 until the elected master has recovered the registry", async () => {
    const { url, view } = await start("1.11.0");
    view.recovered = false;
    const response = await post(url, { type: "SUBSCRIBE" });
    expect([response.status, await response.text()]).toEqual([503, "Master has not finished recovery"]);
  });

  it("takes POST only, with the body each version's libprocess writes", async () => {
    const check = async (version: string, body: string) => {
      const response = await fetch(`${(await start(version)).url}/api/v1`);
      expect([response.status, response.headers.get("allow"), await response.text()]).toEqual([405, "POST", body]);
    };
    await check("1.7.0", "Expecting one of { 'POST' }, but received 'GET'");
    await check("1.8.0", "405 Method Not Allowed. Expecting one of { 'POST' }, but received 'GET'.");
  });

  it("checks Content-Type, the body, the call and then Accept", async () => {
    const { url } = await start("1.11.0");
    const status = async (body: unknown, headers: Record<string, string>) => {
      const response = await post(url, body, headers);
      return [response.status, await response.text()];
    };
    expect(await status({ type: "GET_HEALTH" }, {})).toEqual([400, "Expecting 'Content-Type' to be present"]);
    const unsupported = "Expecting 'Content-Type' of application/json or application/x-protobuf";
    expect(await status({ type: "GET_HEALTH" }, { "Content-Type": "text/plain" })).toEqual([415, unsupported]);
    expect(await status({ type: "GET_HEALTH" }, { "Content-Type": "application/json; charset=utf-8" })).toEqual([
      415,
      unsupported,
    ]);
    expect(await status("\u00ff\u00ff", { "Content-Type": "application/x-protobuf" })).toEqual([
      400,
      "Failed to parse body into Call protobuf",
    ]);
    expect((await status("{", JSON_HEADERS))[1]).toMatch(/^Failed to parse body into JSON: /);
    expect(await status({ type: "GET_NOTHING" }, JSON_HEADERS)).toEqual([
      400,
      "Failed to convert JSON into Call protobuf: Failed to find enum for 'GET_NOTHING'",
    ]);
    expect(await status({}, JSON_HEADERS)).toEqual([
      400,
      "Failed to validate master::Call: Expecting 'type' to be present",
    ]);
    expect(await status({ type: "GET_METRICS" }, JSON_HEADERS)).toEqual([
      400,
      "Failed to validate master::Call: Expecting 'get_metrics' to be present",
    ]);
    // The call is validated before Accept is looked at.
    expect((await status({}, { ...JSON_HEADERS, Accept: "text/html" }))[0]).toBe(400);
    expect(await status({ type: "GET_HEALTH" }, { ...JSON_HEADERS, Accept: "text/html" })).toEqual([
      406,
      "Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'",
    ]);
    expect((await status({ type: "UNKNOWN" }, JSON_HEADERS))[0]).toBe(501);
    // Calls that exist only in later versions are not calls of this one.
    const old = await start("1.4.0");
    expect((await post(old.url, { type: "GET_OPERATIONS" })).status).toBe(400);
  });

  it("answers the read-only calls as application/json", async () => {
    const { url } = await start("1.11.0");
    const health = await post(url, { type: "GET_HEALTH" }, { ...JSON_HEADERS, Accept: "*/*" });
    expect(health.headers.get("content-type")).toBe("application/json");
    expect(await health.text()).toBe('{"type":"GET_HEALTH","get_health":{"healthy":true}}');
    const metrics = await post(
      url,
      { type: "GET_METRICS", get_metrics: {} },
      { ...JSON_HEADERS, Accept: "application/*" },
    );
    expect(await metrics.text()).toBe(
      '{"type":"GET_METRICS","get_metrics":{"metrics":[{"name":"master/elected","value":1.0}]}}',
    );
    for (const type of ["GET_STATE", "GET_AGENTS", "GET_FRAMEWORKS", "GET_TASKS", "GET_EXECUTORS", "GET_MASTER"]) {
      const response = await post(url, { type });
      expect([type, response.status]).toEqual([type, 200]);
      expect(((await response.json()) as { type: string }).type).toBe(type);
    }
  });
});

describe("POST /api/v1 in protobuf", () => {
  const protobufCall = (call: unknown) => {
    const encoded = encodeV1Call(call);
    if (!encoded.ok) throw new Error(encoded.error);
    return Buffer.from(encoded.value);
  };

  it("reads protobuf calls and answers in the accepted type, JSON first", async () => {
    const { url } = await start("1.11.0");
    const request = (accept?: string) =>
      fetch(`${url}/api/v1`, {
        method: "POST",
        headers: { "Content-Type": "application/x-protobuf", ...(accept ? { Accept: accept } : {}) },
        body: protobufCall({ type: "GET_HEALTH" }),
      });
    const json = await request();
    expect([json.headers.get("content-type"), await json.text()]).toEqual([
      "application/json",
      '{"type":"GET_HEALTH","get_health":{"healthy":true}}',
    ]);
    const binary = await request("application/x-protobuf");
    expect(binary.headers.get("content-type")).toBe("application/x-protobuf");
    expect(decodeV1Response(new Uint8Array(await binary.arrayBuffer()))).toEqual({
      ok: true,
      value: { type: "GET_HEALTH", get_health: { healthy: true } },
    });
  });

  it("streams protobuf records when only protobuf is accepted", async () => {
    const { url } = await start("1.11.0");
    const response = await fetch(`${url}/api/v1`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/x-protobuf" },
      body: Buffer.from(JSON.stringify({ type: "SUBSCRIBE" })),
    });
    expect(response.headers.get("content-type")).toBe("application/x-protobuf");
    const records = await readRecords(response, (r) => r.length >= 2, "binary");
    const types = records.map((r) => {
      const decoded = decodeV1Event(Buffer.from(r, "binary"));
      if (!decoded.ok) throw new Error(decoded.error);
      return decoded.value.type;
    });
    expect(types).toEqual(["SUBSCRIBED", "HEARTBEAT"]);
  });
});

describe("acceptsMediaType (libprocess Request::acceptsMediaType)", () => {
  it("accepts without a header, by exact, type/* and */* entries, and refuses q=0", () => {
    expect(acceptsMediaType(undefined, "application/json")).toBe(true);
    expect(acceptsMediaType("application/json", "application/json")).toBe(true);
    expect(acceptsMediaType("Application/JSON", "application/json")).toBe(true);
    expect(acceptsMediaType("text/html, application/*;q=0.2", "application/json")).toBe(true);
    expect(acceptsMediaType("*/*", "application/x-protobuf")).toBe(true);
    expect(acceptsMediaType("application/json;q=0", "application/json")).toBe(false);
    expect(acceptsMediaType("application/json;q=0.0, */*", "application/json")).toBe(false); // the exact entry decides
    expect(acceptsMediaType("application/json;q=abc", "application/json")).toBe(false);
    expect(acceptsMediaType("application/json;q=0;q=0", "application/json")).toBe(true); // malformed q: accepted
    expect(acceptsMediaType("application/x-protobuf", "application/json")).toBe(false);
  });
});

/** Reads records from a streaming response until `until` returns true. */
async function readRecords(
  response: Response,
  until: (records: string[]) => boolean,
  encoding: BufferEncoding = "utf8",
): Promise<string[]> {
  const reader = response.body?.getReader();
  if (!reader) throw new Error("no body");
  const decoder = new RecordIoDecoder();
  const records: string[] = [];
  while (!until(records)) {
    const { value, done } = await reader.read();
    if (done) break;
    const pushed = decoder.push(value);
    if (!pushed.ok) throw new Error(pushed.error.message);
    records.push(...pushed.records.map((r) => Buffer.from(r).toString(encoding)));
  }
  await reader.cancel();
  return records;
}

function bodyReader(response: Response): ReadableStreamDefaultReader<Uint8Array> {
  if (!response.body) throw new Error("no body");
  return response.body.getReader();
}

describe("SUBSCRIBE", () => {
  it("streams SUBSCRIBED, a HEARTBEAT at once and then at the interval (1.5 and later), and events", async () => {
    const { url, subscribers } = await start("1.11.0", { heartbeatSeconds: 0.2 });
    const response = await post(url, { type: "SUBSCRIBE" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("transfer-encoding")).toBe("chunked");
    const started = Date.now();
    setTimeout(() => subscribers.send({ type: "AGENT_REMOVED", agent_removed: { agent_id: { value: "S1" } } }), 50);
    const records = await readRecords(response, (r) => r.filter((x) => x.includes("HEARTBEAT")).length >= 3);
    const types = records.map((r) => (JSON.parse(r) as { type: string }).type);
    expect(types.slice(0, 2)).toEqual(["SUBSCRIBED", "HEARTBEAT"]);
    expect(types).toContain("AGENT_REMOVED");
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect(records[0]).toMatch(/"heartbeat_interval_seconds":0\.2\}\}$/);
  });

  it("sends no heartbeats before 1.5", async () => {
    const { url, subscribers } = await start("1.4.0", { heartbeatSeconds: 0.05 });
    const response = await post(url, { type: "SUBSCRIBE" });
    setTimeout(() => subscribers.send({ type: "TASK_ADDED", task_added: { task: {} } }), 200);
    const records = await readRecords(response, (r) => r.length >= 2);
    expect(records.map((r) => (JSON.parse(r) as { type: string }).type)).toEqual(["SUBSCRIBED", "TASK_ADDED"]);
  });

  it("breaks open streams with the master's HTTP fault: garbage ends it, silent writes nothing more", async () => {
    const { url, subscribers } = await start("1.11.0", { heartbeatSeconds: 0.05 });
    const garbled = await post(url, { type: "SUBSCRIBE" });
    const reader = bodyReader(garbled);
    await reader.read(); // SUBSCRIBED at least
    subscribers.fault("garbage");
    let rest = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      rest += Buffer.from(value).toString("latin1");
    }
    expect(rest).toContain("502 Bad Gateway");
    expect(subscribers.count).toBe(0);

    const hung = await post(url, { type: "SUBSCRIBE" });
    const hungReader = bodyReader(hung);
    await hungReader.read();
    subscribers.fault("silent");
    const next = (ms: number) =>
      Promise.race([
        hungReader.read().then(() => "a write"),
        new Promise((resolve) => setTimeout(() => resolve("nothing"), ms)),
      ]);
    // What was written before the fault may still be on its way; then six heartbeat intervals bring no record.
    while ((await next(100)) === "a write");
    expect(await next(300)).toBe("nothing");
    expect(subscribers.count).toBe(1); // still connected: a hung master keeps the socket
    await hungReader.cancel();
    subscribers.closeAll();
  });

  it("drops a subscriber that stops reading once its backlog passes the cap (MESOS-7748)", async () => {
    const { url, subscribers } = await start("1.11.0", { slackBytes: 1024 * 1024 });
    const response = await post(url, { type: "SUBSCRIBE" });
    expect(response.status).toBe(200);
    expect(subscribers.count).toBe(1);
    const big = { type: "TASK_ADDED", task_added: { task: { name: "x".repeat(64 * 1024) } } };
    for (let i = 0; i < 200 && subscribers.count > 0; i++) {
      subscribers.send(big);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(subscribers.count).toBe(0);
    await response.body?.cancel().catch(() => undefined);
  });
});
