// The leader's SUBSCRIBE streams (`Master::Subscribers`, src/master/master.hpp): a 200 with chunked RecordIO
// (docs/mesos/http.md#operator-api-v1), each event encoded once per media type and written to every subscriber, and
// from 1.5 a HEARTBEAT right after SUBSCRIBED and then every interval (`Heartbeater`, 15 s in a real master).
// A real master queues without bound for a subscriber that does not read (MESOS-7748, unresolved in 1.11); the
// simulator drops such a subscriber once more than the first record plus `slackBytes` is waiting for it.
// An HTTP fault (sim/protocol.ts HttpFault) breaks the open streams too, since the API as a whole is what is broken.
import type http from "node:http";
import type { HttpFault } from "../protocol";
import { type MediaType, encodeV1 } from "./codec";
import type { V1Features } from "./features";
import type { V1Object } from "./json";
import { recordIo } from "./recordio";
import { HEARTBEAT } from "./events";

export const DEFAULT_SLACK_BYTES = 64 * 1024 * 1024;

interface Subscriber {
  response: http.ServerResponse;
  type: MediaType;
  timer: NodeJS.Timeout | null;
  limit: number;
  /** A hung master: the socket stays open and nothing more is written (HttpFault "silent"). */
  silenced: boolean;
}

/** What a broken API writes into an open stream: bytes that are no RecordIO length, then the end. */
const GARBAGE = Buffer.from("<html><body>502 Bad Gateway</body></html>\u0000\u00ff", "latin1");
/** A record as large as the "huge" fault's body: 50 MB of digits, announced by a valid length. */
const HUGE_RECORD_BYTES = 50 * 1024 * 1024;

export interface SubscribersOptions {
  features: V1Features;
  /** The interval between heartbeats (1.5 and later); a real master's is 15 s. */
  heartbeatMs: number;
  slackBytes?: number;
  log?: (line: string) => void;
}

export class Subscribers {
  private readonly subscribers = new Set<Subscriber>();
  private sent = 0;

  constructor(private readonly options: SubscribersOptions) {}

  get count(): number {
    return this.subscribers.size;
  }

  /** Events written since the start (to any number of subscribers, each counted once). */
  get eventsSent(): number {
    return this.sent;
  }

  /** Starts a stream: the headers, the SUBSCRIBED record (already encoded), a HEARTBEAT from 1.5 and its timer. */
  add(response: http.ServerResponse, type: MediaType, subscribed: Buffer): void {
    const first = recordIo(subscribed);
    const subscriber: Subscriber = {
      response,
      type,
      timer: null,
      limit: first.length + (this.options.slackBytes ?? DEFAULT_SLACK_BYTES),
      silenced: false,
    };
    response.writeHead(200, { "Content-Type": type });
    response.write(first);
    this.subscribers.add(subscriber);
    response.once("close", () => this.remove(subscriber));
    if (this.options.features.heartbeats) {
      this.write(subscriber, recordIo(encodeV1(this.options.features, HEARTBEAT, "event", type)));
      subscriber.timer = setInterval(
        () => this.write(subscriber, recordIo(encodeV1(this.options.features, HEARTBEAT, "event", type))),
        this.options.heartbeatMs,
      );
    }
  }

  /** Sends one event to every subscriber, encoding it once per media type in use. */
  send(event: V1Object): void {
    if (this.subscribers.size === 0) return;
    this.sent++;
    const encoded = new Map<MediaType, Buffer>();
    for (const subscriber of this.subscribers) {
      let record = encoded.get(subscriber.type);
      if (!record) {
        record = recordIo(encodeV1(this.options.features, event, "event", subscriber.type));
        encoded.set(subscriber.type, record);
      }
      this.write(subscriber, record);
    }
  }

  /**
   * Breaks every open stream as `fault` breaks new requests: "garbage" writes bytes that are no record and ends it,
   * "huge" writes one 50 MB record of digits and ends it, "silent" keeps the socket open and writes nothing more (no
   * events, no heartbeats). Clearing the fault mends only later streams, as a restarted API would.
   */
  fault(fault: HttpFault | null): void {
    if (fault === null) return;
    for (const subscriber of [...this.subscribers]) {
      if (subscriber.timer) clearInterval(subscriber.timer);
      subscriber.timer = null;
      if (fault === "silent") {
        subscriber.silenced = true;
        continue;
      }
      this.remove(subscriber);
      const { response } = subscriber;
      if (fault === "garbage") {
        response.end(GARBAGE);
        continue;
      }
      response.write(`${HUGE_RECORD_BYTES}\n`);
      const chunk = Buffer.alloc(1024 * 1024, "9");
      let sent = 0;
      const write = (): void => {
        while (sent < HUGE_RECORD_BYTES && !response.destroyed) {
          sent += chunk.length;
          if (!response.write(chunk)) return void response.once("drain", write);
        }
        response.end();
      };
      write();
    }
  }

  private write(subscriber: Subscriber, record: Buffer): void {
    const { response } = subscriber;
    if (subscriber.silenced) return;
    if (response.destroyed) return this.remove(subscriber);
    response.write(record);
    if (response.writableLength > subscriber.limit) {
      this.options.log?.(
        `Dropping a subscriber that has not read ${response.writableLength} bytes (the simulator's cap; MESOS-7748)`,
      );
      response.destroy();
      this.remove(subscriber);
    }
  }

  private remove(subscriber: Subscriber): void {
    if (subscriber.timer) clearInterval(subscriber.timer);
    subscriber.timer = null;
    this.subscribers.delete(subscriber);
  }

  /** Ends every stream (the process is going away anyway; this only makes the end prompt and clean). */
  closeAll(): void {
    for (const subscriber of [...this.subscribers]) {
      subscriber.response.destroy();
      this.remove(subscriber);
    }
  }
}
