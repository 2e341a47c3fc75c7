import { afterEach, describe, expect, it, vi } from "vitest";
import type { BusMessage } from "./bus";
import { REPLAY_LIMIT, type StreamSource, createSseStream, formatMessage, parseLastEventId, stateDelta } from "./sse";
import { type OverviewSource, createOverviewStream } from "./overview-stream";
import type { ClusterStateView } from "@/lib/shared/cluster-state";
import type { ClusterEventView } from "@/lib/shared/events";

function view(overrides: Partial<ClusterStateView> = {}): ClusterStateView {
  return {
    clusterId: 1,
    name: "prod",
    version: 10,
    leader: {
      id: "json.info_0000000001",
      hostname: "m1.example.com",
      port: 5050,
      pid: "master@10.0.0.1:5050",
      version: "1.11.0",
      url: "http://m1.example.com:5050",
      electedAt: "2026-01-01T00:00:00.000Z",
    },
    noLeaderSince: null,
    masters: [],
    zk: { status: "connected", stale: false, since: "2026-01-01T00:00:00.000Z", error: null },
    disputed: null,
    poll: {
      status: "ok",
      error: null,
      lastSuccessAt: "2026-01-01T00:00:01.000Z",
      source: "http://m1.example.com:5050",
      durationMs: 12,
      bytes: 3_000,
      intervalMs: 3_000,
      mode: "poll",
      modeReason: null,
      stream: null,
    },
    mesos: { version: "1.11.0", cluster: "prod" },
    agents: { active: 3, deactivated: 0, unreachable: 0, recovered: 0 },
    resources: null,
    frameworks: [],
    tasks: null,
    updatedAt: "2026-01-01T00:00:01.000Z",
    ...overrides,
  };
}

function event(id: number, type = "master.joined"): ClusterEventView {
  return { id, clusterId: 1, type, at: "2026-01-01T00:00:00.000Z", data: { n: id } };
}

describe("parseLastEventId", () => {
  it.each([
    [null, null],
    ["", null],
    ["12", 12],
    [" 12 ", 12],
    ["0", 0],
    ["-1", null],
    ["abc", null],
    ["1.5", null],
    ["12345678901234567890", null],
  ])("%j → %j", (value, expected) => {
    expect(parseLastEventId(value)).toBe(expected);
  });
});

describe("formatMessage", () => {
  it("writes event and data without an id", () => {
    expect(formatMessage("removed", {})).toBe("event: removed\ndata: {}\n\n");
  });

  it("writes the id first when given", () => {
    expect(formatMessage("cluster-event", { a: 1, b: "x\ny" }, 42)).toBe(
      'id: 42\nevent: cluster-event\ndata: {"a":1,"b":"x\\ny"}\n\n',
    );
  });

  it("writes an id of 0", () => {
    expect(formatMessage("snapshot", null, 0)).toBe("id: 0\nevent: snapshot\ndata: null\n\n");
  });
});

describe("stateDelta", () => {
  it("returns the changed top-level keys plus updatedAt", () => {
    const previous = view();
    const next = view({
      version: 11,
      noLeaderSince: "2026-01-01T00:00:05.000Z",
      leader: null,
      updatedAt: "2026-01-01T00:00:05.000Z",
    });
    expect(stateDelta(previous, next)).toEqual({
      version: 11,
      noLeaderSince: "2026-01-01T00:00:05.000Z",
      leader: null,
      updatedAt: "2026-01-01T00:00:05.000Z",
    });
  });

  it("compares nested values by content", () => {
    const previous = view();
    const next = view({
      agents: { active: 3, deactivated: 0, unreachable: 1, recovered: 0 },
      zk: { ...previous.zk },
      updatedAt: "2026-01-01T00:00:02.000Z",
    });
    expect(stateDelta(previous, next)).toEqual({
      agents: { active: 3, deactivated: 0, unreachable: 1, recovered: 0 },
      updatedAt: "2026-01-01T00:00:02.000Z",
    });
  });

  it("is empty when only updatedAt changed", () => {
    expect(stateDelta(view(), view({ updatedAt: "2026-01-01T00:09:00.000Z" }))).toEqual({});
  });
});

// ---- createSseStream, end to end over a fake source ------------------------------------------------------------

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => {};
  let reject: (error: unknown) => void = () => {};
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

class FakeSource implements StreamSource {
  listener: ((message: BusMessage) => void) | null = null;
  unsubscribed = 0;
  eventsAfterCalls: [number, number][] = [];

