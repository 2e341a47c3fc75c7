// For the v1 unit tests: a leader of a given version over a small seeded world, every agent and framework registered
// with it, elected and recovered, as sim/master/main.ts builds one.
import { masterInfoFor } from "../../lib/mesos/master-info-encode";
import { mesosFeatures } from "../../lib/mesos/versions";
import { jsonStyle } from "../json";
import type { MasterView } from "../master/view";
import { forkRandom } from "../random";
import { createWorld } from "../world";

export const TEST_SPEC = { seed: 11, agents: 12, tasks: 48, startTime: 1_700_000_000 };

export function leaderView(version: string, spec = TEST_SPEC): MasterView {
  const features = mesosFeatures(version);
  const world = createWorld(spec);
  const info = masterInfoFor({
    version,
    ip: "127.0.0.1",
    port: 5050,
    hostname: "127.0.0.1",
    startedAt: spec.startTime + 10,
    pid: 4242,
    random: forkRandom(spec.seed, "master"),
  });
  return {
    world,
    masterInfo: info,
    features,
    style: jsonStyle(features),
    leader: { id: info.id, pid: info.pid ?? "", hostname: "127.0.0.1", port: 5050 },
    elected: true,
    electedTime: spec.startTime + 20.5,
    recovered: true,
    registeredAgents: new Set(world.agents.map((a) => a.id)),
    registeredFrameworks: new Set(world.frameworks.map((f) => f.id)),
    counters: { slaveRegistrations: 0, slaveReregistrations: 0, droppedMessages: 0, tasksEnded: {} },
    revision: 0,
    self: {
      id: info.id,
      pid: info.pid ?? "",
      hostname: "127.0.0.1",
      ip: "127.0.0.1",
      port: 5050,
      version,
      cluster: "sim",
      startTime: spec.startTime + 10,
      flags: { cluster: "sim", zk: "zk://127.0.0.1:2181/mesos" },
    },
  };
}

/** Every simulated release that has the v1 operator API: the first of each minor version. */
export const V1_VERSIONS = [
  "1.0.0",
  "1.1.0",
  "1.2.0",
  "1.3.0",
  "1.4.0",
  "1.5.0",
  "1.6.0",
  "1.7.0",
  "1.8.0",
  "1.9.0",
  "1.10.0",
  "1.11.0",
];
