import { describe, expect, it } from "vitest";
import type { ActionView } from "@/lib/shared/actions";
import type { ClusterStateView, MasterView } from "@/lib/shared/cluster-state";
import { MAX_MESSAGE_CHARS } from "@/lib/shared/text";
import { capActionView, capViewMessages } from "./view-caps";

const long = "m".repeat(100_000);

function view(): ClusterStateView {
  const master = { id: "json.info_0000000001", error: long } as MasterView;
  return {
    clusterId: 1,
    name: "c",
    version: 0,
    leader: null,
    noLeaderSince: null,
    masters: [master],
    zk: { status: "disconnected", stale: true, since: null, error: long },
    disputed: { reason: long, since: "2026-01-01T00:00:00.000Z" },
    poll: {
      status: "failed",
      error: long,
      lastSuccessAt: null,
      source: null,
      durationMs: null,
      bytes: null,
      intervalMs: 1,
      mode: "poll",
      modeReason: null,
      stream: null,
    },
    mesos: null,
    agents: null,
    resources: null,
    frameworks: [],
    tasks: null,
    updatedAt: "2026-01-01T00:00:00.000Z",
  };
}

describe("capViewMessages", () => {
  it("caps the poll's error, every master's error, ZooKeeper's error and the dispute's reason", () => {
    const capped = capViewMessages(view());
    for (const text of [capped.poll.error, capped.masters[0]?.error, capped.zk.error, capped.disputed?.reason])
      expect(text?.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    expect(capped.masters[0]?.id).toBe("json.info_0000000001");
    expect(JSON.stringify(capped).length).toBeLessThan(3_000);
  });

  it("leaves short messages as they are", () => {
    const short = { ...view(), poll: { ...view().poll, error: "HTTP 503" } };
    expect(capViewMessages(short).poll.error).toBe("HTTP 503");
  });
});

describe("capActionView", () => {
  it("caps an action's error and keeps a command's output up to its own cap", () => {
    const action = {
      id: "a1",
      error: long,
      commands: [{ via: "ssh", command: "stop", exitCode: 1, output: "o".repeat(10_000), durationMs: 1 }],
    } as unknown as ActionView;
    const capped = capActionView(action);
    expect(capped.error?.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    expect(capped.commands[0]?.output.length).toBe(10_000);
  });
});
