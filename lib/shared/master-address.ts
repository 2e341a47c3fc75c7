// Which masters the dashboard contacts (pure, browser-safe). A cluster may carry an allowlist of master addresses
// (host names, `*.suffix` patterns, IPs and CIDR ranges): a master whose znode names an address outside it is listed
// but never contacted, so credentials and requests go only where an admin said masters live. Without an allowlist
// every valid address is contacted except link-local, metadata and unspecified ones. See docs/security.md.
import { type ParsedHost, mappedIpv4, parseHost } from "@/lib/mesos/hosts";

export type AllowEntry =
  | { kind: "name"; name: string }
  | { kind: "suffix"; suffix: string }
  | { kind: "cidr"; family: 4 | 6; bytes: number[]; prefix: number };

/** At most this many entries per cluster: an allowlist is a short list of ranges, not an inventory. */
export const MAX_ALLOW_ENTRIES = 64;

/** Parses one allowlist entry, or throws an Error saying what is wrong with it. */
export function parseAllowEntry(input: string): AllowEntry {
  const text = input.trim();
  const quoted = JSON.stringify(text.slice(0, 80));
  if (text.startsWith("*.")) {
    const host = parseHost(text.slice(2));
    if (host?.kind !== "name") throw new Error(`${quoted} is not a valid pattern: write *.example.com`);
    return { kind: "suffix", suffix: host.text };
  }
  const [address, prefixText, ...rest] = text.split("/");
  const host = parseHost(address ?? "");
  if (!host || rest.length > 0)
    throw new Error(`${quoted} is not a host name, an IP address or a CIDR range (10.0.0.0/24, fd00::/64)`);
  if (host.kind === "name") {
    if (prefixText !== undefined) throw new Error(`${quoted}: only IP addresses take a /prefix`);
    return { kind: "name", name: host.text };
  }
  const family = host.kind === "ipv4" ? 4 : 6;
  const max = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= max)) throw new Error(`${quoted}: the prefix must be a number from 0 to ${max}`);
  return { kind: "cidr", family, bytes: host.bytes, prefix };
}

