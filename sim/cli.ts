// npm run sim -- <options>: a simulated Mesos cluster on a real ZooKeeper. Prints `SIM READY {json}` when the
// masters run, a leader has recovered and every agent has registered; stops everything on SIGINT/SIGTERM.
import { USAGE, parseSimOptions } from "./options";
import { startControlApi } from "./control-api";
import { Supervisor } from "./supervisor";

async function main(): Promise<void> {
  if (process.argv.includes("--help")) {
    console.log(USAGE);
    return;
  }
  let options;
  try {
    options = parseSimOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const supervisor = new Supervisor(options, (line) => console.log(`[sim] ${line}`));
  let shuttingDown = false;
  const shutdown = async (code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    await supervisor.shutdown();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(130));
  process.on("SIGTERM", () => void shutdown(143));
  try {
    await startControlApi(supervisor, options.controlPort);
    await supervisor.start();
    await supervisor.ready(120_000);
    supervisor.tasks.setChurn(options.taskChurn);
    const ready = {
      version: options.mesosVersion,
      zk: options.zk,
      control: `http://127.0.0.1:${options.controlPort}`,
      leader: supervisor.leader,
      masters: supervisor.status().map(({ id, url, pid }) => ({ id, url, pid })),
      agents: supervisor.world.agents.length,
    };
    console.log(`SIM READY ${JSON.stringify(ready)}`);
  } catch (error) {
    console.error(`[sim] ${error instanceof Error ? error.message : String(error)}`);
    await shutdown(1);
  }
}

void main();
