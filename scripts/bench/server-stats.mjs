// Preloaded into the benchmark's dashboard server (`node --import ./scripts/bench/server-stats.mjs server.mjs`): on
// SIGUSR2 it writes the server's CPU time, RSS and what it asked of the masters and read from them
// (lib/server/monitor/traffic.ts keeps those in the process-wide registry) to BENCH_STATS_FILE, so that the
// benchmark measures the real dashboard, Next.js and viewers included, from outside.
import { writeFileSync } from "node:fs";

const file = process.env.BENCH_STATS_FILE;
if (file) {
  process.on("SIGUSR2", () => {
    const traffic = globalThis[Symbol.for("masterwatch:master-traffic")] ?? { requests: 0, bytesRead: 0 };
    const cpu = process.cpuUsage();
    const stats = {
      at: Date.now(),
      cpuUs: cpu.user + cpu.system,
      rss: process.memoryUsage().rss,
      requests: traffic.requests,
      bytesRead: traffic.bytesRead,
    };
    writeFileSync(file, JSON.stringify(stats));
  });
}
