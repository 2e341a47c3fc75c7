// The simulator's v1 operator API (`POST /api/v1`, docs/mesos/http.md#operator-api-v1) on real master processes in a
// real ZooKeeper ensemble: the SUBSCRIBE stream and its events for the control API's changes, heartbeats, a
// standby's 307, 503 before recovery, the stream ending when the leader is killed, and 404 before Mesos 1.0.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeV1Event } from "@/lib/mesos/proto/codec";
import { RecordIoDecoder } from "@/lib/mesos/recordio";
import { parseEvent } from "@/lib/mesos/v1/schemas";
import { connectString, type RunningSim, startSim, waitFor } from "@/scripts/testbed";
import { zookeeperForThisFile } from "../helpers/zk";

const ensemble = zookeeperForThisFile("sim-operator-api");
const SESSION_MS = 3000;

interface MasterStatus {
  id: string;
  url: string;
  leader: boolean;
  state: string;
}
type Event = { type: string } & Record<string, unknown>;

const call = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}/api/v1`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
    redirect: "manual",
  });

/** A SUBSCRIBE stream read in the background: every record, parsed and checked against the v1 schemas. */
class Stream {
  readonly events: { at: number; event: Event }[] = [];
  ended: Promise<"ended" | "failed">;

  private constructor(readonly response: Response) {
    this.ended = this.read();
  }

  static async open(url: string): Promise<Stream> {
    const response = await call(url, { type: "SUBSCRIBE" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    return new Stream(response);
  }

  private async read(): Promise<"ended" | "failed"> {
    const reader = this.response.body?.getReader();
    if (!reader) return "failed";
    const decoder = new RecordIoDecoder();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return "ended";
        const pushed = decoder.push(value);
        if (!pushed.ok) throw new Error(pushed.error.message);
        for (const record of pushed.records) {
          const json: unknown = JSON.parse(Buffer.from(record).toString("utf8"));
          const parsed = parseEvent(json);
          if (!parsed.ok) throw new Error(parsed.error);
          this.events.push({ at: Date.now(), event: json as Event });
        }
      }
    } catch {
      return "failed"; // the connection was reset
    }
  }

  /** The first event from `from` on that matches, waiting for it. */
  async next(what: string, match: (event: Event) => boolean, from = 0, timeoutMs = 10_000): Promise<Event> {
    return waitFor(what, () => this.events.slice(from).find((e) => match(e.event))?.event, timeoutMs, 20);
  }

  cancel(): void {
    void this.response.body?.cancel().catch(() => undefined);
  }
}

const masters = async (sim: RunningSim) => (await sim.control<MasterStatus[]>("GET", "/masters")).body;
const leaderOf = async (sim: RunningSim) => {
  const leader = (await masters(sim)).find((m) => m.leader);
  if (!leader) throw new Error("no leader");
  return leader;
};
const runningTask = async (sim: RunningSim) => {
  const [task] = (await sim.control<{ id: string }[]>("GET", "/tasks?state=TASK_RUNNING&limit=1")).body;
  if (!task) throw new Error("no running task");
  return task.id;
};

let modern: RunningSim;
let first: RunningSim;
let ancient: RunningSim;

beforeAll(async () => {
  const zk = (path: string) => `zk://${connectString(ensemble())}/${path}`;
  const common = ["--session-timeout", String(SESSION_MS), "--seed", "9"];
  [modern, first, ancient] = await Promise.all([
    startSim({
      zk: zk("api-1-11"),
      agents: 3,
      mesosVersion: "1.11.0",
      args: [...common, "--heartbeat-interval", "0.4", "--restart-delay", "off"],
    }),
    startSim({
      zk: zk("api-1-0"),
      agents: 3,
      mesosVersion: "1.0.0",
      args: [...common, "--restart-delay", "300", "--registry-fetch-timeout", "15000"],
    }),
    startSim({ zk: zk("api-0-28"), masters: 1, agents: 1, mesosVersion: "0.28.0", args: common }),
  ]);
});

afterAll(async () => {
  await Promise.all([modern?.stop(), first?.stop(), ancient?.stop()]);
});

