// A protobuf GET_STATE answer, or a SUBSCRIBED event, read in parts: everything but the tasks at once, then the tasks
// one by one.
//
// Why: at 10,000 agents and 100,000 tasks a state is 43 MB of protobuf and millions of objects. Decoded whole, every
// stage (protobufjs's message tree, its JSON form, the validated copy, the model) lives at the same time and the
// garbage collector walks them all again and again: measured on the development machine, 12-13 s of CPU for one
// GET_STATE, 40 % of it collecting. Read in parts, a task's objects die as soon as it is filed in the model, and the
// same read takes about half of that. What each part gives is exactly what the whole decode gives for it (same types,
// same JSON form, strings shared across the whole read as json.ts does within one message): the tests read both ways
// and compare.
import protobuf from "protobufjs/light";
import { type MesosJsonObject, toMesosJson } from "./json";
import { messageType } from "./root";
import { type ProtoResult, decodeWith } from "./wire";

/** The lists of `GetTasks` that hold a master's tasks, as the model files them (pending and orphan tasks are not). */
export const TASK_LISTS = ["tasks", "unreachable_tasks", "completed_tasks"] as const;
export type TaskList = (typeof TASK_LISTS)[number];

export interface StateParts {
  /**
   * The message as a master writes it, with its `get_state` but without `get_state.get_tasks`: a GET_STATE's
   * `get_state` object, or a SUBSCRIBED event's `subscribed` object.
   */
  rest: MesosJsonObject;
  /** Each task of `TASK_LISTS` in the order the message holds them, with the list it is in: decoded when asked for. */
  tasks: () => Generator<ProtoResult<{ list: TaskList; task: MesosJsonObject }>>;
}

const response = messageType("mesos.v1.master.Response");
const event = messageType("mesos.v1.master.Event");
const subscribed = messageType("mesos.v1.master.Event.Subscribed");
const getState = messageType("mesos.v1.master.Response.GetState");
const getTasks = messageType("mesos.v1.master.Response.GetTasks");
const task = messageType("mesos.v1.Task");

/** `type` without its field `without`, which the decoder then skips as an unknown field. */
function typeWithout(type: protobuf.Type, without: string, name: string): protobuf.Type {
  const { fields, ...rest } = type.toJSON();
  const kept = Object.fromEntries(Object.entries(fields).filter(([field]) => field !== without));
  const pruned = protobuf.Type.fromJSON(name, { ...rest, fields: kept, edition: "proto2" });
  (type.parent as protobuf.Namespace).add(pruned); // beside the original, so that its field types resolve the same
  pruned.resolveAll();
  return pruned;
}

const getStateWithoutTasks = typeWithout(getState, "get_tasks", "GetStateWithoutTasks");
const subscribedWithoutState = typeWithout(subscribed, "get_state", "SubscribedWithoutState");
const listsById = new Map<number, TaskList>(TASK_LISTS.map((name) => [getTasks.fields[name]?.id ?? -1, name]));

/**
 * Walks the fields of the message in `bytes` with protobufjs's reader: `found` gets the bytes of each wanted
 * length-delimited field, `varint` each varint field; everything else is skipped. Throws on malformed bytes.
 */
function walk(
  bytes: Uint8Array,
  wanted: (id: number) => boolean,
  found: (id: number, value: Uint8Array) => void,
  varint: (id: number, value: number) => void = () => undefined,
): void {
  const reader = protobuf.Reader.create(bytes);
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const id = tag >>> 3;
    if ((tag & 7) === 2 && wanted(id)) {
      const length = reader.uint32();
      const start = reader.pos;
      reader.skip(length);
      found(id, bytes.subarray(start, start + length));
    } else if ((tag & 7) === 0) {
      varint(id, reader.int32());
    } else {
      reader.skipType(tag & 7);
    }
  }
}

function failure(error: unknown): { ok: false; error: string } {
  return { ok: false, error: `cannot decode: ${error instanceof Error ? error.message : String(error)}` };
}

