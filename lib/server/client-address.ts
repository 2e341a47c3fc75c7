// The address a request came from, as far as this server can tell and never as the client claims it.
//
// A route handler sees only a Web Request: Next gives it no socket and no `ip`. Next's own server (base-server.js in
// next 16.4) does set X-Forwarded-For from the socket, but only when the request has none
// (`req.headers['x-forwarded-for'] ??= socket.remoteAddress`): a client that sends its own keeps it verbatim, and the
// socket's address is lost. So the server stamps it itself: Node publishes every incoming request on the
// `http.server.request.start` diagnostics channel, with its socket, before any listener (Next's included) runs, and
// the subscriber below appends the socket's address to X-Forwarded-For, as a proxy would. Its right-most hop is then
// the direct peer; hops further left are believed only while the hop to their right is a proxy in TRUSTED_PROXIES.
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import { BlockList, isIP } from "node:net";
import type { Socket } from "node:net";
import { singleton } from "@/lib/server/singleton";

/**
 * Subscribes the stamp, once per process (Next bundles instrumentation and each route separately, so this module may
 * be loaded more than once). instrumentation.ts loads auth/server.ts, which calls this, while the server starts; a
 * request received before that (Next listens before it has loaded instrumentation) is not stamped, which is why the
 * stamp is subscribed as early as Next lets this code run.
 */
export function stampPeerAddresses(): void {
  singleton("peer-address-stamp", () => {
    subscribe("http.server.request.start", (message) => {
      const { request, socket } = message as { request: IncomingMessage; socket: Socket };
      appendPeer(request.headers, socket.remoteAddress);
    });
    return true;
  });
}

/** Appends the socket's address to X-Forwarded-For (Node has already joined repeated headers with ", "). */
export function appendPeer(headers: IncomingMessage["headers"], peer: string | undefined): void {
  const claimed = headers["x-forwarded-for"];
  headers["x-forwarded-for"] = [claimed, peer ?? "unknown"].filter(Boolean).join(", ");
}

/** TRUSTED_PROXIES: comma-separated addresses and CIDR ranges; an entry that is neither is ignored, with a message. */
export function parseTrustedProxies(value: string | undefined): BlockList {
  const list = new BlockList();
  for (const entry of (value ?? "").split(",").map((e) => e.trim())) {
    if (!entry) continue;
    const [address = "", prefix] = entry.split("/");
    const plain = unmapped(address);
    const family = isIP(plain);
    const bits = prefix === undefined ? undefined : Number(prefix);
    const maxBits = family === 4 ? 32 : 128;
    if (family === 0 || (bits !== undefined && !(Number.isInteger(bits) && bits >= 0 && bits <= maxBits))) {
      console.error(`[auth] TRUSTED_PROXIES: "${entry}" is not an address or a CIDR range; ignored`);
      continue;
    }
    const type = family === 4 ? "ipv4" : "ipv6";
    if (bits === undefined) list.addAddress(plain, type);
    else list.addSubnet(plain, bits, type);
  }
  return list;
}

let parsed: { value: string; list: BlockList } | undefined;

function trustedProxies(): BlockList {
  const value = process.env.TRUSTED_PROXIES ?? "";
  if (parsed?.value !== value) parsed = { value, list: parseTrustedProxies(value) };
  return parsed.list;
}

/** `::ffff:192.0.2.1` (an IPv4 client of a dual-stack socket) as `192.0.2.1`. */
function unmapped(address: string): string {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return match?.[1] ?? address;
}

function isTrusted(address: string, trusted: BlockList): boolean {
  const family = isIP(address);
  return family !== 0 && trusted.check(address, family === 4 ? "ipv4" : "ipv6");
}

/**
 * The client's address: the right-most X-Forwarded-For hop that is not a trusted proxy. With no TRUSTED_PROXIES that is
 * the socket's own peer (stamped above), so no value a client sends is ever taken. When every hop is trusted (a
 * request from the proxy itself), the left-most.
 */
export function clientAddress(request: Request, trusted: BlockList = trustedProxies()): string {
  const hops = (request.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((hop) => unmapped(hop.trim()))
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] ?? "";
    if (!isTrusted(hop, trusted)) return hop;
  }
  return hops[0] ?? "unknown";
}

/**
 * What throttling counts an address as: an IPv4 address itself, an IPv6 address by its /64, since one host is commonly
 * given a whole /64 and could otherwise take a fresh address for every attempt.
 */
export function addressBucket(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head = "", tail = ""] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = address.includes("::") ? (tail ? tail.split(":") : []) : [];
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