describe("a simulated Mesos 1.11.0 cluster's operator API", () => {
  it("streams SUBSCRIBED, then events for an agent added and a task failed through the control API", async () => {
    const leader = await leaderOf(modern);
    const stream = await Stream.open(leader.url);
    try {
      const subscribed = await stream.next("SUBSCRIBED", () => true);
      expect(subscribed.type).toBe("SUBSCRIBED");
      const state = (subscribed.subscribed as { get_state: { get_agents: { agents: unknown[] } } }).get_state;
      expect(state.get_agents.agents).toHaveLength(3);
      expect(stream.events[1]?.event.type).toBe("HEARTBEAT"); // sent right after SUBSCRIBED from 1.5

      const mark = stream.events.length;
      const [added] = (await modern.control<{ id: string }[]>("POST", "/agents", { count: 1 })).body;
      const agentAdded = await stream.next(
        "AGENT_ADDED",
        (e) => e.type === "AGENT_ADDED" && JSON.stringify(e).includes(`"value":"${added?.id}"`),
        mark,
      );
      expect(agentAdded).toMatchObject({ agent_added: { agent: { agent_info: { id: { value: added?.id } } } } });

      const taskId = await runningTask(modern);
      expect((await modern.control("POST", `/tasks/${encodeURIComponent(taskId)}/fail`)).status).toBe(200);
      const updated = await stream.next(
        "TASK_UPDATED to TASK_FAILED",
        (e) => e.type === "TASK_UPDATED" && JSON.stringify(e).includes(taskId),
        mark,
      );
      expect(updated).toMatchObject({
        task_updated: { state: "TASK_FAILED", status: { task_id: { value: taskId }, state: "TASK_FAILED" } },
      });

      const [launched] = (await modern.control<{ id: string }[]>("POST", "/tasks", { framework: "marathon" })).body;
      const launchedEvent = (e: Event) => JSON.stringify(e).includes(`"value":"${launched?.id}"`);
      await stream.next("TASK_ADDED", (e) => e.type === "TASK_ADDED" && launchedEvent(e), mark);
      await stream.next("TASK_RUNNING", (e) => e.type === "TASK_UPDATED" && launchedEvent(e), mark);
      const kinds = stream.events.slice(mark).map((e) => e.event.type);
      expect(kinds.indexOf("TASK_ADDED")).toBeLessThan(kinds.lastIndexOf("TASK_UPDATED"));
    } finally {
      stream.cancel();
    }
  });

  it("sends heartbeats at the configured interval", async () => {
    const stream = await Stream.open((await leaderOf(modern)).url);
    try {
      await waitFor("four heartbeats", () =>
        stream.events.filter((e) => e.event.type === "HEARTBEAT").length >= 4 ? true : undefined,
      );
      const beats = stream.events.filter((e) => e.event.type === "HEARTBEAT").map((e) => e.at);
      // The first comes with SUBSCRIBED; the next ones every 0.4 s.
      for (let i = 2; i < beats.length; i++) {
        const gap = (beats[i] ?? 0) - (beats[i - 1] ?? 0);
        expect(gap).toBeGreaterThan(250);
        expect(gap).toBeLessThan(900);
      }
      expect(stream.events[0]?.event).toMatchObject({ subscribed: { heartbeat_interval_seconds: 0.4 } });
    } finally {
      stream.cancel();
    }
  });

  it("streams protobuf records to a client that accepts only protobuf", async () => {
    const response = await call(
      (await leaderOf(modern)).url,
      { type: "SUBSCRIBE" },
      {
        Accept: "application/x-protobuf",
      },
    );
    expect(response.headers.get("content-type")).toBe("application/x-protobuf");
    const reader = response.body?.getReader();
    const decoder = new RecordIoDecoder();
    const types: unknown[] = [];
    while (reader && types.length < 2) {
      const { value, done } = await reader.read();
      if (done) break;
      const pushed = decoder.push(value);
      if (!pushed.ok) throw new Error(pushed.error.message);
      for (const record of pushed.records) {
        const event = decodeV1Event(record);
        if (!event.ok) throw new Error(event.error);
        types.push(event.value.type);
      }
    }
    await reader?.cancel();
    expect(types.slice(0, 2)).toEqual(["SUBSCRIBED", "HEARTBEAT"]);
  });

  it("sends a standby's callers to the leader with a protocol-relative Location", async () => {
    const all = await masters(modern);
    const leader = all.find((m) => m.leader);
    const standby = all.find((m) => !m.leader && m.state === "running");
    if (!leader || !standby) throw new Error("no leader or standby");
    const response = await call(standby.url, { type: "SUBSCRIBE" });
    expect(response.status).toBe(307);
    // libprocess hands the request to the master actor as /master/api/v1, and the redirect keeps that path.
    expect(response.headers.get("location")).toBe(`//${new URL(leader.url).host}/master/api/v1`);
    expect((await fetch(`${standby.url}/api/v1`, { redirect: "manual" })).status).toBe(307); // before the method
  });

  it("ends the stream when the leader is SIGKILLed", async () => {
    const leader = await leaderOf(modern);
    const stream = await Stream.open(leader.url);
    await stream.next("SUBSCRIBED", (e) => e.type === "SUBSCRIBED");
    const killed = Date.now();
    expect((await modern.control("POST", `/masters/${leader.id}/kill`)).status).toBe(200);
    const how = await Promise.race([
      stream.ended,
      new Promise<string>((resolve) => setTimeout(() => resolve("still open"), 5000)),
    ]);
    expect(["ended", "failed"]).toContain(how);
    expect(Date.now() - killed).toBeLessThan(5000);
  });
});

