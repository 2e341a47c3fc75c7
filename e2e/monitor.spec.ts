// The running app monitoring a simulated cluster on a real ZooKeeper ensemble, through its HTTP API and a live
// Server-Sent Events stream in the browser.
import { adminToken, expect, test } from "./fixtures";
import { simulatedClusterForThisFile } from "./sim-cluster";

interface StateBody {
  leader: { id: string; url: string } | null;
  masters: { id: string; isLeader: boolean; reachable: boolean | null; format: string }[];
  zk: { status: string; stale: boolean };
  agents: { active: number } | null;
  resources: Record<string, { total: number }> | null;
  version: number;
}

test.describe.configure({ mode: "serial" });

const cluster = simulatedClusterForThisFile({
  chroot: "/mesos",
  simArgs: ["--masters", "3", "--agents", "4", "--session-timeout", "4000", "--restart-delay", "off"],
  definition: () => ({ quorum: 2 }),
});

test("the API shows the registered cluster live: 3 masters, the leader, agents and totals", async ({ request }) => {
  const leader = await cluster.leader();
  await expect
    .poll(
      async () => {
        const body = (await (await request.get(`/api/clusters/${cluster.id()}/state`)).json()) as StateBody;
        return {
          masters: body.masters.length,
          reachable: body.masters.every((m) => m.reachable),
          leader: body.leader?.url,
          agents: body.agents?.active,
        };
      },
      { timeout: 20_000 },
    )
    .toEqual({ masters: 3, reachable: true, leader: leader.url, agents: 4 });

  const leaderResponse = await request.get(`/api/clusters/${cluster.id()}/leader`, { maxRedirects: 0 });
  expect(leaderResponse.status()).toBe(307);
  expect(leaderResponse.headers().location).toBe(`${leader.url}/`);

  const events = (await (
    await request.get(`/api/clusters/${cluster.id()}/events?limit=10&type=master.joined`)
  ).json()) as { events: { type: string }[] };
  expect(events.events.map((e) => e.type)).toEqual(["master.joined", "master.joined", "master.joined"]);

  const bad = await request.get(`/api/clusters/${cluster.id()}/events?limit=9999`);
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("invalid_input");
  expect((await request.get("/api/clusters/999999/state")).status()).toBe(404);
});

test("a browser's event stream delivers a failover live, and a reconnect with Last-Event-ID replays what it missed", async ({
  page,
  request,
}) => {
  await page.goto("/");
  await page.evaluate((id) => {
    const log: { type: string; data: unknown; lastEventId: string }[] = [];
    (window as unknown as { streamLog: typeof log }).streamLog = log;
    const source = new EventSource(`/api/clusters/${id}/stream`);
    for (const type of ["snapshot", "state", "cluster-event"]) {
      source.addEventListener(type, (message) =>
        log.push({
          type,
          data: JSON.parse((message as MessageEvent<string>).data),
          lastEventId: (message as MessageEvent<string>).lastEventId,
        }),
      );
    }
  }, cluster.id());
  const streamLog = () =>
    page.evaluate(
      () => (window as unknown as { streamLog: { type: string; data: unknown; lastEventId: string }[] }).streamLog,
    );
  await expect.poll(async () => (await streamLog()).at(0)?.type, { timeout: 10_000 }).toBe("snapshot");
  const snapshot = (await streamLog())[0]?.data as StateBody;
  expect(snapshot.masters).toHaveLength(3);

  const leader = await cluster.leader();
  await cluster.sim().control("POST", `/masters/${leader.id}/kill`);
  await expect
    .poll(
      async () =>
        (await streamLog()).some(
          (m) =>
            m.type === "state" &&
            (m.data as Partial<StateBody>).masters?.some((x) => x.id === leader.znode && x.reachable === false),
        ),
      { timeout: 5_000 },
    )
    .toBe(true);
  await expect
    .poll(
      async () =>
        (await streamLog()).filter(
          (m) => m.type === "cluster-event" && (m.data as { type: string }).type === "leader.elected",
        ).length,
      { timeout: 30_000 },
    )
    .toBe(1);

  // A client that saw only the snapshot resumes from its id and gets every event since, in order, from the database.
  const response = await fetch(`${test.info().project.use.baseURL}/api/clusters/${cluster.id()}/stream`, {
    headers: { "Last-Event-ID": String(snapshot.version), Authorization: `Bearer ${adminToken()}` },
  });
  const reader = response.body?.getReader();
  if (!reader) throw new Error("no stream body");
  let text = "";
  const decoder = new TextDecoder();
  while (!text.includes("leader.elected")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel();
  const replayed = [...text.matchAll(/^id: (\d+)\nevent: cluster-event\ndata: (.*)$/gm)].map((m) => ({
    id: Number(m[1]),
    type: (JSON.parse(m[2] ?? "{}") as { type: string }).type,
  }));
  expect(replayed.length).toBeGreaterThan(0);
  expect(replayed.every((e) => e.id > snapshot.version)).toBe(true);
  expect(replayed.map((e) => e.id)).toEqual([...replayed.map((e) => e.id)].sort((a, b) => a - b));
  expect(replayed.map((e) => e.type)).toContain("leader.elected");
  const live = (await streamLog()).filter((m) => m.type === "cluster-event").map((m) => (m.data as { id: number }).id);
  expect(replayed.map((e) => e.id).slice(0, live.length)).toEqual(live.slice(0, replayed.length));

  const history = (await (await request.get(`/api/clusters/${cluster.id()}/events?type=leader.elected`)).json()) as {
    events: { data: { previous: { id: string } | null } }[];
  };
  expect(history.events[0]?.data.previous?.id).toBe(leader.znode);
});

test("PUT edits a cluster and DELETE removes it with its history", async ({ request }) => {
  const created = await request.post("/api/clusters", {
    data: { name: `tmp-${Date.now()}`, masters: ["http://127.0.0.1:4"] },
  });
  const id = ((await created.json()) as { id: number }).id;
  const put = await request.put(`/api/clusters/${id}`, {
    data: { name: `renamed-${id}`, masters: ["http://127.0.0.1:3"], httpAuth: { username: "ops", password: "s3cret" } },
  });
  expect(put.status()).toBe(200);
  const body = (await put.json()) as { name: string; masters: string[]; httpAuth: unknown };
  expect(body).toMatchObject({ name: `renamed-${id}`, masters: ["http://127.0.0.1:3"], httpAuth: { username: "ops" } });
  expect(JSON.stringify(body)).not.toContain("s3cret");
  expect((await request.put(`/api/clusters/${id}`, { data: { name: "" } })).status()).toBe(400);
  expect((await request.delete(`/api/clusters/${id}`)).status()).toBe(204);
  expect((await request.get(`/api/clusters/${id}`)).status()).toBe(404);
  expect((await request.get(`/api/clusters/${id}/events`)).status()).toBe(404);
  expect((await request.delete(`/api/clusters/${id}`)).status()).toBe(404);
  expect((await request.get("/api/clusters/abc/state")).status()).toBe(400);
});