/** The bytes of field `field` of an envelope message whose `type` must be `expected`. */
function envelope(
  bytes: Uint8Array,
  type: protobuf.Type,
  expected: string,
  field: string,
): ProtoResult<Uint8Array | null> {
  const wantedType = type.getEnum("Type")[expected];
  const fieldId = type.fields[field]?.id;
  let found: number | null = null;
  let inner: Uint8Array | null = null;
  try {
    walk(
      bytes,
      (id) => id === fieldId,
      (_, value) => (inner = value),
      (id, value) => {
        if (id === type.fields["type"]?.id) found = value;
      },
    );
  } catch (error) {
    return failure(error);
  }
  if (found !== wantedType) return { ok: false, error: `not a ${expected} ${type.name}` };
  return { ok: true, value: inner };
}

/** A `GetState` message in parts; `wrap` puts its JSON (without tasks) where the caller's message has it. */
function stateParts(
  state: Uint8Array,
  maxBytes: number,
  wrap: (getStateJson: MesosJsonObject, strings: Map<string, string>) => ProtoResult<MesosJsonObject>,
): ProtoResult<StateParts> {
  let tasks: Uint8Array = new Uint8Array(0);
  try {
    walk(
      state,
      (id) => id === getState.fields["get_tasks"]?.id,
      (_, value) => (tasks = value),
    );
  } catch (error) {
    return failure(error);
  }
  const strings = new Map<string, string>();
  const decoded = decodeWith(getStateWithoutTasks, state, maxBytes);
  const json = decoded.ok ? toMesosJson(getStateWithoutTasks, decoded.value, strings) : decoded;
  const rest = json.ok ? wrap(json.value, strings) : json;
  if (!rest.ok) return rest;
  const tasksBytes: Uint8Array = tasks;
  return {
    ok: true,
    value: {
      rest: rest.value,
      *tasks() {
        const found: { list: TaskList; bytes: Uint8Array }[] = [];
        try {
          walk(
            tasksBytes,
            (id) => listsById.has(id),
            (id, value) => found.push({ list: listsById.get(id) as TaskList, bytes: value }),
          );
        } catch (error) {
          yield failure(error);
          return;
        }
        for (const { list, bytes } of found) {
          const decodedTask = decodeWith(task, bytes, maxBytes);
          const taskJson = decodedTask.ok ? toMesosJson(task, decodedTask.value, strings) : decodedTask;
          yield taskJson.ok ? { ok: true, value: { list, task: taskJson.value } } : taskJson;
        }
      },
    },
  };
}

/** A `mesos.v1.master.Response` of type GET_STATE, in parts; `ok: false` for bytes that are not one. */
export function decodeGetStateInParts(bytes: Uint8Array, maxBytes: number): ProtoResult<StateParts> {
  if (bytes.length > maxBytes) return { ok: false, error: `message too large (${bytes.length} bytes > ${maxBytes})` };
  const state = envelope(bytes, response, "GET_STATE", "get_state");
  if (!state.ok) return state;
  return stateParts(state.value ?? new Uint8Array(0), maxBytes, (json) => ({ ok: true, value: json }));
}

/** A `mesos.v1.master.Event` of type SUBSCRIBED, in parts; `ok: false` for bytes that are not one. */
export function decodeSubscribedInParts(bytes: Uint8Array, maxBytes: number): ProtoResult<StateParts> {
  if (bytes.length > maxBytes) return { ok: false, error: `message too large (${bytes.length} bytes > ${maxBytes})` };
  const inner = envelope(bytes, event, "SUBSCRIBED", "subscribed");
  if (!inner.ok) return inner;
  const subscribedBytes = inner.value ?? new Uint8Array(0);
  let state: Uint8Array | null = null;
  try {
    walk(
      subscribedBytes,
      (id) => id === subscribed.fields["get_state"]?.id,
      (_, value) => (state = value),
    );
  } catch (error) {
    return failure(error);
  }
  return stateParts(state ?? new Uint8Array(0), maxBytes, (getStateJson, strings) => {
    const others = decodeWith(subscribedWithoutState, subscribedBytes, maxBytes);
    const json = others.ok ? toMesosJson(subscribedWithoutState, others.value, strings) : others;
    return json.ok ? { ok: true, value: { get_state: getStateJson, ...json.value } } : json;
  });
}
