// npm run resolve -- [--timeout=5secs] <master>: like `mesos-resolve` (docs/mesos/failover.md#mesos-resolve). <master>
// is zk://…/path, host:port, master@host:port or file:///path holding one of those. Prints the leader as ip:port and
// exits 0; without a leader within the timeout it says so on stderr and exits 255; a detector failure exits 1.
import { readFileSync } from "node:fs";
import { parseMesosDuration } from "../lib/mesos/duration";
import { ZkEnsemble } from "../lib/zk/ensemble";
import { leaderMember } from "../lib/zk/masters";
import { parseZkUrl, zkConnectString } from "../lib/zk/url";

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

function detectZk(master: string, url: string, timeoutMs: number, timeoutText: string): void {
  const zk = parseZkUrl(url);
  const ensemble = new ZkEnsemble(zkConnectString(zk), { sessionTimeoutMs: 10_000 });
  const timer = setTimeout(
    () => fail(`Failed to detect master from '${master}' within ${timeoutText}`, 255),
    timeoutMs,
  );
  ensemble.watchMembers(zk.path, (snapshot) => {
    const leader = leaderMember(snapshot.members);
    if (!leader) return;
    clearTimeout(timer);
    if (!leader.decoded) fail(`Failed to detect master from '${master}': ${leader.error}`, 1);
    console.log(leader.pid ? leader.pid.replace(/^[^@]*@/, "") : `${leader.ip}:${leader.port}`);
    process.exit(0);
  });
  ensemble.start();
}

function main(): void {
  const args = process.argv.slice(2);
  let timeoutText = "5secs";
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg.startsWith("--timeout=")) timeoutText = arg.slice("--timeout=".length);
    else if (arg === "--timeout") timeoutText = args[++i] ?? "";
    else if (arg !== "--verbose") positional.push(arg);
  }
  const [master] = positional;
  if (!master || positional.length > 1)
    fail(
      "Usage: npm run resolve -- [--timeout=5secs] <master>   (zk://host:port/path, host:port, master@host:port or file:///path)",
      1,
    );
  let timeoutMs: number;
  try {
    timeoutMs = parseMesosDuration(timeoutText);
  } catch (error) {
    fail(`--timeout: ${(error as Error).message}`, 1);
  }
  const target = master.startsWith("file://") ? readFileSync(master.slice("file://".length), "utf8").trim() : master;
  if (target.startsWith("zk://")) {
    try {
      detectZk(master, target, timeoutMs, timeoutText);
    } catch (error) {
      fail(`Failed to create a master detector for '${master}': ${(error as Error).message}`, 1);
    }
    return;
  }
  // A standalone master resolves to itself at once (StandaloneMasterDetector).
  const address = target.replace(/^master@/, "");
  if (!/^[^:/\s]+:\d{1,5}$/.test(address))
    fail(`Failed to create a master detector for '${master}': not zk://, host:port or master@host:port`, 1);
  console.log(address);
}

main();
