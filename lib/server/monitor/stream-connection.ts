// One subscription to a leader's event stream, from its bytes to the model (pure apart from the clock it is given):
// RecordIO framing, decoding (JSON or protobuf), validation, and folding into a StreamModel. It says when the model
// changed, and ends itself, with a reason, on anything it cannot follow: a record cut short, one over the cap, one
// that does not decode, a first record other than SUBSCRIBED, or silence longer than five heartbeats
// (docs/monitor-and-events.md#the-event-stream).
import { decodeSubscribedInParts } from "@/lib/mesos/proto/get-state-parts";
import { RecordIoDecoder } from "@/lib/mesos/recordio";
import { type MasterEvent, parseEvent } from "@/lib/mesos/v1/schemas";
import { StreamModel } from "@/lib/mesos/v1/stream-model";
import { capText } from "@/lib/shared/text";
import { type Clock, type TimerHandle, yieldToEventLoop } from "./clock";
import { fileTasksInSteps } from "./state-read";
import type { V1Detour, V1Encoding, V1RequestOptions, v1Subscribe } from "./v1-http";

/** Decodes one record's bytes into the JSON shape a master writes; errors as values. */
export type RecordDecoder = (
  record: Uint8Array,
  encoding: V1Encoding,
) => { ok: true; value: unknown } | { ok: false; error: string };

/** The JSON decoder; the protobuf one comes from lib/mesos/proto. */
export const decodeJsonRecord: RecordDecoder = (record) => {
  try {
    return { ok: true, value: JSON.parse(Buffer.from(record.buffer, record.byteOffset, record.byteLength).toString()) };
  } catch (error) {
    return { ok: false, error: `a record is not JSON (${record.byteLength} bytes): ${capText(String(error), 120)}` };
  }
};

export interface StreamConnectionOptions {
  url: string;
  encoding: V1Encoding;
  clock: Clock;
  maxRecordBytes: number;
  decode: RecordDecoder;
  /** How long SUBSCRIBED may take after the answer's headers (a big cluster's state takes the master a while). */
  subscribedWithinMs: number;
  /** Records from this size on are folded in steps, letting the event loop through (default 1 MiB). */
  stepAboveBytes?: number;
  /** Heartbeats missed before the stream counts as dead (the proto's advice: 5). */
  missedHeartbeats?: number;
  /** SUBSCRIBED arrived: the model holds the whole state. */
  onSubscribed(model: StreamModel): void;
  /** An event changed the model. */
  onChange(event: MasterEvent): void;
  /** The connection is over, and why (a clean close by the master too: a leader closes only when it exits). */
  onEnd(reason: string): void;
}

const DEFAULT_STEP_ABOVE_BYTES = 1 << 20;

export class StreamConnection {
  readonly openedAt: number;
  model: StreamModel | null = null;
  bytes = 0;
  events = 0;
  lastRecordAt: number;
  /** When the last bytes arrived: a long record on its way (a 50 MB SUBSCRIBED) is a live stream, not a silent one. */
  private lastBytesAt: number;

  /** When the stream last showed life: a record, or bytes of one. */
  get lastActivityAt(): number {
    return Math.max(this.lastRecordAt, this.lastBytesAt);
  }
  private readonly decoder: RecordIoDecoder;
  /** Records received and not folded yet (a big one is being folded in steps). */
  private readonly pending: Uint8Array[] = [];
  private folding = false;
  /** How the stream ends once the pending records are folded: a framing error or a broken socket… */
  private pendingEnd: string | null = null;
  /** …or a clean close. */
  private socketClosedCleanly = false;
  private watchdog: TimerHandle | null = null;
  private ended = false;
  /** Set by the owner: closes the socket. */
  closeSocket: () => void = () => undefined;

