import { describe, expect, it, vi } from "vitest";
import { encodeV1Event } from "@/lib/mesos/proto/codec";
import { encodeRecordIo } from "@/lib/mesos/recordio";
import { parseEvent } from "@/lib/mesos/v1/schemas";
import { StreamModel } from "@/lib/mesos/v1/stream-model";
import { masterIo } from "./monitor-io";
import { readV1Fixture } from "@/lib/mesos/v1/fixtures";
import type { MasterEvent } from "@/lib/mesos/v1/schemas";
import { systemClock } from "./clock";
import { type RecordDecoder, StreamConnection, decodeJsonRecord } from "./stream-connection";

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const heartbeat = { type: "HEARTBEAT" };
const taskAdded = (id: string) => ({
  type: "TASK_ADDED",
  task_added: {
    task: {
      name: id,
      task_id: { value: id },
      framework_id: { value: "f0000000-0000-0000-0000-000000000000-0001" },
      agent_id: { value: "a0000000-0000-0000-0000-000000000000-S0" },
      state: "TASK_RUNNING",
      resources: [],
    },
  },
});

/** A connection that folds every record of `stepAboveBytes` or more in steps; what it did, in order. */
function connection(
  stepAboveBytes: number,
  decode: RecordDecoder = decodeJsonRecord,
  encoding: "json" | "protobuf" = "json",
) {
  const seen: string[] = [];
  const conn = new StreamConnection({
    url: "http://m1:5050",
    encoding,
    clock: systemClock,
    maxRecordBytes: 1 << 24,
    decode,
    subscribedWithinMs: 60_000,
    stepAboveBytes,
    onSubscribed: () => seen.push("SUBSCRIBED"),
    onChange: (event: MasterEvent) => seen.push(event.type),
    onEnd: (reason) => seen.push(`end: ${reason}`),
  });
  return { conn, seen };
}

describe("StreamConnection folding a big record in steps", () => {
  it("keeps the order of the records that arrive while SUBSCRIBED is folded, and ends only after them", async () => {
    const { conn, seen } = connection(1024);
    const subscribed = bytes(readV1Fixture("subscribed"));
    expect(subscribed.byteLength).toBeGreaterThan(1024);
    conn.push(encodeRecordIo([subscribed, bytes(taskAdded("a"))]));
    conn.push(encodeRecordIo([bytes(taskAdded("b")), bytes(heartbeat)]));
    conn.socketEnded(null);
    // Nothing is folded yet: SUBSCRIBED is decoded, then the loop is let through before it is validated.
    expect(seen).toEqual([]);
    await vi.waitFor(() => expect(seen).toHaveLength(4));
    expect(seen).toEqual([
      "SUBSCRIBED",
      "TASK_ADDED",
      "TASK_ADDED",
      "end: http://m1:5050 closed the stream (a leader that loses leadership exits)",
    ]);
    expect(conn.events).toBe(2); // heartbeats are not counted as events
  });

  it("applies a framing error after the records before it, and a close from our side stops the folding", async () => {
    const broken = connection(1024);
    broken.conn.push(encodeRecordIo([bytes(readV1Fixture("subscribed"))]));
    broken.conn.push(new TextEncoder().encode("12x"));
    await vi.waitFor(() => expect(broken.seen).toHaveLength(2));
    expect(broken.seen[0]).toBe("SUBSCRIBED");
    expect(broken.seen[1]).toMatch(/^end: the stream from http:\/\/m1:5050 broke/);

    const closed = connection(1024);
    closed.conn.push(encodeRecordIo([bytes(readV1Fixture("subscribed"))]));
    closed.conn.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(closed.seen).toEqual([]);
    expect(closed.conn.model).toBeNull();
  });

  it("ends the stream, not the process, when folding a big record throws", async () => {
    const { conn, seen } = connection(1024, () => {
      throw new Error("decoder bug");
    });
    conn.push(encodeRecordIo([bytes(readV1Fixture("subscribed"))]));
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]).toBe("end: http://m1:5050: a record could not be folded: Error: decoder bug");
  });

  it("folds small records at once, as they come", () => {
    const { conn, seen } = connection(1 << 30);
    conn.push(encodeRecordIo([bytes(readV1Fixture("subscribed")), bytes(taskAdded("a"))]));
    expect(seen).toEqual(["SUBSCRIBED", "TASK_ADDED"]);
  });

  it("reads a big protobuf SUBSCRIBED in parts into the model the whole event gives, then the events after it", async () => {
    const fixture = readV1Fixture("subscribed");
    const protobuf = (value: unknown) => {
      const encoded = encodeV1Event(value);
      if (!encoded.ok) throw new Error(encoded.error);
      return encoded.value;
    };
    const decode = vi.fn(masterIo.decodeRecord);
    const { conn, seen } = connection(1024, decode, "protobuf");
    conn.push(encodeRecordIo([protobuf(fixture), protobuf(taskAdded("a"))]));
    await vi.waitFor(() => expect(seen).toEqual(["SUBSCRIBED", "TASK_ADDED"]));
    expect(decode).toHaveBeenCalledTimes(1); // only TASK_ADDED went through the whole decoder
    const whole = new StreamModel();
    const event = parseEvent(fixture);
    if (!event.ok) throw new Error(event.error);
    whole.applyEvent(event.value);
    const added = parseEvent(taskAdded("a"));
    if (!added.ok) throw new Error(added.error);
    whole.applyEvent(added.value);
    expect(conn.model?.snapshot()).toEqual(whole.snapshot());
    expect(conn.model?.totals()).toEqual(whole.totals());
    expect(conn.model?.heartbeatIntervalSeconds).toBe(whole.heartbeatIntervalSeconds);
    expect(conn.model?.eventCounts).toEqual(whole.eventCounts);
  });

  it("ends a stream whose protobuf SUBSCRIBED holds a task that does not decode, and reads other records whole", async () => {
    const encoded = encodeV1Event(readV1Fixture("subscribed"));
    if (!encoded.ok) throw new Error(encoded.error);
    // The last byte of the record is inside its last task: cut, that task runs past the end of the tasks' bytes.
    const broken = connection(1024, masterIo.decodeRecord, "protobuf");
    broken.conn.push(encodeRecordIo([encoded.value.subarray(0, encoded.value.length - 1)]));
    await vi.waitFor(() => expect(broken.seen).toHaveLength(1));
    expect(broken.seen[0]).toMatch(/^end: http:\/\/m1:5050 sent a record that does not decode|SUBSCRIBED whose tasks/);
    expect(broken.conn.model).toBeNull();

    const heartbeatFirst = connection(1, masterIo.decodeRecord, "protobuf");
    const beat = encodeV1Event(heartbeat);
    if (!beat.ok) throw new Error(beat.error);
    heartbeatFirst.conn.push(encodeRecordIo([beat.value]));
    await vi.waitFor(() => expect(heartbeatFirst.seen).toHaveLength(1));
    expect(heartbeatFirst.seen[0]).toBe("end: http://m1:5050 sent HEARTBEAT before SUBSCRIBED");
  });
});
