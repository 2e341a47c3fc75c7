// Issue 12, finding 6: what a hostile master sends never reaches viewers, and no stored or broadcast message is longer
// than the cap, from the master's answer through the monitor, the store and the bus (a real SQLite database and a
// real HTTP server as the master).
import http from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BusMessage } from "@/lib/server/events/bus";
import type { ControlPlane } from "@/lib/server/collector/control-plane";
import { MAX_MESSAGE_CHARS } from "@/lib/shared/text";
import { waitFor } from "@/scripts/testbed";

const MARKER = "HOSTILE-BODY-MARKER";
let dir: string;
let server: http.Server;
let plane: ControlPlane;
let clusterId: number;
const published: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "message-caps-"));
  process.env.DATABASE_URL = `file:${path.join(dir, "dashboard.db")}`;
  // A "master" that is healthy but answers its state with 1 MiB that is not JSON, beginning with the marker.
  server = http.createServer((request, response) => {
    if (request.url?.startsWith("/health")) return response.end();
    response.writeHead(200, { "Content-Type": "application/json" });
    response.end(`${MARKER} ${"<".repeat(1 << 20)}`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const { ControlPlane } = await import("@/lib/server/collector/control-plane");
  const { settingsFromEnv } = await import("@/lib/server/monitor/settings");
  plane = new ControlPlane(settingsFromEnv({ MONITOR_POLL_MS: "500", MONITOR_REQUEST_TIMEOUT_MS: "2000" }));
  await plane.start();
  const { createCluster } = await import("@/lib/server/clusters/repository");
  clusterId = (await createCluster({ name: "hostile-body", masters: [`http://127.0.0.1:${port}`] })).id;
  plane.subscribe(clusterId, (message: BusMessage) => published.push(JSON.stringify(message)));
  await plane.sync(clusterId);
}, 60_000);

afterAll(async () => {
  await plane?.close();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  const { getDb } = await import("@/lib/server/db");
  await getDb().$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe("a master whose state is 1 MiB of garbage", () => {
  it("fails the poll with a short reason that quotes none of the body, in the view, the store and the bus", async () => {
    const view = await waitFor(
      "the failed poll",
      () => {
        const v = plane.state(clusterId);
        return v?.poll.status === "failed" ? v : undefined;
      },
      20_000,
    );
    // The event stream is tried first (its SUBSCRIBE is answered with the same body), then polling.
    expect(view.poll.error).toMatch(/did not send JSON|answered SUBSCRIBE with "application\/json"/);
    expect(view.poll.error).not.toContain(MARKER);
    expect(view.poll.error?.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);

    const { listEvents } = await import("@/lib/server/events/store");
    const failed = await waitFor(
      "the poll.failed event",
      async () => (await listEvents(clusterId, { limit: 10, types: ["poll.failed"] }))[0],
      10_000,
    );
    expect(JSON.stringify(failed.data)).not.toContain(MARKER);
    await waitFor("the event published", () => (published.some((m) => m.includes("poll.failed")) ? true : undefined));
    for (const message of published) expect(message).not.toContain(MARKER);
  });
});

describe("the event store", () => {
  it("caps every string of a payload before the row is written, keeping a command's output longer", async () => {
    const { appendAuditEvents, appendEvents, listEvents } = await import("@/lib/server/events/store");
    const { emptyRecordedState } = await import("@/lib/server/events/recorded-state");
    const long = `${MARKER}${"y".repeat(200_000)}`;
    const output = "o".repeat(10_000);
    await appendAuditEvents(clusterId, [
      {
        type: "action.progress",
        at: Date.now(),
        data: {
          state: "running_command",
          command: { via: long, command: "stop", exitCode: 0, output },
        },
      },
    ]);
    await appendEvents(clusterId, [{ type: "poll.failed", at: Date.now(), data: { error: long, leader: null } }], {
      ...emptyRecordedState(),
      pollFailing: { since: Date.now(), error: long },
      dispute: long,
    });
    const [poll, progress] = await listEvents(clusterId, { limit: 2 });
    expect((poll?.data as { error: string }).error.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    const command = (progress?.data as { command: { via: string; output: string } }).command;
    expect(command.via.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    expect(command.output).toBe(output);
    const { getDb } = await import("@/lib/server/db");
    const row = await getDb().cluster.findUniqueOrThrow({ where: { id: clusterId } });
    expect(JSON.stringify(row.recordedState).length).toBeLessThan(2 * MAX_MESSAGE_CHARS + 1_000);
  });
});