  constructor(readonly options: StreamConnectionOptions) {
    this.decoder = new RecordIoDecoder({ maxRecordBytes: options.maxRecordBytes });
    this.openedAt = options.clock.now();
    this.lastRecordAt = this.openedAt;
    this.lastBytesAt = this.openedAt;
    this.watchdog = options.clock.setTimeout(() => {
      this.watchdog = null;
      if (!this.model) this.end(`${options.url} sent no SUBSCRIBED within ${options.subscribedWithinMs / 1000} s`);
    }, options.subscribedWithinMs);
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Bytes from the socket, in order. */
  push(chunk: Uint8Array): void {
    if (this.ended) return;
    this.bytes += chunk.byteLength;
    this.lastBytesAt = this.options.clock.now();
    const pushed = this.decoder.push(chunk);
    this.pending.push(...pushed.records);
    if (!pushed.ok) this.pendingEnd ??= `the stream from ${this.options.url} broke: ${pushed.error.message}`;
    this.drain();
  }

  /** The socket ended; `error` is the transport's reason, null for a clean end. */
  socketEnded(error: string | null): void {
    if (this.ended) return;
    const framing = this.decoder.end();
    if (error) {
      this.pendingEnd ??= error;
    } else if (!framing.clean) {
      const where =
        framing.state === "in-record"
          ? `mid-record (${framing.pendingBytes} of ${framing.expectedBytes} bytes)`
          : framing.state === "in-length"
            ? "inside a record's length"
            : `after an error: ${framing.error.message}`;
      this.pendingEnd ??= `the stream from ${this.options.url} ended ${where}`;
    } else {
      this.socketClosedCleanly = true;
    }
    this.drain();
  }

  /**
   * Folds the records received so far, in order, then applies how the socket ended. Small records are folded at once;
   * a big one (SUBSCRIBED of a large cluster: tens of MB, seconds of work) is folded in steps with the event loop let
   * through between them, so that ZooKeeper's pings, health probes and viewers are not starved for the whole time
   * (a loop blocked for longer than the ZooKeeper session timeout loses the session). Records that arrive meanwhile
   * wait their turn.
   */
  private drain(): void {
    if (this.folding) return;
    while (!this.ended) {
      const record = this.pending.shift();
      if (!record) break;
      if (record.byteLength >= (this.options.stepAboveBytes ?? DEFAULT_STEP_ABOVE_BYTES)) {
        this.folding = true;
        void this.foldInSteps(record)
          // What a synchronous fold would have thrown to the socket reader ends the stream, never the process.
          .catch((error: unknown) => this.end(`${this.options.url}: a record could not be folded: ${String(error)}`))
          .finally(() => {
            this.folding = false;
            this.drain();
          });
        return;
      }
      this.onRecord(record);
    }
    if (this.ended) return;
    if (this.pendingEnd !== null) return this.end(this.pendingEnd);
    if (this.socketClosedCleanly) {
      this.end(
        this.model
          ? `${this.options.url} closed the stream (a leader that loses leadership exits)`
          : `${this.options.url} closed the stream before SUBSCRIBED`,
      );
    }
  }

  /** Ends the connection from our side (leader changed, dashboard stopping). Calls no callback. */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    this.stopWatchdog();
    this.closeSocket();
  }

  private onRecord(record: Uint8Array): void {
    const { decode, encoding, url } = this.options;
    this.lastRecordAt = this.options.clock.now();
    const decoded = decode(record, encoding);
    if (!decoded.ok) return this.end(`${url} sent a record that does not decode: ${decoded.error}`);
    this.onDecoded(decoded.value);
  }

  private async foldInSteps(record: Uint8Array): Promise<void> {
    const { decode, encoding, url } = this.options;
    this.lastRecordAt = this.options.clock.now();
    if (encoding === "protobuf" && !this.model && (await this.subscribeInParts(record))) return;
    const decoded = decode(record, encoding);
    await yieldToEventLoop();
    if (this.ended) return;
    if (!decoded.ok) return this.end(`${url} sent a record that does not decode: ${decoded.error}`);
    const parsed = parseEvent(decoded.value);
    await yieldToEventLoop();
    if (this.ended) return;
    this.onParsed(parsed);
  }