  constructor(
    private readonly view: ClusterStateView | null,
    private readonly replay: () => Promise<ClusterEventView[]> = async () => [],
  ) {}

  subscribe(listener: (message: BusMessage) => void): () => void {
    this.listener = listener;
    return () => {
      this.unsubscribed += 1;
      this.listener = null;
    };
  }

  snapshot(): ClusterStateView | null {
    return this.view;
  }

  eventsAfter(id: number, limit: number): Promise<ClusterEventView[]> {
    this.eventsAfterCalls.push([id, limit]);
    return this.replay();
  }

  publish(message: BusMessage): void {
    if (!this.listener) throw new Error("nobody is subscribed");
    this.listener(message);
  }
}

interface Message {
  raw: string;
  id?: number;
  event?: string;
  data?: unknown;
}

function parse(raw: string): Message {
  const message: Message = { raw };
  for (const line of raw.split("\n")) {
    if (line.startsWith("id: ")) message.id = Number(line.slice(4));
    else if (line.startsWith("event: ")) message.event = line.slice(7);
    else if (line.startsWith("data: ")) message.data = JSON.parse(line.slice(6));
  }
  return message;
}

/** Reads the whole stream in the background; `messages` grows as chunks arrive. */
function collect(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const state = { done: false };
  const finished = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        state.done = true;
        return;
      }
      text += decoder.decode(value, { stream: true });
    }
  })();
  return {
    reader,
    finished,
    state,
    /** Complete messages so far (SSE messages end with a blank line; JSON data never holds a raw newline). */
    messages: (): Message[] => text.split("\n\n").slice(0, -1).map(parse),
  };
}

async function waitFor(condition: () => boolean, timeoutMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Lets pending promises and stream reads run, then checks nothing more arrived. */
async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 10));
}

