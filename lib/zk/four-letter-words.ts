import net from "node:net";

export type ZkServerMode = "leader" | "follower" | "standalone" | "observer" | "read-only";

export interface SrvrReport {
  version: string;
  mode: ZkServerMode;
  connections: number | null;
  outstanding: number | null;
  nodeCount: number | null;
  zxid: string | null;
  latency: { min: number; avg: number; max: number } | null;
}

/** The answer ZooKeeper gives for a command missing from `4lw.commands.whitelist`. */
export class NotWhitelistedError extends Error {
  constructor(readonly command: string) {
    super(`"${command}" is not in the server's 4lw.commands.whitelist`);
    this.name = "NotWhitelistedError";
  }
}

/** Sends a four-letter word (`srvr`, `mntr`, `ruok`, ...) and returns the whole answer. */
export function fourLetterWord(
  host: string,
  port: number,
  command: string,
  timeoutMs = 2000,
  maxBytes = 1 << 20,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const socket = net.connect({ host, port });
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(new Error(`${host}:${port} did not answer "${command}" within ${timeoutMs} ms`)),
    );
    socket.on("connect", () => socket.end(command));
    socket.on("data", (chunk) => {
      size += chunk.length;
      if (size > maxBytes)
        socket.destroy(new Error(`${host}:${port} sent more than ${maxBytes} bytes for "${command}"`));
      else chunks.push(chunk);
    });
    socket.on("error", reject);
    socket.on("close", (hadError) => {
      if (hadError) return;
      const text = Buffer.concat(chunks).toString("utf8");
      if (/is not executed because it is not in the whitelist/.test(text)) reject(new NotWhitelistedError(command));
      else resolve(text);
    });
  });
}

const MODES: readonly ZkServerMode[] = ["leader", "follower", "standalone", "observer", "read-only"];

/** Parses the answer to `srvr`; throws on anything that is not one. */
export function parseSrvr(text: string): SrvrReport {
  const fields = new Map<string, string>();
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) fields.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  const mode = fields.get("Mode");
  const version = fields.get("Zookeeper version");
  if (!mode || !MODES.includes(mode as ZkServerMode) || version === undefined) {
    throw new Error(`not a srvr answer: ${JSON.stringify(text.slice(0, 200))}`);
  }
  const int = (key: string) => {
    const value = Number(fields.get(key));
    return fields.has(key) && Number.isFinite(value) ? value : null;
  };
  const latency = fields.get("Latency min/avg/max")?.split("/").map(Number);
  return {
    version,
    mode: mode as ZkServerMode,
    connections: int("Connections"),
    outstanding: int("Outstanding"),
    nodeCount: int("Node count"),
    zxid: fields.get("Zxid") ?? null,
    latency:
      latency?.length === 3 && latency.every(Number.isFinite)
        ? { min: latency[0] ?? 0, avg: latency[1] ?? 0, max: latency[2] ?? 0 }
        : null,
  };
}
