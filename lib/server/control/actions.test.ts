import { describe, expect, it, vi } from "vitest";
import type { EventDraft } from "@/lib/server/events/recorded-state";
import type { ClusterStateView, MasterView } from "@/lib/shared/cluster-state";
import { type ClusterEventView, parseClusterEvent } from "@/lib/shared/events";
import type { MasterAction } from "@/lib/shared/service-commands";
import { ActionManager } from "./actions";
import { type CommandRecord, type ControlTarget, ControllerError } from "./controller";

const HOST_KEY = { address: "10.0.0.3:22", fingerprint: "SHA256:abc" };

/** Three masters at 10.0.0.1..3, the first leading, two agents; the controller's commands change it at once. */
class FakeCluster {
  private sequence = 3;
  masters: MasterView[] = [1, 2, 3].map((n) => this.master(n, n, n === 1));

  master(n: number, sequence: number, isLeader: boolean): MasterView {
    return {
      id: `json.info_${String(sequence).padStart(10, "0")}`,
      sequence,
      format: "json",
      hostname: `10.0.0.${n}`,
      ip: `10.0.0.${n}`,
      port: 5050,
      pid: null,
      version: null,
      url: `http://10.0.0.${n}:5050`,
      blocked: null,
      impostor: null,
      isLeader,
      reachable: true,
      elected: isLeader,
      error: null,
      reachableSince: null,
    };
  }

  state(): ClusterStateView {
    const leader = this.masters.find((m) => m.isLeader);
    return {
      clusterId: 1,
      name: "test",
      version: 0,
      leader: leader
        ? {
            id: leader.id,
            hostname: leader.hostname,
            port: leader.port,
            pid: null,
            version: null,
            url: leader.url,
            electedAt: null,
          }
        : null,
      noLeaderSince: null,
      masters: this.masters,
      zk: { status: "connected", stale: false, since: null, error: null },
      disputed: null,
      poll: {
        status: "ok",
        error: null,
        lastSuccessAt: null,
        source: null,
        durationMs: null,
        bytes: null,
        intervalMs: 1000,
        mode: "poll",
        modeReason: null,
        stream: null,
      },
      mesos: null,
      agents: { active: 2, deactivated: 0, unreachable: 0, recovered: 0 },
      resources: null,
      frameworks: [],
      tasks: null,
      updatedAt: new Date().toISOString(),
    };
  }

  async run(action: MasterAction, target: ControlTarget): Promise<CommandRecord> {
    if (target.host === "10.0.0.3") throw new ControllerError("the host key is not pinned", null, HOST_KEY);
    const n = Number(target.host.split(".").at(-1));
    const wasLeader = this.masters.some((m) => m.hostname === target.host && m.isLeader);
    this.masters = this.masters.filter((m) => m.hostname !== target.host);
    if (wasLeader && this.masters[0]) this.masters[0] = { ...this.masters[0], isLeader: true };
    if (action !== "stop") this.masters.push(this.master(n, ++this.sequence, false));
    return {
      controller: "sim",
      via: "http://sim",
      command: `${action} ${target.id}`,
      exitCode: 0,
      output: "",
      durationMs: 1,
    };
  }
}

function setup() {
  const cluster = new FakeCluster();
  const events: ClusterEventView[] = [];
  const manager = new ActionManager({
    state: () => cluster.state(),
    cluster: async () => ({ name: "test", quorum: null, controller: { type: "sim", url: "http://sim" } }),
    appendAudit: async (clusterId: number, drafts: EventDraft[]) => {
      const stored = drafts.map((draft) => ({
        id: events.length + 1,
        clusterId,
        type: draft.type,
        at: new Date(draft.at).toISOString(),
        data: JSON.parse(JSON.stringify(draft.data)) as unknown,
      }));
      events.push(...stored);
      return stored;
    },
    publishEvents: () => undefined,
    publishAction: () => undefined,
    verifyTimeoutMs: 5_000,
    controllerFor: () => cluster,
  });
  const settled = (actionId: string) =>
    vi.waitFor(() => expect(manager.get(1, actionId)?.status).not.toBe("running"), { timeout: 10_000 });
  return { cluster, events, manager, settled };
}

describe("the action events' payloads", () => {
  it("match their type's schema in lib/shared/events, every key of them", async () => {
    const { events, manager, settled } = setup();
    const stop = await manager.request(1, { action: "stop", masterId: "json.info_0000000002", actor: "ops" });
    await settled(stop.id);
    const start = await manager.request(1, { action: "start", masterId: "json.info_0000000002", actor: "ops" });
    await settled(start.id);
    const restart = await manager.request(1, {
      action: "restart",
      masterId: "json.info_0000000001",
      reason: "upgrade",
      actor: "ops",
    });
    await settled(restart.id);
    const rolling = await manager.rollingRestart(1, { actor: "ops", reason: "kernel" });
    await settled(rolling.id);
    expect(manager.get(1, rolling.id)).toMatchObject({ status: "failed", unpinnedHostKey: HOST_KEY });

    const progress = events.flatMap((event) => (event.type === "action.progress" ? [event.data] : []));
    expect(progress.map((data) => (data as { state: string }).state)).toEqual(
      expect.arrayContaining([
        "running_command",
        "master_stopped",
        "master_back",
        "failover_done",
        "agents_reregistered",
      ]),
    );
    expect(progress.some((data) => "command" in (data as object))).toBe(true);
    expect(new Set(events.map((event) => event.type))).toEqual(
      new Set(["action.requested", "action.progress", "action.finished"]),
    );
    for (const event of events) {
      const parsed = parseClusterEvent(event);
      expect(parsed, JSON.stringify(event)).not.toBeNull();
      // Objects are not strict: a key the schema does not list would be dropped, so equality shows it lists them all.
      expect(parsed?.data).toEqual(event.data);
      expect(parsed?.data).toHaveProperty("actionId");
    }
  });
});