describe("createSseStream", () => {
  const aborts: AbortController[] = [];
  function abortController(): AbortController {
    const controller = new AbortController();
    aborts.push(controller);
    return controller;
  }

  afterEach(() => {
    for (const controller of aborts.splice(0)) controller.abort();
    vi.useRealTimers();
  });

  it("sends retry, the snapshot, the replay, live events and state deltas, without duplicates", async () => {
    const snapshot = view({ version: 10 });
    const replay = deferred<ClusterEventView[]>();
    const source = new FakeSource(snapshot, () => replay.promise);
    const abort = abortController();
    const stream = collect(createSseStream(abort.signal, source, 7));

    await waitFor(() => stream.messages().length >= 2);
    const [retry, first] = stream.messages();
    expect(retry?.raw).toBe("retry: 3000");
    expect(first).toMatchObject({ id: 10, event: "snapshot", data: snapshot });
    expect(source.eventsAfterCalls).toEqual([[7, REPLAY_LIMIT]]);

    // Published while the replay is still being read: held back until it is sent.
    source.publish({ kind: "events", events: [event(9), event(11)] });
    await settle();
    expect(stream.messages()).toHaveLength(2);

    replay.resolve([event(8), event(9), event(10)]);
    await waitFor(() => stream.messages().length >= 6);
    expect(
      stream
        .messages()
        .slice(2)
        .map((m) => [m.id, m.event]),
    ).toEqual([
      [8, "cluster-event"],
      [9, "cluster-event"],
      [10, "cluster-event"],
      [11, "cluster-event"],
    ]);
    expect(stream.messages()[2]?.raw).toBe(formatMessage("cluster-event", event(8), 8).trimEnd());

    // Live: events at or below what was already sent are dropped.
    source.publish({ kind: "events", events: [event(10), event(11), event(12, "leader.lost")] });
    await waitFor(() => stream.messages().length >= 7);
    expect(stream.messages()[6]).toMatchObject({ id: 12, event: "cluster-event", data: event(12, "leader.lost") });

    // A state delta carries only the changed keys (and updatedAt), and has no id.
    source.publish({
      kind: "state",
      view: view({
        version: 12,
        leader: null,
        noLeaderSince: "2026-01-01T00:00:09.000Z",
        updatedAt: "2026-01-01T00:00:09.000Z",
      }),
    });
    await waitFor(() => stream.messages().length >= 8);
    const delta = stream.messages()[7];
    expect(delta?.event).toBe("state");
    expect(delta?.id).toBeUndefined();
    expect(delta?.data).toEqual({
      version: 12,
      leader: null,
      noLeaderSince: "2026-01-01T00:00:09.000Z",
      updatedAt: "2026-01-01T00:00:09.000Z",
    });

    // A state where only updatedAt moved sends nothing.
    source.publish({
      kind: "state",
      view: view({
        version: 12,
        leader: null,
        noLeaderSince: "2026-01-01T00:00:09.000Z",
        updatedAt: "2026-01-01T00:00:10.000Z",
      }),
    });
    await settle();
    expect(stream.messages()).toHaveLength(8);
    expect(stream.state.done).toBe(false);

    abort.abort();
    await stream.finished;
    expect(stream.state.done).toBe(true);
    expect(source.unsubscribed).toBe(1);
  });

  it("does not send live events the snapshot already includes when there is no Last-Event-ID", async () => {
    const source = new FakeSource(view({ version: 10 }));
    const abort = abortController();
    const stream = collect(createSseStream(abort.signal, source, null));

    await waitFor(() => stream.messages().length >= 2);
    expect(stream.messages()[1]).toMatchObject({ id: 10, event: "snapshot" });
    expect(source.eventsAfterCalls).toEqual([]);

    source.publish({ kind: "events", events: [event(9), event(10), event(11)] });
    await waitFor(() => stream.messages().length >= 3);
    await settle();
    expect(
      stream
        .messages()
        .slice(2)
        .map((m) => m.id),
    ).toEqual([11]);
  });

  it("gives the snapshot the Last-Event-ID when the client is ahead of it", async () => {
    const source = new FakeSource(view({ version: 10 }));
    const abort = abortController();
    const stream = collect(createSseStream(abort.signal, source, 15));
    await waitFor(() => stream.messages().length >= 2);
    expect(stream.messages()[1]).toMatchObject({ id: 15, event: "snapshot" });
    source.publish({ kind: "events", events: [event(14), event(16)] });
    await waitFor(() => stream.messages().length >= 3);
    expect(stream.messages()[2]?.id).toBe(16);
  });

  it("says so when the replay is truncated", async () => {
    const many = Array.from({ length: REPLAY_LIMIT }, (_, i) => event(i + 1));
    const source = new FakeSource(view({ version: 5 }), async () => many);
    const abort = abortController();
    const stream = collect(createSseStream(abort.signal, source, 0));
    await waitFor(() => stream.messages().length >= 3 + REPLAY_LIMIT);
    expect(stream.messages()[2]).toMatchObject({ event: "replay-truncated", data: { after: 0, limit: REPLAY_LIMIT } });
    expect(stream.messages()[3]?.id).toBe(1);
    expect(stream.messages().at(-1)?.id).toBe(REPLAY_LIMIT);
  });

  it("sends an error message when the replay fails, then carries on live", async () => {
    const source = new FakeSource(view({ version: 10 }), () => Promise.reject(new Error("database is locked")));
    const abort = abortController();
    const stream = collect(createSseStream(abort.signal, source, 3));
    await waitFor(() => stream.messages().length >= 3);
    expect(stream.messages()[2]).toMatchObject({ event: "error" });
    expect(JSON.stringify(stream.messages()[2]?.data)).toContain("database is locked");
    source.publish({ kind: "events", events: [event(11)] });
    await waitFor(() => stream.messages().length >= 4);
    expect(stream.messages()[3]?.id).toBe(11);
  });

  it("sends removed and closes when the cluster is removed", async () => {
    const source = new FakeSource(view());
    const abort = abortController();
    const stream = collect(createSseStream(abort.signal, source, null));
    await waitFor(() => stream.messages().length >= 2);
    source.publish({ kind: "removed" });
    await stream.finished;
    expect(stream.messages().at(-1)?.raw).toBe("event: removed\ndata: {}");
    expect(source.unsubscribed).toBe(1);
  });

  it("closes and unsubscribes when aborted during the replay", async () => {
    const replay = deferred<ClusterEventView[]>();
    const source = new FakeSource(view({ version: 10 }), () => replay.promise);
    const abort = abortController();
    const stream = collect(createSseStream(abort.signal, source, 1));
    await waitFor(() => stream.messages().length >= 2);
    abort.abort();
    await stream.finished;
    expect(source.unsubscribed).toBe(1);
    replay.resolve([event(2)]);
    await settle();
    expect(stream.messages()).toHaveLength(2);
  });

  it("closes at once when the signal is already aborted", async () => {
    const source = new FakeSource(view());
    const abort = abortController();
    abort.abort();
    const stream = collect(createSseStream(abort.signal, source, null));
    await stream.finished;
    expect(stream.messages()).toEqual([]);
    expect(source.unsubscribed).toBe(1);
  });

  it("unsubscribes when the reader cancels", async () => {
    const source = new FakeSource(view());
    const abort = abortController();
    const stream = collect(createSseStream(abort.signal, source, null));
    await waitFor(() => stream.messages().length >= 2);
    await stream.reader.cancel();
    await stream.finished;
    expect(source.unsubscribed).toBe(1);
    abort.abort();
    expect(source.unsubscribed).toBe(1);
  });

  it("sends a heartbeat comment every 15 s", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const source = new FakeSource(view());
    const abort = abortController();
    const stream = collect(createSseStream(abort.signal, source, null));
    await waitFor(() => stream.messages().length >= 2);
    vi.advanceTimersByTime(15_000);
    await waitFor(() => stream.messages().length >= 3);
    expect(stream.messages()[2]?.raw).toBe(": ping");
  });

  it("omits the snapshot when there is none", async () => {
    const source = new FakeSource(null);
    const abort = abortController();
    const stream = collect(createSseStream(abort.signal, source, null));
    await waitFor(() => stream.messages().length >= 1);
    source.publish({ kind: "events", events: [event(1)] });
    await waitFor(() => stream.messages().length >= 2);
    expect(stream.messages().map((m) => m.event ?? m.raw)).toEqual(["retry: 3000", "cluster-event"]);
  });

  it("sends the first state published after opening without one as the snapshot, then deltas", async () => {
    const source = new FakeSource(null);
    const abort = abortController();
    const stream = collect(createSseStream(abort.signal, source, null));
    await waitFor(() => stream.messages().length >= 1);
    source.publish({ kind: "state", view: view() });
    source.publish({ kind: "state", view: view({ noLeaderSince: "2026-01-01T00:00:05.000Z", leader: null }) });
    await waitFor(() => stream.messages().length >= 3);
    const [, snapshot, delta] = stream.messages();
    expect(snapshot).toMatchObject({ event: "snapshot", id: 10 });
    expect(delta?.event).toBe("state");
    expect(Object.keys(delta?.data ?? {}).sort()).toEqual(["leader", "noLeaderSince", "updatedAt"]);
  });
});

