// Issue 12, finding 6: a message from outside (a master's answer, a probe's error, a dispute's reason) is capped
// where it is made, and a master's body never reaches what viewers see.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { MAX_MESSAGE_CHARS } from "@/lib/shared/text";
import { emptyRecordedState } from "@/lib/server/events/recorded-state";
import { systemClock } from "./clock";
import { deriveEvents } from "./derive-events";
import { HealthProber } from "./health-prober";
import { LeaderPoller } from "./leader-poller";
import { fetchState, probeHealth } from "./master-api";
import { MasterHttpError, parseJsonBody } from "./master-http";
import type { MonitorIo } from "./monitor-io";
import { StaticSource } from "./static-source";
import { staticMaster } from "./test-fakes";

/** What a hostile master puts in its body: recognisable, and far longer than any message may be. */
const SECRET = "BODY-MARKER";
const HUGE_BODY = `${SECRET} ${"x".repeat(1 << 20)}`;

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("did not throw");
}

describe("parseJsonBody", () => {
  it("names the URL and the body's length, quotes nothing of the body, and keeps its beginning for the log", () => {
    const error = thrown(() => parseJsonBody(`<html>${SECRET}</html>`, "http://10.0.0.1:5050/master/state"));
    expect(error).toBeInstanceOf(MasterHttpError);
    const { message, detail } = error as MasterHttpError;
    expect(message).toBe("http://10.0.0.1:5050/master/state did not send JSON (24 characters)");
    expect(message).not.toContain(SECRET);
    expect(detail).toContain(SECRET);
  });

  it("caps the message and the detail, whatever the body and the URL", () => {
    const url = `http://${"h".repeat(5_000)}:5050/master/state`;
    const error = thrown(() => parseJsonBody(HUGE_BODY, url)) as MasterHttpError;
    expect(error.message.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    expect(error.message).toMatch(/… \(\d+ characters\)$/);
    expect(error.detail?.length).toBeLessThanOrEqual(300);
  });
});

describe("a master's answers against a real HTTP server", () => {
  let server: http.Server;
  let base = "";
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      const status = request.url?.startsWith("/health") ? 500 : 503;
      response.writeHead(status, { "Content-Type": "text/plain" });
      response.end(HUGE_BODY);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const options = { auth: null, timeoutMs: 5_000, maxBytes: 4 << 20 };

  it("a 503 is 'knows no leader' in our words; its body is only in the detail", async () => {
    const answer = await fetchState(base, "1.11.0", options);
    expect(answer).toMatchObject({ kind: "no-leader", message: "HTTP 503: this master knows no leader" });
    if (answer.kind !== "no-leader") throw new Error("not no-leader");
    expect(JSON.stringify(answer.message)).not.toContain(SECRET);
    expect(answer.detail).toContain(SECRET);
    expect(answer.detail?.length).toBeLessThanOrEqual(300);
  });

  it("another status names the status only", async () => {
    const error = await probeHealth(base, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MasterHttpError);
    expect((error as MasterHttpError).message).toBe(`${base}/health answered HTTP 500`);
    expect((error as MasterHttpError).detail).toContain(SECRET);
  });
});

describe("LeaderPoller", () => {
  function poller(fetchStateImpl: MonitorIo["fetchState"]) {
    const log = vi.fn<(line: string) => void>();
    const source = new StaticSource(["http://m1:5050"], () => true);
    const reader = new LeaderPoller({
      source,
      pollBaseMs: 1_000,
      requestTimeoutMs: 1_000,
      maxStateBytes: 1 << 20,
      auth: null,
      clock: systemClock,
      io: { fetchState: vi.fn(fetchStateImpl), fetchMetrics: vi.fn(async () => null) },
      onRead: () => undefined,
      log,
    });
    return { reader, log };
  }

  it("caps poll.error, and logs the master's answer once per distinct answer", async () => {
    const t = poller(async () => {
      throw new MasterHttpError("invalid", `unexpected ${"e".repeat(10_000)}`, undefined, `starts ${SECRET}`);
    });
    await t.reader.readNow();
    await t.reader.readNow();
    t.reader.stop();
    expect(t.reader.poll.status).toBe("failed");
    expect(t.reader.poll.error?.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    expect(t.reader.poll.error).not.toContain(SECRET);
    expect(t.log).toHaveBeenCalledTimes(1);
    expect(t.log.mock.calls[0]?.[0]).toContain(SECRET);
  });

  it("caps an unexpected exception's message", async () => {
    const t = poller(async () => {
      throw new Error("z".repeat(1 << 20));
    });
    await t.reader.readNow();
    t.reader.stop();
    expect(t.reader.poll.error?.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
  });
});

describe("HealthProber", () => {
  it("caps the error of a failed probe", async () => {
    const prober = new HealthProber({
      masters: () => [staticMaster("http://a:5050")],
      fallbackVersion: () => null,
      leaderId: () => null,
      healthIntervalMs: 60_000,
      standbyIntervalMs: 60_000,
      healthTimeoutMs: 1_000,
      electedIntervalMs: 60_000,
      auth: null,
      clock: systemClock,
      io: {
        probeHealth: async () => {
          throw new Error(`refused ${"r".repeat(1 << 20)}`);
        },
        probeElected: async () => null,
        holdConnection: () => ({ release: () => undefined }),
      },
      onReachability: () => undefined,
      onElected: () => undefined,
    });
    prober.start();
    await new Promise((resolve) => setTimeout(resolve, 10));
    prober.stop();
    const health = prober.health.get("http://a:5050");
    expect(health?.reachable).toBe(false);
    expect(health?.error?.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
  });
});

describe("deriveEvents", () => {
  const T0 = Date.UTC(2026, 0, 1);
  const master = {
    id: "json.info_0000000001",
    hostname: "m1",
    port: 5050,
    sequence: 1,
    reachable: true,
    error: null,
  };
  const base = {
    now: T0,
    zk: { status: "connected" as const, since: T0 - 60_000 },
    fresh: true,
    firstSinceStart: false,
    masters: [master],
    leader: { id: master.id, hostname: "m1", port: 5050, sequence: 1 },
    agents: null,
    poll: { status: "ok" as const, error: null },
    dispute: null,
  };
  const long = `${SECRET}${"q".repeat(100_000)}`;

  it("caps the errors and reasons it records, in the events and in the recorded state", () => {
    const recorded = deriveEvents(null, base).recorded;
    const later = deriveEvents(recorded, {
      ...base,
      now: T0 + 60_000,
      masters: [{ ...master, reachable: false, error: long }],
      poll: { status: "failed", error: long },
      dispute: { reason: long, since: T0 },
    });
    const texts = later.events.map((e) => JSON.stringify(e.data));
    expect(later.events.map((e) => e.type).sort()).toEqual(["leader.disputed", "master.unreachable", "poll.failed"]);
    for (const text of texts) expect(text.length).toBeLessThan(MAX_MESSAGE_CHARS + 200);
    expect(later.recorded.pollFailing?.error.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    expect(later.recorded.dispute?.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    expect(emptyRecordedState().dispute).toBeNull();
  });
});
