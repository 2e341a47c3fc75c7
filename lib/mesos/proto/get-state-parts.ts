// A protobuf GET_STATE answer read in parts: everything but the tasks at once, then the tasks one by one.
//
// Why: at 10,000 agents and 100,000 tasks a GET_STATE is 43 MB of protobuf and millions of objects. Decoded whole, every
// stage (protobufjs's message tree, its JSON form, the validated copy, the model) lives at the same time and the
// garbage collector walks them all again and again: measured on the development machine, 12 s of CPU for one read, 40 %
// of it collecting. Read in parts, a task's objects die as soon as it is filed in the model, and the same read takes
// less than half of that. What each part gives is exactly what the whole decode gives for it (same types, same JSON
// form, same schemas): the tests decode both ways and compare.
import protobuf from "protobufjs/light";
import { type MesosJsonObject, toMesosJson } from "./json";
import { messageType } from "./root";
import { type ProtoResult, decodeWith } from "./wire";

/** The lists of `GetTasks` that hold a master's tasks, as the model files them (pending and orphan tasks are not). */
export const TASK_LISTS = ["tasks", "unreachable_tasks", "completed_tasks"] as const;
export type TaskList = (typeof TASK_LISTS)[number];

export interface GetStateParts {
  /** The `get_state` object as a master writes it, without `get_tasks`. */
  rest: MesosJsonObject;
  /** Each task of `TASK_LISTS` in the order the answer holds them, with the list it is in: decoded when asked for. */
  tasks: () => Generator<ProtoResult<{ list: TaskList; task: MesosJsonObject }>>;
}

const response = messageType("mesos.v1.master.Response");
const getState = messageType("mesos.v1.master.Response.GetState");
const getTasks = messageType("mesos.v1.master.Response.GetTasks");
const task = messageType("mesos.v1.Task");

/** `GetState` without its `get_tasks` field, which the decoder then skips as an unknown field. */
const getStateWithoutTasks = (() => {
  const { fields, ...rest } = getState.toJSON();
  const kept = Object.fromEntries(Object.entries(fields).filter(([name]) => name !== "get_tasks"));
  const type = protobuf.Type.fromJSON("GetStateWithoutTasks", { ...rest, fields: kept, edition: "proto2" });
  (getState.parent as protobuf.Namespace).add(type); // beside GetState, so its field types resolve as GetState's do
  type.resolveAll();
  return type;
})();

const GET_STATE_TYPE = response.getEnum("Type")["GET_STATE"];
const listsById = new Map<number, TaskList>(TASK_LISTS.map((name) => [getTasks.fields[name]?.id ?? -1, name]));

const TYPE_FIELD = response.fields["type"]?.id;
const GET_STATE_FIELD = response.fields["get_state"]?.id;
const GET_TASKS_FIELD = getState.fields["get_tasks"]?.id;

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

/** A `mesos.v1.master.Response` of type GET_STATE, in parts; `ok: false` for bytes that are not one. */
export function decodeGetStateInParts(bytes: Uint8Array, maxBytes: number): ProtoResult<GetStateParts> {
  if (bytes.length > maxBytes) return { ok: false, error: `message too large (${bytes.length} bytes > ${maxBytes})` };
  let type: number | null = null;
  let state: Uint8Array | null = null;
  let tasks: Uint8Array | null = null;
  try {
    walk(
      bytes,
      (id) => id === GET_STATE_FIELD,
      (_, value) => (state = value),
      (id, value) => {
        if (id === TYPE_FIELD) type = value;
      },
    );
    if (state)
      walk(
        state,
        (id) => id === GET_TASKS_FIELD,
        (_, value) => (tasks = value),
      );
  } catch (error) {
    return failure(error);
  }
  if (type !== GET_STATE_TYPE) return { ok: false, error: "not a GET_STATE response" };
  const withoutTasks = decodeWith(getStateWithoutTasks, state ?? new Uint8Array(0), maxBytes);
  const rest = withoutTasks.ok ? toMesosJson(getStateWithoutTasks, withoutTasks.value) : withoutTasks;
  if (!rest.ok) return rest;
  const tasksBytes: Uint8Array = tasks ?? new Uint8Array(0);
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
        for (const { list, bytes: taskBytes } of found) {
          const decoded = decodeWith(task, taskBytes, maxBytes);
          const json = decoded.ok ? toMesosJson(task, decoded.value) : decoded;
          yield json.ok ? { ok: true, value: { list, task: json.value } } : json;
        }
      },
    },
  };
}
