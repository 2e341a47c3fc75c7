// The 64 KiB body cap holds for a chunked body too (no Content-Length to check first): the server stops reading just
// past the cap and answers 413, and its memory does not grow with what the client keeps sending. Measured on the
// server process itself: the one listening on the test port, found through /proc (Linux).
import { readFileSync, readdirSync, readlinkSync } from "node:fs";
import net from "node:net";
import { expect, test } from "./fixtures";

const KiB = 1024;
const MiB = 1024 * KiB;
const CHUNK = 64 * KiB;

/** The pid of the process listening on TCP `port`: the socket's inode from /proc/net/tcp{,6}, then whose fd it is. */
function listenerPid(port: number): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.trim().split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is HEXIP:HEXPORT; state 0A is LISTEN; the inode is the tenth field.
      const inode = fields[9];
      if (fields[1]?.endsWith(`:${hexPort}`) && fields[3] === "0A" && inode) inodes.add(inode);
    }
  }
  const wanted = new Set([...inodes].map((inode) => `socket:[${inode}]`));
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // gone, or not ours
    }
    for (const fd of fds) {
      try {
        if (wanted.has(readlinkSync(`/proc/${entry}/fd/${fd}`))) return Number(entry);
      } catch {
        // closed meanwhile
      }
    }
  }
  throw new Error(`no process of ours listens on port ${port}`);
}

/** Resident memory of `pid` in bytes (VmRSS). */
function rss(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]) * KiB;
}

interface Outcome {
  /** The status line's code, or null when the connection closed without one. */
  status: number | null;
  /** Body bytes written before the server answered or closed. */
  sent: number;
  ms: number;
  error: string | null;
}

/**
 * POSTs up to `limit` bytes of filler as 64 KiB chunks with `Transfer-Encoding: chunked` and no Content-Length, and
 * stops writing as soon as the server answers or closes the connection. Written on a plain socket: Node's HTTP client
 * can drop an answer that comes while it is still sending (an EPIPE or, seconds later, ECONNRESET instead of the 413).
 */
async function sendChunked(url: URL, limit: number): Promise<Outcome> {
  const started = performance.now();
  const frame = Buffer.concat([
    Buffer.from(`${CHUNK.toString(16)}\r\n`),
    Buffer.alloc(CHUNK, 0x20),
    Buffer.from("\r\n"),
  ]);
  const socket = net.connect(Number(url.port), url.hostname);
  let received = "";
  let error: string | null = null;
  const stopped = new Promise<void>((resolve) => {
    socket.on("data", (data: Buffer) => {
      received += data.toString("latin1");
      if (received.includes("\r\n\r\n")) resolve();
    });
    socket.on("error", (e) => {
      error = e.message;
      resolve();
    });
    socket.on("close", () => resolve());
  });
  let done = false;
  void stopped.then(() => (done = true));
  await Promise.race([stopped, new Promise((resolve) => socket.once("connect", resolve))]);
  socket.write(
    `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
  );
  let sent = 0;
  while (!done && sent < limit) {
    const more = socket.write(frame);
    sent += CHUNK;
    // Let the answer in between writes; wait for the socket to drain when its buffer is full.
    await (more ? new Promise((resolve) => setImmediate(resolve)) : Promise.race([stopped, onceDrained(socket)]));
  }
  if (!done) socket.write("0\r\n\r\n");
  await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 30_000))]);
  socket.destroy();
  const status = /^HTTP\/1\.1 (\d{3}) /.exec(received)?.[1];
  return { status: status ? Number(status) : null, sent, ms: performance.now() - started, error };
}

function onceDrained(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => socket.once("drain", resolve));
}

test("a chunked body over 64 KiB gets 413 at once and the server does not buffer it", async ({ baseURL }) => {
  const url = new URL("/api/auth/login", baseURL);
  const pid = listenerPid(Number(url.port));

  // Warm up: the route loaded and the first small oversized body answered, so what follows measures the body only.
  const warmup = await sendChunked(url, 2 * MiB);
  expect(warmup.status).toBe(413);
  await new Promise((resolve) => setTimeout(resolve, 500));

  const before = rss(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rss(pid))), 20);
  const outcome = await sendChunked(url, 128 * MiB);
  // The server could still be holding what it read: keep sampling a little after the answer.
  await new Promise((resolve) => setTimeout(resolve, 500));
  clearInterval(sampler);
  peak = Math.max(peak, rss(pid));
  const growth = peak - before;
  test.info().annotations.push({
    type: "measured",
    description: `pid ${pid}: sent ${(outcome.sent / MiB).toFixed(1)} MiB in ${outcome.ms.toFixed(0)} ms before the answer ${outcome.status ?? outcome.error}; RSS ${(before / MiB).toFixed(0)} MiB → peak ${(peak / MiB).toFixed(0)} MiB (+${(growth / MiB).toFixed(1)} MiB)`,
  });
  console.log(test.info().annotations.at(-1)?.description);

  expect.soft(outcome.status).toBe(413);
  // The server's memory did not grow with the body...
  expect.soft(growth).toBeLessThan(32 * MiB);
  // ...and it answered long before the 128 MiB were sent (what was sent is the cap plus the sockets' buffers).
  expect.soft(outcome.sent).toBeLessThan(32 * MiB);

  // The server still answers afterwards.
  const health = await fetch(new URL("/api/health", baseURL));
  expect(health.status).toBe(200);
});
