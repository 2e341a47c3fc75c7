// The masters of a cluster as the monitor tracks them (pure): from ZooKeeper members of any generation, from the
// last recorded list while ZooKeeper cannot be read, or from the static URLs of a cluster without ZooKeeper.
import { parseMemberName } from "@/lib/mesos/master-info";
import { type AllowEntry, masterContactUrl } from "@/lib/shared/master-address";
import type { ZkMember } from "@/lib/zk/masters";
import type { MasterRef } from "@/lib/server/events/recorded-state";
import type { MasterView } from "@/lib/shared/cluster-state";

/**
 * A master as the monitor tracks it: what the state view shows of it (`url` null while its address is unknown, for an
 * undecodable znode), and what only the monitor needs.
 */
export interface TrackedMaster extends Pick<
  MasterView,
  "id" | "sequence" | "format" | "hostname" | "ip" | "port" | "pid" | "version" | "url" | "blocked"
> {
  /** Other URLs that designate the same master (`http://ip:port` beside `http://hostname:port`). */
  aliases: string[];
  /** Why the znode could not be decoded. */
  decodeError: string | null;
  /** The `MasterInfo.id` the znode publishes (null for legacy members, static masters and undecodable znodes). */
  infoId: string | null;
}

function urlFor(host: string | null, port: number | null): string | null {
  if (!host || port === null) return null;
  return `http://${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}:${port}`;
}

/**
 * Where the dashboard reaches a master named in ZooKeeper, or why it does not: the address must be valid and, when
 * the cluster has an allowlist, inside it (docs/security.md#hosts-contacted). A master not contacted has no `url`, so
 * no probe, poll, action or redirect can reach it.
 */
function contact(
  hostname: string | null,
  ip: string | null,
  port: number | null,
  allowlist: readonly AllowEntry[] | null,
): { url: string | null; aliases: string[]; blocked: string | null } {
  if (port === null) return { url: null, aliases: [], blocked: null };
  const { url, blocked } = masterContactUrl(hostname, ip, port, allowlist);
  if (url === null) return { url, aliases: [], blocked };
  // The other address designates the same master in redirects and PIDs; it is only compared, never contacted.
  const aliases = [urlFor(hostname, port), urlFor(ip, port)].filter((u): u is string => u !== null && u !== url);
  return { url, aliases: [...new Set(aliases)], blocked: null };
}

export function fromZkMember(member: ZkMember, allowlist: readonly AllowEntry[] | null): TrackedMaster {
  if (!member.decoded) {
    return {
      id: member.znode,
      sequence: member.sequence,
      format: member.format,
      hostname: null,
      ip: null,
      port: null,
      pid: null,
      version: null,
      url: null,
      blocked: null,
      aliases: [],
      decodeError: member.error,
      infoId: null,
    };
  }
  return {
    id: member.znode,
    sequence: member.sequence,
    format: member.format,
    hostname: member.hostname,
    ip: member.ip,
    port: member.port,
    pid: member.pid,
    version: member.version,
    ...contact(member.hostname, member.ip, member.port, allowlist),
    decodeError: null,
    infoId: member.id,
  };
}

/** A master known only from the record (ZooKeeper not readable yet after a dashboard restart). */
export function fromRecorded(master: MasterRef, allowlist: readonly AllowEntry[] | null): TrackedMaster {
  const format = parseMemberName(master.id)?.format ?? "json";
  return {
    id: master.id,
    sequence: master.sequence,
    format,
    hostname: master.hostname,
    ip: null,
    port: master.port,
    pid: null,
    version: null,
    ...contact(master.hostname, null, master.port, allowlist),
    decodeError: null,
    infoId: null,
  };
}

/** A configured master of a cluster without ZooKeeper: its id is its base URL. */
export function fromStaticUrl(baseUrl: string): TrackedMaster {
  const url = new URL(baseUrl);
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  return {
    id: url.origin,
    sequence: null,
    format: "static",
    hostname: url.hostname,
    ip: null,
    port,
    pid: null,
    version: null,
    url: url.origin,
    blocked: null,
    aliases: [],
    decodeError: null,
    infoId: null,
  };
}

export function toRef(master: TrackedMaster): MasterRef {
  return { id: master.id, hostname: master.hostname, port: master.port, sequence: master.sequence };
}

export function labelOf(master: TrackedMaster): string {
  const address = master.hostname && master.port !== null ? `${master.hostname}:${master.port}` : "unknown address";
  return master.format === "static" ? address : `${address} (${master.id})`;
}

/** The tracked master a URL designates (a redirect target, a PID), if any. */
export function findByUrl(masters: readonly TrackedMaster[], url: string): TrackedMaster | undefined {
  return masters.find((m) => m.url === url || m.aliases.includes(url));
}
