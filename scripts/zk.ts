// npm run zk -- <start|stop|status|stop-server N|start-server N> [--ports 2181,2182,2183] [--dir .tmp/zk]
import path from "node:path";
import { parseArgs } from "node:util";
import {
  DEFAULT_CLIENT_PORTS,
  connectString,
  ensembleStatus,
  readEnsemble,
  startEnsemble,
  startServer,
  stopEnsemble,
  stopServer,
} from "./testbed/zk-ensemble";

const USAGE = `usage: npm run zk -- <command> [--ports 2181,2182,2183] [--dir .tmp/zk]
  start            start a 3-server ensemble (or as many as --ports names) and wait for its leader
  stop             stop every server of the ensemble
  status           show each server's pid and mode
  stop-server N    stop server N (1-based) only
  start-server N   start server N again`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { ports: { type: "string" }, dir: { type: "string", default: ".tmp/zk" }, help: { type: "boolean" } },
  });
  const [command, arg] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const dir = path.resolve(values.dir);
  if (command === "start") {
    const clientPorts = values.ports ? values.ports.split(",").map(Number) : DEFAULT_CLIENT_PORTS;
    if (clientPorts.some((p) => !Number.isInteger(p) || p < 1 || p > 65535))
      throw new Error(`--ports: "${values.ports}" is not a list of ports`);
    const started = Date.now();
    const ensemble = await startEnsemble({ dir, clientPorts });
    console.log(`ZooKeeper ensemble up in ${Date.now() - started} ms: ${connectString(ensemble)} (state in ${dir})`);
    return 0;
  }
  const ensemble = readEnsemble(dir);
  if (!ensemble) {
    console.error(`no ensemble was started in ${dir}`);
    return 1;
  }
  const id = Number(arg);
  switch (command) {
    case "stop":
      await stopEnsemble(ensemble);
      console.log("ZooKeeper ensemble stopped");
      return 0;
    case "status":
      for (const s of await ensembleStatus(ensemble)) {
        console.log(
          `server ${s.id} port ${s.clientPort}: ${s.running ? `pid ${s.pid}, ${s.mode ?? s.error ?? "not serving"}` : "stopped"}`,
        );
      }
      return 0;
    case "stop-server":
      await stopServer(ensemble, id);
      console.log(`ZooKeeper server ${id} stopped`);
      return 0;
    case "start-server":
      await startServer(ensemble, id);
      console.log(`ZooKeeper server ${id} serving`);
      return 0;
    default:
      console.error(USAGE);
      return 2;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
