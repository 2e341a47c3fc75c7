// One dashboard collector for the benchmark, in a process of its own so that its CPU time and memory are its own: the
// control plane (the same code `next start` runs) on a fresh database, one cluster registered; what it asked of the
// masters and read from them comes from its own counts (lib/server/monitor/traffic.ts). It prints one JSON line per
// change of what the benchmark watches, and a stats line when asked (a line "stats" on stdin). Started by scripts/bench/index.ts with `--conditions=react-server`, so that the
// `server-only` guard resolves as it does in the server.
import { createInterface } from "node:readline";

const { BENCH_ZK: zk, BENCH_NAME: name } = process.env;
if (!zk || !name) throw new Error("BENCH_ZK and BENCH_NAME are required");

const { ControlPlane } = await import("@/lib/server/collector/control-plane");
const { settingsFromEnv } = await import("@/lib/server/monitor/settings");
const { createCluster } = await import("@/lib/server/clusters/repository");
const { masterTraffic } = await import("@/lib/server/monitor/traffic");

const plane = new ControlPlane(settingsFromEnv(process.env));
await plane.start();
const cluster = await createCluster({ name, zk });
await plane.sync(cluster.id);

const emit = (line: object) => process.stdout.write(`${JSON.stringify({ at: Date.now(), ...line })}\n`);

let last = "";
const watch = () => {
  const view = plane.state(cluster.id);
  if (!view) return;
  const seen = {
    kind: "view",
    status: view.poll.status,
    mode: view.poll.mode,
    agents: view.agents?.active ?? null,
    failed: view.tasks?.failed ?? null,
  };
  const key = JSON.stringify(seen);
  if (key !== last) {
    last = key;
    emit(seen);
  }
};
// The view is read whenever the collector tells its viewers something (what the SSE streams send), the same in both
// modes; polling it instead would cost the collector CPU the dashboard does not spend.
plane.subscribe(cluster.id, watch);
setInterval(watch, 1_000).unref(); // and once a second, for what changes without a message (none expected)

createInterface({ input: process.stdin }).on("line", (line) => {
  if (line.trim() === "stats") {
    const cpu = process.cpuUsage();
    emit({ kind: "stats", cpuUs: cpu.user + cpu.system, rss: process.memoryUsage().rss, ...masterTraffic() });
  } else if (line.trim() === "stop") {
    void plane.close().finally(() => process.exit(0));
  }
});
emit({ kind: "started", clusterId: cluster.id });