describe("a simulated Mesos 1.0.0 cluster's operator API", () => {
  it("has no heartbeats, no agent events, and 1.0's TASK_UPDATED", async () => {
    const stream = await Stream.open((await leaderOf(first)).url);
    try {
      const subscribed = await stream.next("SUBSCRIBED", () => true);
      expect(subscribed.subscribed).not.toHaveProperty("heartbeat_interval_seconds");
      await first.control("POST", "/agents", { count: 1 }); // registers, but 1.0 has no AGENT_ADDED
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const taskId = await runningTask(first);
      await first.control("POST", `/tasks/${encodeURIComponent(taskId)}/finish`);
      const updated = await stream.next("TASK_UPDATED", (e) => e.type === "TASK_UPDATED");
      expect(updated).toMatchObject({ task_updated: { task_id: { value: taskId }, state: "TASK_FINISHED" } });
      expect(stream.events.map((e) => e.event.type)).toEqual(["SUBSCRIBED", "TASK_UPDATED"]);
    } finally {
      stream.cancel();
    }
  });

  it("answers 503 while an elected master has not recovered the registry", async () => {
    // Without a quorum of replicas the registry cannot be read (docs/mesos/failover.md#the-quorum-flag): stop the
    // standbys, kill the leader; restarted, it is elected again and stays unrecovered.
    const all = await masters(first);
    for (const standby of all.filter((m) => !m.leader))
      expect((await first.control("POST", `/masters/${standby.id}/stop`)).status).toBe(200);
    const leader = all.find((m) => m.leader);
    if (!leader) throw new Error("no leader");
    expect((await first.control("POST", `/masters/${leader.id}/kill`)).status).toBe(200);
    // First "No leader elected" while the killed leader's znode outlives it, then elected but not recovered.
    const body = await waitFor(
      "503 Master has not finished recovery from the re-elected master",
      async () => {
        const r = await call(leader.url, { type: "GET_HEALTH" }).catch(() => null);
        const text = r ? await r.text() : "";
        return r?.status === 503 && text === "Master has not finished recovery" ? text : undefined;
      },
      20_000,
      100,
    );
    expect(body).toBe("Master has not finished recovery");
  });
});

describe("a simulated Mesos 0.28.0 master", () => {
  it("has no /api/v1", async () => {
    const master = ancient.ready.masters[0]?.url ?? "";
    expect((await call(master, { type: "SUBSCRIBE" })).status).toBe(404);
    expect((await fetch(`${master}/master/api/v1`, { method: "POST" })).status).toBe(404);
  });
});
