// One simulated Mesos master: its own OS process, so it can be stopped, killed, paused and restarted for real.
// Started by the supervisor with MESOS_SIM_MASTER (a MasterConfig) and an IPC channel.
import { encodeMasterZnodeData, masterInfoFor } from "../../lib/mesos/master-info-encode";
import { mesosFeatures } from "../../lib/mesos/versions";
import { parseZkUrl } from "../../lib/zk/url";
import { jsonStyle } from "../json";
import type { HttpFault, MasterConfig, MasterToSupervisor, SupervisorToMaster } from "../protocol";
import { forkRandom } from "../random";
import { createWorld } from "../world";
import type { World } from "../world-model";
import { applyMutation } from "../world-mutations";
import { type WorldSnapshot, worldFromSnapshot } from "../world-snapshot";
import { mkdirp } from "../../lib/zk/promises";
import { v1Features } from "../v1/features";
import { Subscribers } from "../v1/stream";
import { type DetectedLeader, LeaderDetector, createEphemeralSequential, masterAcls, openSession } from "../zk-group";
import { createMasterHttpServer } from "./http";
import { masterFlags } from "./flags";
import { LeaderEvents } from "./leader-events";
import { metricsValues } from "./render";
import type { MasterView } from "./view";

function loadConfig(): MasterConfig {
  const parsed = JSON.parse(process.env.MESOS_SIM_MASTER ?? "null") as MasterConfig | null;
  if (!parsed || typeof process.send !== "function") {
    console.error("sim/master/main.ts is started by the simulator's supervisor (npm run sim)");
    process.exit(2);
  }
  return parsed;
}
const config = loadConfig();

// Messages are queued until the world is built: a master started after the world changed first receives the
// supervisor's world (sim/world-snapshot.ts), then the changes made since, in order.
const inbox: SupervisorToMaster[] = [];
let deliver: ((message: SupervisorToMaster) => void) | null = null;
let snapshotArrived: ((snapshot: WorldSnapshot) => void) | null = null;
process.on("message", (message: SupervisorToMaster) => {
  if (message.type === "world") snapshotArrived?.(message.snapshot);
  else if (deliver) deliver(message);
  else inbox.push(message);
});
const send = (message: MasterToSupervisor) => process.send?.(message);
const log = (line: string) => send({ type: "log", line });

// docs/mesos/failover.md#sigterm-and-sigkill: SIGTERM logs and exits at once; the ZooKeeper session is not closed and
// expires on the server.
process.on("SIGTERM", () => {
  console.log(`[${config.id}] Received signal SIGTERM; exiting`);
  process.exit(143);
});
const suicide = (reason: string, code = 1): never => {
  console.log(`[${config.id}] ${reason}`);
  process.exit(code);
};

const features = mesosFeatures(config.version);
const zk = parseZkUrl(config.zk);
const startTime = Date.now() / 1000;
const info = masterInfoFor({
  version: config.version,
  ip: config.ip,
  port: config.port,
  hostname: config.ip,
  startedAt: startTime,
  pid: process.pid,
  random: forkRandom(config.seed, `master-${config.id}-${process.pid}`),
});
const world: World = config.worldSnapshot
  ? worldFromSnapshot(await new Promise<WorldSnapshot>((resolve) => (snapshotArrived = resolve)))
  : createWorld({ seed: config.seed, agents: config.agents, tasks: config.tasks, startTime: config.worldStartTime });

const flags = masterFlags(config);

const emptyCounters = () => ({ slaveRegistrations: 0, slaveReregistrations: 0, droppedMessages: 0, tasksEnded: {} });
const view: MasterView = {
  world,
  masterInfo: info,
  features,
  style: jsonStyle(features),
  leader: null,
  elected: false,
  electedTime: null,
  recovered: false,
  registeredAgents: new Set(),
  registeredFrameworks: new Set(),
  counters: emptyCounters(),
  revision: 0,
  self: {
    id: info.id,
    pid: info.pid ?? `master@${config.ip}:${config.port}`,
    hostname: config.ip,
    ip: config.ip,
    port: config.port,
    version: config.version,
    cluster: config.cluster,
    startTime,
    flags,
  },
};
const changed = () => {
  view.revision++;
};

let registryTimer: NodeJS.Timeout | null = null;
let registryRequest = 0;

function onLeader(leader: DetectedLeader | null): void {
  // Mesos compares the whole MasterInfo, whose id is new in every process (docs/mesos/zookeeper.md#masterinfo-as-json):
  // a restarted master on the same address is not its predecessor. Legacy znodes (≤0.16) hold only a PID, which is all
  // those versions compared.
  const isSelf = leader !== null && (leader.id !== "" ? leader.id === view.self.id : leader.pid === view.self.pid);
  if (view.elected && !isSelf) {
    suicide(
      leader
        ? "Conceded leadership to another master... committing suicide!"
        : "Lost leadership after indecisive election... committing suicide!",
    );
  }
  view.leader = leader && { id: leader.id, pid: leader.pid, hostname: leader.hostname, port: leader.port };
  if (isSelf && !view.elected) {
    log("Elected as the leading master!");
    Object.assign(view, { elected: true, electedTime: Date.now() / 1000, recovered: false });
    view.registeredAgents.clear();
    view.registeredFrameworks.clear();
    view.counters = emptyCounters();
    send({ type: "elected" });
    registryRequest++;
    send({ type: "registry-fetch", requestId: registryRequest });
    registryTimer = setTimeout(() => {
      suicide(
        `Recovery failed: Failed to recover registrar: Failed to perform fetch within ${config.registryFetchTimeoutMs / 1000}secs`,
        134,
      );
    }, config.registryFetchTimeoutMs);
  } else if (leader && !isSelf) log(`The newly elected leader is ${leader.pid} with id ${leader.id}`);
  changed();
}