function formatBytes(family: 4 | 6, bytes: readonly number[]): string {
  if (family === 4) return bytes.join(".");
  const words = Array.from({ length: 8 }, (_, i) =>
    (((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0)).toString(16),
  );
  return parseHost(words.join(":"))?.text ?? words.join(":");
}

/** The canonical text of an entry, as stored and shown. */
export function formatAllowEntry(entry: AllowEntry): string {
  if (entry.kind === "name") return entry.name;
  if (entry.kind === "suffix") return `*.${entry.suffix}`;
  const address = formatBytes(entry.family, entry.bytes);
  return entry.prefix === (entry.family === 4 ? 32 : 128) ? address : `${address}/${entry.prefix}`;
}

function inPrefix(bytes: readonly number[], network: readonly number[], prefix: number): boolean {
  for (let bit = 0; bit < prefix; bit += 8) {
    const take = Math.min(8, prefix - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    if (((bytes[bit / 8] ?? 0) & mask) !== ((network[bit / 8] ?? 0) & mask)) return false;
  }
  return true;
}

/** The host as an IPv4 address, when it is one or an IPv4-mapped IPv6 address. */
function asIpv4(host: ParsedHost): number[] | null {
  if (host.kind === "ipv4") return host.bytes;
  return host.kind === "ipv6" ? mappedIpv4(host.bytes) : null;
}

export function matchesEntry(host: ParsedHost, entry: AllowEntry): boolean {
  if (entry.kind === "name") return host.kind === "name" && host.text === entry.name;
  if (entry.kind === "suffix") return host.kind === "name" && host.text.endsWith(`.${entry.suffix}`);
  const v4 = asIpv4(host);
  if (entry.family === 4) return v4 !== null && inPrefix(v4, entry.bytes, entry.prefix);
  return host.kind === "ipv6" && inPrefix(host.bytes, entry.bytes, entry.prefix);
}

/** Whether everything `inner` matches, `outer` matches too. */
export function entryCovers(outer: AllowEntry, inner: AllowEntry): boolean {
  if (outer.kind === "cidr")
    return (
      inner.kind === "cidr" &&
      inner.family === outer.family &&
      inner.prefix >= outer.prefix &&
      inPrefix(inner.bytes, outer.bytes, outer.prefix)
    );
  const innerName = inner.kind === "name" ? inner.name : inner.kind === "suffix" ? inner.suffix : null;
  if (innerName === null) return false;
  if (outer.kind === "name") return inner.kind === "name" && inner.name === outer.name;
  return innerName.endsWith(`.${outer.suffix}`) || (inner.kind === "suffix" && inner.suffix === outer.suffix);
}

/** Whether `next` allows nothing that `previous` did not (null: no allowlist, everything but special addresses). */
export function allowlistNarrows(next: readonly AllowEntry[] | null, previous: readonly AllowEntry[] | null): boolean {
  if (previous === null) return true;
  return next !== null && next.every((entry) => previous.some((old) => entryCovers(old, entry)));
}

const METADATA_NAMES: ReadonlySet<string> = new Set(["metadata.google.internal", "metadata.goog", "metadata"]);
const METADATA_IPS: readonly AllowEntry[] = ["100.100.100.200", "fd00:ec2::254"].map(parseAllowEntry);
const LINK_LOCAL: readonly AllowEntry[] = ["169.254.0.0/16", "fe80::/10"].map(parseAllowEntry);
const UNSPECIFIED: readonly AllowEntry[] = ["0.0.0.0/8", "::/128"].map(parseAllowEntry);

/**
 * Why an address is never contacted without an allowlist entry for it: cloud metadata services (which hand out the
 * host's credentials), link-local addresses, and `0.0.0.0`/`::`, which reach the dashboard's own host. Null when
 * none applies.
 */
export function specialAddress(host: ParsedHost): string | null {
  if (host.kind === "name")
    return METADATA_NAMES.has(host.text) ? "a cloud metadata service's name, not contacted unless allowed" : null;
  if (METADATA_IPS.some((entry) => matchesEntry(host, entry)))
    return "a cloud metadata service's address, not contacted unless allowed";
  if (LINK_LOCAL.some((entry) => matchesEntry(host, entry)))
    return "a link-local address (169.254.0.0/16, fe80::/10), not contacted unless allowed";
  if (UNSPECIFIED.some((entry) => matchesEntry(host, entry)))
    return "an unspecified address (0.0.0.0, ::), not contacted unless allowed";
  return null;
}

export const OUTSIDE_ALLOWED = "outside the allowed addresses";

export type AddressVerdict = { ok: true; host: ParsedHost } | { ok: false; reason: string };

/**
 * Which of a master's addresses the dashboard may contact: its host name first, else its IP (so an allowlist of IP
 * ranges pins a master whose znode names both to the IP, and DNS is not trusted), else the reason neither may be.
 */
export function contactAddress(
  candidates: readonly (string | null)[],
  allowlist: readonly AllowEntry[] | null,
): AddressVerdict {
  let reason: string | null = null;
  for (const candidate of candidates) {
    const host = candidate === null ? null : parseHost(candidate);
    if (!host) continue;
    const allowed = allowlist?.some((entry) => matchesEntry(host, entry));
    if (allowed) return { ok: true, host };
    const special = specialAddress(host);
    if (!allowlist && !special) return { ok: true, host };
    reason ??= allowlist ? OUTSIDE_ALLOWED : special;
  }
  return { ok: false, reason: reason ?? "no valid address" };
}

/**
 * `http://host:port` built with the URL API and checked: the host and port must come back as given, with no path,
 * so nothing in a znode can choose what the dashboard requests. Null when they do not.
 */
export function masterBaseUrl(host: ParsedHost, port: number): string | null {
  if (!Number.isInteger(port) || port < 1 || port > 65535) return null;
  const hostText = host.kind === "ipv6" ? `[${host.text}]` : host.text;
  let url: URL;
  try {
    url = new URL("http://placeholder.invalid/");
    url.hostname = hostText;
    url.port = String(port);
  } catch {
    return null;
  }
  const portBack = url.port === "" ? 80 : Number(url.port);
  if (url.hostname !== hostText || portBack !== port || url.pathname !== "/" || url.search || url.hash) return null;
  return url.origin;
}

/**
 * Where a master whose znode names `hostname` and `ip` is reached (`url`), or why it is not (`blocked`): the first
 * allowed address, as a checked base URL. The one rule the monitor and "Test connection" both apply.
 */
export function masterContactUrl(
  hostname: string | null,
  ip: string | null,
  port: number,
  allowlist: readonly AllowEntry[] | null,
): { url: string; blocked: null } | { url: null; blocked: string } {
  const verdict = contactAddress([hostname, ip], allowlist);
  if (!verdict.ok) return { url: null, blocked: verdict.reason };
  const url = masterBaseUrl(verdict.host, port);
  return url ? { url, blocked: null } : { url: null, blocked: "its address does not make a valid URL" };
}
