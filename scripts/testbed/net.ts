import { readFileSync } from "node:fs";
import net from "node:net";

const FALLBACK_EPHEMERAL_START = 32_768;
const LOWEST_PORT = 10_000;

/**
 * The first port of the kernel's ephemeral range. Ports handed out by `listen(0)` come from that range,
 * and so do the local ports of outgoing connections: a port that is free now can be taken a moment later
 * by any client's connection (a CI run once lost a master's port to one for 90 s). Ports below it are only
 * ever taken by someone who asks for them by number.
 */
function ephemeralRangeStart(): number {
  try {
    const [low] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/);
    const value = Number(low);
    return Number.isInteger(value) && value > LOWEST_PORT + 1000 ? value : FALLBACK_EPHEMERAL_START;
  } catch {
    return FALLBACK_EPHEMERAL_START;
  }
}

function randomPortBelowEphemeralRange(span = 1): number {
  const high = ephemeralRangeStart() - span;
  return LOWEST_PORT + Math.floor(Math.random() * (high - LOWEST_PORT));
}

/** `count` distinct ports that are free on 127.0.0.1 now, outside the ephemeral range. */
export async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let attempt = 0; ports.length < count; attempt++) {
    if (attempt > 200 + count * 10) throw new Error(`no ${count} free ports found below the ephemeral range`);
    const port = randomPortBelowEphemeralRange();
    if (!ports.includes(port) && (await isPortFree(port))) ports.push(port);
  }
  return ports;
}

/** `count` consecutive ports that are free on 127.0.0.1 now, outside the ephemeral range; returns the first. */
export async function freeConsecutivePorts(count: number): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const base = randomPortBelowEphemeralRange(count);
    const free = await Promise.all(Array.from({ length: count }, (_, i) => isPortFree(base + i)));
    if (free.every(Boolean)) return base;
  }
  throw new Error(`no ${count} consecutive free ports found below the ephemeral range`);
}

export function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}