  /**
   * A big protobuf SUBSCRIBED read in parts (state-read.ts): its tasks one at a time, so that they are never all held
   * in every stage at once. False when the record is not one to read so (it then goes the usual way, which says what
   * is wrong with it); true when it was dealt with, the stream ended included.
   */
  private async subscribeInParts(record: Uint8Array): Promise<boolean> {
    const parts = decodeSubscribedInParts(record, record.byteLength);
    if (!parts.ok) return false;
    const parsed = parseEvent({ type: "SUBSCRIBED", subscribed: parts.value.rest });
    if (!parsed.ok || parsed.value.type !== "SUBSCRIBED") return false;
    const builder = StreamModel.buildFromSubscribed(parsed.value.subscribed);
    const filed = await fileTasksInSteps(parts.value, builder.file, () => this.ended);
    if (this.ended || filed === null) return true;
    if (!filed.ok) {
      this.end(`${this.options.url} sent a SUBSCRIBED whose tasks do not decode: ${capText(filed.error, 200)}`);
      return true;
    }
    this.subscribedWith(builder.finish());
    return true;
  }

  private onDecoded(value: unknown): void {
    this.onParsed(parseEvent(value));
  }

  private onParsed(parsed: ReturnType<typeof parseEvent>): void {
    const { url } = this.options;
    if (!parsed.ok) return this.end(`${url} sent an event that does not validate: ${capText(parsed.error, 200)}`);
    const event = parsed.value;
    if (!this.model) {
      if (event.type !== "SUBSCRIBED") {
        return this.end(`${url} sent ${event.type === "UNKNOWN" ? "an unknown event" : event.type} before SUBSCRIBED`);
      }
      const model = new StreamModel();
      model.applyEvent(event);
      this.subscribedWith(model);
      return;
    }
    if (event.type === "SUBSCRIBED") {
      return this.end(`${url} sent a second SUBSCRIBED on one stream`);
    }
    const outcome = this.model.applyEvent(event);
    if (event.type !== "HEARTBEAT") this.events += 1;
    if (outcome.changed) this.options.onChange(event);
  }

  private subscribedWith(model: StreamModel): void {
    this.model = model;
    this.stopWatchdog();
    this.armWatchdog();
    this.options.onSubscribed(model);
  }

  private armWatchdog(): void {
    const seconds = this.model?.heartbeatIntervalSeconds;
    if (!seconds || seconds <= 0) return; // before 1.5 a quiet stream is a quiet cluster, not a dead stream
    const limitMs = seconds * 1000 * (this.options.missedHeartbeats ?? 5);
    const check = () => {
      this.watchdog = null;
      if (this.ended) return;
      const silentMs = this.options.clock.now() - this.lastActivityAt;
      if (silentMs >= limitMs) {
        this.end(
          `${this.options.url} sent nothing for ${Math.round(silentMs / 1000)} s, more than ${this.options.missedHeartbeats ?? 5} heartbeats of ${seconds} s`,
        );
        return;
      }
      this.watchdog = this.options.clock.setTimeout(check, Math.max(100, limitMs - silentMs));
    };
    this.watchdog = this.options.clock.setTimeout(check, limitMs);
  }

  private stopWatchdog(): void {
    if (this.watchdog) this.options.clock.clearTimeout(this.watchdog);
    this.watchdog = null;
  }

  private end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.stopWatchdog();
    this.closeSocket();
    this.options.onEnd(capText(reason));
  }
}

/**
 * Sends SUBSCRIBE for `connection` and wires the socket to it: chunks in order, then the end, once. An answer that is
 * not a stream comes back as it is; a connection closed while SUBSCRIBE waited (stopped or replaced) closes the socket
 * at once. Transport failures throw (MasterHttpError).
 */
export async function subscribeConnection(
  connection: StreamConnection,
  subscribe: typeof v1Subscribe,
  baseUrl: string,
  options: V1RequestOptions,
): Promise<"open" | V1Detour> {
  const answer = await subscribe(baseUrl, options, {
    onChunk: (chunk) => connection.push(chunk),
    onEnd: (error) => connection.socketEnded(error ? error.message : null),
  });
  if (answer.kind !== "open") return answer;
  connection.closeSocket = answer.close;
  if (connection.isEnded) answer.close();
  return "open";
}
