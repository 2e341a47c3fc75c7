// One GET_STATE answer into a model of its own, for the reconcile's comparison (stream-checks.ts); and the tasks of
// any state read in parts filed into a model (a SUBSCRIBED's too, stream-connection.ts). A protobuf answer is read in
// parts (lib/mesos/proto/get-state-parts.ts): the tasks one by one, each decoded, validated and filed before the next,
// with the event loop let through every few thousand, so that a 100,000-task state neither holds every stage of every
// task at once nor stops the process for seconds. A JSON answer is parsed whole.
import { type ProtoResult } from "@/lib/mesos/proto/wire";
import { type StateParts, type TaskList, decodeGetStateInParts } from "@/lib/mesos/proto/get-state-parts";
import { type V1Task, parseGetState, parseResponse, parseTask } from "@/lib/mesos/v1/schemas";
import type { MasterIdentity } from "@/lib/mesos/v1/state-from-v1";
import { StreamModel } from "@/lib/mesos/v1/stream-model";
import type { TaskBucket } from "@/lib/mesos/v1/model-types";
import { yieldToEventLoop } from "./clock";
import type { RecordDecoder } from "./stream-connection";
import type { V1Encoding } from "./v1-http";

/** Tasks filed between two turns of the event loop: some tens of milliseconds of work. */
const TASKS_PER_TURN = 2_000;

const BUCKETS: Readonly<Record<TaskList, TaskBucket>> = {
  tasks: "active",
  unreachable_tasks: "unreachable",
  completed_tasks: "completed",
};

/**
 * Files every task of `parts` with `file`, validating each as a GET_STATE's tasks are validated, and lets the event
 * loop through every few thousand; stops early (null) once `cancelled()` says the result is no longer wanted.
 */
export async function fileTasksInSteps(
  parts: StateParts,
  file: (task: V1Task, bucket: TaskBucket) => void,
  cancelled: () => boolean = () => false,
): Promise<ProtoResult<void> | null> {
  let filed = 0;
  for (const part of parts.tasks()) {
    if (!part.ok) return part;
    const task = parseTask(part.value.task);
    if (!task.ok) return { ok: false, error: `get_state.get_tasks.${part.value.list}: ${task.error}` };
    file(task.value, BUCKETS[part.value.list]);
    if (++filed % TASKS_PER_TURN === 0) {
      await yieldToEventLoop();
      if (cancelled()) return null;
    }
  }
  return { ok: true, value: undefined };
}

/** The model of one GET_STATE answer (`body` as the master sent it, inflated), or why it could not be read. */
export async function modelOfGetState(
  body: Uint8Array,
  encoding: V1Encoding,
  identity: MasterIdentity,
  decodeResponse: RecordDecoder,
): Promise<ProtoResult<StreamModel>> {
  if (encoding === "protobuf") {
    const parts = decodeGetStateInParts(body, body.byteLength);
    if (!parts.ok) return parts;
    const rest = parseGetState(parts.value.rest);
    if (!rest.ok) return rest;
    const builder = StreamModel.buildFromGetState(rest.value, identity);
    const filed = await fileTasksInSteps(parts.value, builder.file);
    if (filed && !filed.ok) return filed;
    return { ok: true, value: builder.finish() };
  }
  const decoded = decodeResponse(body, encoding);
  const parsed = decoded.ok ? parseResponse(decoded.value) : decoded;
  if (!parsed.ok) return parsed;
  if (parsed.value.type !== "GET_STATE") return { ok: false, error: `expected GET_STATE, got ${parsed.value.type}` };
  return { ok: true, value: StreamModel.fromGetState(parsed.value.get_state, identity) };
}