describe("createOverviewStream (on the same lifecycle)", () => {
  class FakeOverview implements OverviewSource {
    listener: ((clusterId: number, message: BusMessage) => void) | null = null;
    unsubscribed = 0;
    constructor(private readonly current: ClusterStateView[]) {}
    subscribeAll(listener: (clusterId: number, message: BusMessage) => void): () => void {
      this.listener = listener;
      return () => {
        this.unsubscribed += 1;
      };
    }
    states(): ClusterStateView[] {
      return this.current;
    }
    publish(clusterId: number, message: BusMessage): void {
      this.listener?.(clusterId, message);
    }
  }

  it("sends every cluster's summary, then only summaries that changed, and removals", async () => {
    const source = new FakeOverview([view(), view({ clusterId: 2, name: "staging" })]);
    const abort = new AbortController();
    const stream = collect(createOverviewStream(abort.signal, source));
    await waitFor(() => stream.messages().length >= 2);
    const [retry, snapshot] = stream.messages();
    expect(retry?.raw).toBe("retry: 3000");
    expect(snapshot?.event).toBe("snapshot");
    expect((snapshot?.data as ClusterStateView[]).map((s) => [s.clusterId, "frameworks" in s])).toEqual([
      [1, false],
      [2, false],
    ]);
    // Only the poll's timing changed: not worth a message.
    source.publish(1, {
      kind: "state",
      view: view({ updatedAt: "2026-01-01T00:00:09.000Z", poll: { ...view().poll, durationMs: 99 } }),
    });
    source.publish(1, { kind: "state", view: view({ leader: null, noLeaderSince: "2026-01-01T00:00:05.000Z" }) });
    source.publish(2, { kind: "removed" });
    await waitFor(() => stream.messages().length >= 4);
    await settle();
    expect(
      stream
        .messages()
        .slice(2)
        .map((m) => m.event),
    ).toEqual(["cluster-state", "cluster-removed"]);
    expect(stream.messages()[3]?.data).toEqual({ clusterId: 2 });
    abort.abort();
    await stream.finished;
    expect(source.unsubscribed).toBe(1);
  });
});
