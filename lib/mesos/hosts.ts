// Host names and IP literals as they may appear in a master's znode, validated before anything is built from them
// (pure, browser-safe). A znode is written by whoever can write the masters' ZooKeeper path, so its `hostname` may
// be anything: `169.254.169.254/latest/meta-data#` would, pasted into a URL, choose the path the dashboard requests.
// Only RFC 1123 names and IPv4/IPv6 literals pass; everything else makes the znode "does not decode".

export type ParsedHost =
  | { kind: "ipv4"; text: string; bytes: number[] }
  | { kind: "ipv6"; text: string; bytes: number[] }
  | { kind: "name"; text: string };

/** RFC 1123's limit on a whole name (without a trailing dot). */
export const MAX_HOST_NAME_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;

/** Dotted decimal, four octets, no leading zeros (the form Mesos and `inet_ntoa` write). */
export function parseIpv4(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return null;
    const value = Number(part);
    if (value > 255) return null;
    bytes.push(value);
  }
  return bytes;
}

function hextets(text: string): number[] | null {
  if (text === "") return [];
  const groups = text.split(":");
  const words: number[] = [];
  for (const [i, group] of groups.entries()) {
    if (i === groups.length - 1 && group.includes(".")) {
      const v4 = parseIpv4(group);
      if (!v4) return null;
      words.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
    } else if (/^[0-9a-fA-F]{1,4}$/.test(group)) {
      words.push(parseInt(group, 16));
    } else {
      return null;
    }
  }
  return words;
}

/** An IPv6 literal without brackets or zone (`fe80::1%eth0` names an interface of the dashboard's host: refused). */
export function parseIpv6(text: string): number[] | null {
  if (text.length > 45 || !text.includes(":")) return null;
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const head = hextets(halves[0] ?? "");
  const tail = halves.length === 2 ? hextets(halves[1] ?? "") : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const words = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return words.flatMap((word) => [word >> 8, word & 0xff]);
}

function formatIpv6(bytes: readonly number[]): string {
  const words = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0));
  // RFC 5952: the longest run of two or more zero words becomes `::` (the first such run on a tie).
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j += 1;
    if (j - i > best.length && j - i >= 2) best = { start: i, length: j - i };
    i = j;
  }
  const hex = words.map((word) => word.toString(16));
  if (best.start < 0) return hex.join(":");
  return `${hex.slice(0, best.start).join(":")}::${hex.slice(best.start + best.length).join(":")}`;
}

/**
 * An RFC 1123 host name: labels of letters, digits and hyphens, 1–63 characters each, not starting or ending with a
 * hyphen, 253 characters in all. The last label may not look like a number (`2130706433`, `0x7f`): URL parsers
 * read such a name as an IPv4 address.
 */
export function isHostName(text: string): boolean {
  const name = text.endsWith(".") ? text.slice(0, -1) : text;
  if (name.length === 0 || name.length > MAX_HOST_NAME_LENGTH) return false;
  const labels = name.split(".");
  const last = labels[labels.length - 1] ?? "";
  if (/^\d+$/.test(last) || /^0x[0-9a-f]*$/i.test(last)) return false;
  return labels.every(
    (label) => label.length <= MAX_LABEL_LENGTH && /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/.test(label),
  );
}

/**
 * A host as a znode or a form gives it: an IPv4 literal, an IPv6 literal (bare or in brackets), or an RFC 1123 name
 * (lowercased, without a trailing dot). Null for anything else.
 */
export function parseHost(input: string): ParsedHost | null {
  if (input.length > MAX_HOST_NAME_LENGTH + 2) return null;
  const v4 = parseIpv4(input);
  if (v4) return { kind: "ipv4", text: input, bytes: v4 };
  const bare = input.startsWith("[") && input.endsWith("]") ? input.slice(1, -1) : input;
  const v6 = parseIpv6(bare);
  if (v6) return { kind: "ipv6", text: formatIpv6(v6), bytes: v6 };
  if (isHostName(input)) return { kind: "name", text: input.toLowerCase().replace(/\.$/, "") };
  return null;
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`), which reaches that IPv4 host. */
export function mappedIpv4(bytes: readonly number[]): number[] | null {
  if (bytes.length !== 16) return null;
  const prefix = bytes.slice(0, 12);
  return prefix.slice(0, 10).every((b) => b === 0) && prefix[10] === 0xff && prefix[11] === 0xff
    ? bytes.slice(12)
    : null;
}
