// Public v1 JSON examples (tests/fixtures/mesos-v1/SOURCES.md) through JSON → protobuf → JSON. Most come back
// unchanged; where they do not, the example is older than 1.11 or was edited by hand, and the case says what a 1.11
// master writes instead.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeV1Event, decodeV1Response, encodeV1Event, encodeV1Response } from "./codec";

const DIR = path.resolve(import.meta.dirname, "../../../tests/fixtures/mesos-v1");
const DOC = "operator-http-api-1.11.0__";

type Json = Record<string, unknown>;
const load = (file: string): Json => JSON.parse(readFileSync(path.join(DIR, file), "utf8")) as Json;

// `path` is dotted, numbers index lists; `change` gets the object holding the last key.
function edit(root: Json, dotted: string, change: (parent: Json, key: string) => void): void {
  const keys = dotted.split(".");
  const last = keys.pop() ?? "";
  const parent = keys.reduce<unknown>((node, key) => (node as Json)[key], root);
  change(parent as Json, last);
}
const set = (dotted: string, value: unknown) => (json: Json) =>
  edit(json, dotted, (parent, key) => (parent[key] = value));
const drop = (dotted: string) => (json: Json) => edit(json, dotted, (parent, key) => delete parent[key]);

function roundTrip(kind: "event" | "response", json: Json) {
  const bytes = kind === "event" ? encodeV1Event(json) : encodeV1Response(json);
  if (!bytes.ok) return bytes;
  return kind === "event" ? decodeV1Event(bytes.value) : decodeV1Response(bytes.value);
}

type Case = {
  file: string;
  kind: "event" | "response";
  /** Fields 1.11 requires that the (older) example lacks. */
  patch?: ((json: Json) => void)[];
  /** How a 1.11 master's JSON differs from the example. */
  differs?: ((json: Json) => void)[];
};

// IPAddress.protocol has [default = IPv4] since 1.4.0; the examples come from 1.0/1.1 masters that had no default.
const IPV4 = "container_status.network_infos.0.ip_addresses.0.protocol";
// Framework.recovered is required since 1.4.0; the examples' masters did not have it.
const RECOVERED = (list: string) => set(`${list}.frameworks.0.recovered`, false);

const CASES: Case[] = [
  { file: `${DOC}response-get-health.json`, kind: "response" },
  { file: `${DOC}response-get-version.json`, kind: "response" },
  { file: `${DOC}response-get-metrics.json`, kind: "response" },
  { file: `${DOC}response-get-executors.json`, kind: "response" },
  { file: `${DOC}response-get-master.json`, kind: "response" },
  { file: `${DOC}event-agent-removed.json`, kind: "event" },
  { file: `${DOC}event-framework-removed.json`, kind: "event" },
  { file: "dcos-ui__response-get-master.json", kind: "response" },
  // The page writes empty lists that JSON::Protobuf leaves out: edited by hand.
  ...(["added", "updated"] as const).map((change) => ({
    file: `${DOC}event-framework-${change}.json`,
    kind: "event" as const,
    differs: [
      drop(`framework_${change}.framework.allocated_resources`),
      drop(`framework_${change}.framework.inverse_offers`),
    ],
  })),
  {
    file: `${DOC}response-get-tasks.json`,
    kind: "response",
    differs: [
      set(`get_tasks.tasks.0.statuses.0.${IPV4}`, "IPv4"),
      set("get_tasks.unreachable_tasks", []),
      set("get_tasks.completed_tasks", []),
    ],
  },
  {
    file: `${DOC}response-get-frameworks.json`,
    kind: "response",
    patch: [RECOVERED("get_frameworks")],
    differs: [set("get_frameworks.completed_frameworks", [])],
  },
  {
    file: `${DOC}response-get-state.json`,
    kind: "response",
    patch: [RECOVERED("get_state.get_frameworks")],
    differs: [
      set(`get_state.get_tasks.completed_tasks.0.statuses.0.${IPV4}`, "IPv4"),
      set(`get_state.get_tasks.completed_tasks.0.statuses.1.${IPV4}`, "IPv4"),
      set("get_state.get_tasks.tasks", []),
      set("get_state.get_tasks.unreachable_tasks", []),
      set("get_state.get_frameworks.completed_frameworks", []),
      set("get_state.get_agents.recovered_agents", []),
    ],
  },
];

describe("public v1 JSON examples, JSON → protobuf → JSON", () => {
  it.each(CASES)("$file", ({ file, kind, patch = [], differs = [] }) => {
    const input = load(file);
    for (const change of patch) change(input);
    const expected = structuredClone(input);
    for (const change of differs) change(expected);
    expect(roundTrip(kind, input)).toEqual({ ok: true, value: expected });
  });

  it("needs the fields 1.11 requires: Framework.recovered is missing from the 1.1-era examples", () => {
    expect(roundTrip("response", load(`${DOC}response-get-state.json`))).toEqual({
      ok: false,
      error: "mesos.v1.master.Response.get_state.get_frameworks.frameworks[0].recovered: missing required field",
    });
  });

  it.each([
    // `command` belongs to TaskInfo, not Task; framework_id and state, both required, are missing.
    [`${DOC}event-task-added.json`, 'mesos.v1.Task has no field "command"'],
    // The 1.0.0 shape of TaskUpdated (apache-mesos-1.11.0/README.md): task_id, agent_id, executor_id are gone.
    [`${DOC}event-task-updated.json`, 'mesos.v1.master.Event.TaskUpdated has no field "task_id"'],
  ])("refuses %s, which is not JSON of the 1.11 Event", (file, reason) => {
    const result = roundTrip("event", load(file));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(reason);
  });
});