// The operator API from 1.0 (docs/mesos/http.md#operator-api-v1): its streams and the events the leader sends.
const api = features.operatorApiV1 ? v1Features(config.version) : null;
const subscribers = api ? new Subscribers({ features: api, heartbeatMs: config.heartbeatSeconds * 1000, log }) : null;
const events = new LeaderEvents(view, api, subscribers);

/** Registers agents or frameworks with the leader; returns those dropped (not recovered yet) and those added. */
function register(
  ids: string[],
  set: Set<string>,
  exists: (id: string) => boolean,
  isAgent: boolean,
): { dropped: string[]; added: string[] } {
  if (!view.elected || !view.recovered) {
    view.counters.droppedMessages += ids.length; // "Dropping ... message since not recovered yet"
    changed();
    return { dropped: ids, added: [] };
  }
  const added: string[] = [];
  for (const id of ids) {
    if (!exists(id) || set.has(id)) continue;
    set.add(id);
    added.push(id);
    if (isAgent) {
      const agent = world.agentsById.get(id);
      if (agent && agent.registeredTime < (view.electedTime ?? 0) - 1) view.counters.slaveReregistrations++;
      else view.counters.slaveRegistrations++;
    }
  }
  changed();
  return { dropped: [], added };
}

function handle(message: SupervisorToMaster): void {
  switch (message.type) {
    case "fault":
      httpFault = message.mode;
      subscribers?.fault(message.mode);
      log(message.mode ? `HTTP fault injected: ${message.mode}` : "HTTP fault cleared");
      return;
    case "registry":
      if (!view.elected || message.requestId !== registryRequest || view.recovered) return;
      if (registryTimer) clearTimeout(registryTimer);
      view.recovered = true;
      changed();
      log("Recovered registrar");
      send({ type: "recovered" });
      return;
    case "register-agents": {
      const { dropped, added } = register(
        message.agentIds,
        view.registeredAgents,
        (id) => {
          const status = world.agentsById.get(id)?.status;
          return status === "active" || status === "deactivated";
        },
        true,
      );
      if (dropped.length > 0) send({ type: "agents-dropped", agentIds: dropped });
      events.agentsRegistered(added.flatMap((id) => world.agentsById.get(id) ?? []));
      return;
    }
    case "register-frameworks": {
      const { dropped, added } = register(
        message.frameworkIds,
        view.registeredFrameworks,
        (id) => world.frameworks.some((f) => f.id === id),
        false,
      );
      if (dropped.length > 0) send({ type: "frameworks-dropped", frameworkIds: dropped });
      events.frameworksRegistered(world.frameworks.filter((f) => added.includes(f.id)));
      return;
    }
    case "mutation":
      events.changed(applyMutation(world, message.mutation, config.version));
      if (message.mutation.type === "remove-agent" || message.mutation.type === "agent-unreachable")
        view.registeredAgents.delete(message.mutation.agentId);
      changed();
      return;
    case "world":
      return; // only at the start (see the inbox above)
  }
}
deliver = handle;
for (const message of inbox.splice(0)) handle(message);

let replicasRecovered = false;
let httpFault: HttpFault | null = null;

async function contend(): Promise<void> {
  const client = await openSession(zk, config.sessionTimeoutMs);
  const acls = masterAcls(zk);
  await mkdirp(client, zk.path);
  if (features.logReplicas) {
    await mkdirp(client, `${zk.path}/log_replicas`);
    await createEphemeralSequential(
      client,
      `${zk.path}/log_replicas/`,
      Buffer.from(`log-replica(1)@${config.ip}:${config.port}`),
      acls,
    );
    replicasRecovered = true;
  }
  const label = { legacy: "", protobuf: "info_", json: "json.info_" }[features.znodeFormat];
  const created = await createEphemeralSequential(
    client,
    `${zk.path}/${label}`,
    encodeMasterZnodeData(info, features.znodeFormat),
    acls,
  );
  const znode = created.slice(zk.path.length + 1);
  send({ type: "contending", znode, sequence: Number(znode.slice(label.length)) });
  const detector = new LeaderDetector(client, zk.path, config.sessionTimeoutMs, {
    leader: onLeader,
    log,
    lost: (reason) => {
      if (view.elected) suicide(`${reason}. Lost candidacy as a leader... committing suicide!`);
      log(`${reason}. Lost candidacy as a follower... Contend again`);
      view.leader = null;
      changed();
      void contendUntilJoined();
    },
  });
  detector.start();
}

/** Mesos' ZooKeeper client retries for as long as it takes; so does a master waiting to (re)join the group. */
async function contendUntilJoined(): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await contend();
      return;
    } catch (error) {
      log(`Failed to contend (attempt ${attempt}): ${String(error)}; retrying`);
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000 * attempt, 5000)));
    }
  }
}

const server = createMasterHttpServer({
  view,
  httpAuth: config.httpAuth,
  replicasRecovered: () => replicasRecovered,
  fault: () => httpFault,
  api:
    api && subscribers
      ? {
          features: api,
          subscribers,
          heartbeatSeconds: config.heartbeatSeconds,
          metrics: () => metricsValues(view, Date.now() / 1000, replicasRecovered),
        }
      : null,
});
server.on("error", (error) => suicide(`Failed to listen on ${config.ip}:${config.port}: ${error.message}`));
server.listen(config.port, config.ip, () => {
  void contendUntilJoined().then(() => send({ type: "ready", url: `http://${config.ip}:${config.port}` }));
});
