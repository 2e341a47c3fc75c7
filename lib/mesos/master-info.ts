// What Mesos masters write into ZooKeeper (docs/mesos/zookeeper.md#mesos-masters-in-zookeeper): member names, the three
// data formats, the leader rule, and decoding the `MasterInfo` each version publishes (writing it:
// master-info-encode.ts). Pure code, shared by the dashboard and the simulator.
import { MAX_HOST_NAME_LENGTH, parseHost } from "./hosts";
import { decodeMasterInfo } from "./proto/codec";
import type { MasterCapability, ZnodeFormat } from "./versions";

export type { ZnodeFormat } from "./versions";

export type MasterCapabilityType = MasterCapability | "UNKNOWN";

/**
 * `mesos.MasterInfo` (docs/mesos/zookeeper.md#masterinfo-protobuf-fields), with the proto's field names. `ip` is packed
 * as Mesos writes it (docs/mesos/zookeeper.md#byte-order-of-the-ip-field).
 */
export type MasterInfo = {
  id: string;
  ip: number;
  port: number;
  pid?: string;
  hostname?: string;
  version?: string;
  address?: { hostname?: string; ip?: string; port: number };
  domain?: { fault_domain?: { region: { name: string }; zone: { name: string } } };
  capabilities?: { type: MasterCapabilityType }[];
};

const IPV4 =
  /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/**
 * `a.b.c.d` → `a + b·2^8 + c·2^16 + d·2^24`, i.e. `s_addr` read on a little-endian host
 * (docs/mesos/zookeeper.md#byte-order-of-the-ip-field). Throws on a non-IPv4 string.
 */
export function packIp(ip: string): number {
  const match = IPV4.exec(ip);
  if (!match) throw new RangeError(`not a dotted IPv4 address: ${JSON.stringify(ip)}`);
  return match.slice(1).reduce((sum, octet, i) => sum + Number(octet) * 2 ** (8 * i), 0);
}

/**
 * The inverse of `packIp`: the least significant byte is the first octet. Throws unless `0 ≤ ip < 2^32` is an integer.
 */
export function unpackIp(ip: number): string {
  if (!Number.isInteger(ip) || ip < 0 || ip > 0xffffffff) throw new RangeError(`not a uint32: ${ip}`);
  return [0, 8, 16, 24].map((shift) => Math.floor(ip / 2 ** shift) % 256).join(".");
}

const LABELS: Readonly<Record<string, ZnodeFormat>> = { "json.info": "json", info: "protobuf" };

/**
 * Classifies a child of the `--zk` path the way `GroupProcess::cache` does
 * (docs/mesos/zookeeper.md#znodes-under-the-zk-path): split on `_` (empty tokens dropped), the last token must be all
 * digits and fit in an int32 (any length: Mesos numifies it, unlike the 10-digit recipe in
 * docs/mesos/zookeeper.md#reading-the-leader-from-zookeeper), the label is the first token when there are several.
 * Returns `null` for non-members (`log_replicas`, `info_`) and for labels other than `info` / `json.info`, which no
 * Mesos detector can read (docs/mesos/zookeeper.md#how-the-leader-is-chosen).
 */
export function parseMemberName(name: string): { format: ZnodeFormat; sequence: number } | null {
  const tokens = name.split("_").filter((token) => token !== "");
  const last = tokens[tokens.length - 1];
  if (last === undefined || !/^\d+$/.test(last) || Number(last) > 0x7fffffff) return null;
  const format = tokens.length === 1 ? "legacy" : LABELS[tokens[0] ?? ""];
  return format ? { format, sequence: Number(last) } : null;
}

/** A master member as the dashboard shows it: effective address fields plus the raw `MasterInfo`. */
export type MasterZnode = {
  znode: string;
  sequence: number;
  format: ZnodeFormat;
  /** `null` for legacy members, whose data is only a PID. */
  id: string | null;
  hostname: string;
  ip: string;
  port: number;
  pid: string | null;
  /** `null` when the master did not publish it (protobuf before 0.23, legacy). */
  version: string | null;
  info?: MasterInfo;
};

export type MasterZnodeResult =
  | { ok: true; master: MasterZnode }
  | { ok: false; znode: string; sequence: number | null; format: ZnodeFormat | null; error: string };

/** Data larger than this is refused unread (ZooKeeper's own default limit is about 1 MB). */
export const MAX_ZNODE_DATA_BYTES = 1024 * 1024;

class Invalid extends Error {}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

function fail(reason: string): never {
  throw new Invalid(reason);
}

export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function record(value: unknown, what: string): Readonly<Record<string, unknown>> {
  return isRecord(value) ? value : fail(`${what} is not an object`);
}

function optionalString(object: Readonly<Record<string, unknown>>, key: string, what = key): string | undefined {
  const value = object[key];
  return value === undefined || typeof value === "string" ? value : fail(`${what} is not a string`);
}

function integer(object: Readonly<Record<string, unknown>>, key: string, min: number, max: number, what = key): number {
  const value = object[key];
  if (value === undefined) fail(`missing required field ${what}`);
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max)
    fail(`${what} is not an integer in [${min}, ${max}]: ${JSON.stringify(value)}`);
  return value;
}

const CAPABILITIES: readonly string[] = ["AGENT_UPDATE", "AGENT_DRAINING", "QUOTA_V2"] satisfies MasterCapability[];
const isCapability = (type: string | undefined): type is MasterCapability =>
  type !== undefined && CAPABILITIES.includes(type);

function toCapability(value: unknown, i: number): { type: MasterCapabilityType } {
  const type = optionalString(record(value, `capabilities[${i}]`), "type", `capabilities[${i}].type`);
  // Mesos rejects an unknown enum name; a dashboard should still show a master from a newer release.
  return { type: isCapability(type) ? type : "UNKNOWN" };
}

// Validates a parsed JSON value or a decoded protobuf object against the `MasterInfo` message.
function toMasterInfo(value: unknown): MasterInfo {
  const o = record(value, "MasterInfo");
  const id = optionalString(o, "id") ?? fail("missing required field id");
  const info: MasterInfo = { id, ip: integer(o, "ip", 0, 0xffffffff), port: integer(o, "port", 0, 0xffffffff) };
  for (const key of ["pid", "hostname", "version"] as const) {
    const text = optionalString(o, key);
    if (text !== undefined) info[key] = text;
  }
  if (o.address !== undefined) {
    const a = record(o.address, "address");
    const address: NonNullable<MasterInfo["address"]> = {
      port: integer(a, "port", -0x80000000, 0x7fffffff, "address.port"),
    };
    const hostname = optionalString(a, "hostname", "address.hostname");
    const ip = optionalString(a, "ip", "address.ip");
    if (hostname !== undefined) address.hostname = hostname;
    if (ip !== undefined) address.ip = ip;
    info.address = address;
  }
  if (o.domain !== undefined) {
    const faultDomain = record(o.domain, "domain").fault_domain;
    const name = (parent: Readonly<Record<string, unknown>>, key: string) => {
      const named = record(
        parent[key] ?? fail(`missing required field domain.fault_domain.${key}`),
        `domain.fault_domain.${key}`,
      );
      return { name: optionalString(named, "name", `${key}.name`) ?? fail(`missing required field ${key}.name`) };
    };
    const fd = faultDomain === undefined ? undefined : record(faultDomain, "domain.fault_domain");
    info.domain = fd ? { fault_domain: { region: name(fd, "region"), zone: name(fd, "zone") } } : {};
  }
  if (o.capabilities !== undefined) {
    if (!Array.isArray(o.capabilities)) fail("capabilities is not an array");
    info.capabilities = o.capabilities.map(toCapability);
  }
  return info;
}

function parsePid(pid: string): { ip: string; port: number } {
  const match = /^master@([0-9.]{7,15}):(\d{1,5})$/.exec(pid);
  const ip = match?.[1];
  const port = Number(match?.[2]);
  if (!ip || !IPV4.test(ip) || !(port >= 1 && port <= 65535))
    fail(`pid is not master@<ip>:<port>: ${JSON.stringify(pid.slice(0, 80))}`);
  return { ip, port };
}

function effective(znode: string, sequence: number, format: ZnodeFormat, info: MasterInfo): MasterZnode {
  if (info.id === "") fail("id is empty");
  const fromPid = info.pid === undefined ? undefined : parsePid(info.pid);
  // `ip` is required, so the pid only helps when a master published 0.0.0.0.
  const ip = info.address?.ip || (info.ip === 0 && fromPid ? fromPid.ip : unpackIp(info.ip));
  const port = info.address?.port ?? info.port;
  if (port < 1 || port > 65535) fail(`port ${port} is not in [1, 65535]`);
  const hostname = info.address?.hostname || info.hostname || ip;
  // Anything else pasted into a URL could choose its path or another host (docs/security.md#hosts-contacted).
  const addressIp = parseHost(ip);
  if (addressIp?.kind !== "ipv4" && addressIp?.kind !== "ipv6")
    fail(`ip ${JSON.stringify(ip.slice(0, 80))} is not an IPv4 or IPv6 address`);
  if (!parseHost(hostname))
    fail(
      `hostname ${JSON.stringify(hostname.slice(0, 80))} is not a host name (RFC 1123, at most ${MAX_HOST_NAME_LENGTH} characters) or an IP address`,
    );
  return {
    znode,
    sequence,
    format,
    id: info.id,
    hostname,
    ip,
    port,
    pid: info.pid ?? null,
    version: info.version ?? null,
    info,
  };
}

function decodeData(znode: string, sequence: number, format: ZnodeFormat, data: Uint8Array): MasterZnode {
  if (format === "protobuf") {
    const decoded = decodeMasterInfo(data, { maxBytes: MAX_ZNODE_DATA_BYTES });
    return effective(
      znode,
      sequence,
      format,
      decoded.ok ? toMasterInfo(decoded.value) : fail(`protobuf: ${decoded.error}`),
    );
  }
  const text = decodeUtf8(data) ?? fail("data is not valid UTF-8");
  if (format === "legacy") {
    const { ip, port } = parsePid(text);
    return { znode, sequence, format, id: null, hostname: ip, ip, port, pid: text, version: null };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    fail(`not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return effective(znode, sequence, format, toMasterInfo(parsed));
}

/**
 * Decodes one member's data by its name's label, as the detector does
 * (docs/mesos/zookeeper.md#how-the-leader-is-chosen): `json.info_` → JSON, `info_` → protobuf, unlabeled → the PID
 * string. Effective fields prefer `address.*`, then `hostname`/`ip`/`port`, then the pid
 * (docs/mesos/zookeeper.md#byte-order-of-the-ip-field, docs/mesos/zookeeper.md#reading-the-leader-from-zookeeper).
 * Never throws: names that are not members, empty or oversized data, and anything that is not a well-formed
 * `MasterInfo` (or `master@ip:port`) give `ok: false` with a reason.
 */
export function decodeMasterZnode(name: string, data: Uint8Array | null | undefined): MasterZnodeResult {
  const member = parseMemberName(name);
  const failed = (error: string): MasterZnodeResult => ({
    ok: false,
    znode: name,
    sequence: member?.sequence ?? null,
    format: member?.format ?? null,
    error,
  });
  if (!member) return failed("not a master member znode");
  if (!data || data.length === 0) return failed("empty data");
  if (data.length > MAX_ZNODE_DATA_BYTES)
    return failed(`data too large (${data.length} bytes > ${MAX_ZNODE_DATA_BYTES})`);
  try {
    return { ok: true, master: decodeData(name, member.sequence, member.format, data) };
  } catch (error) {
    return failed(error instanceof Invalid ? error.message : `internal error: ${String(error)}`);
  }
}

/**
 * The leader: the member with the lowest sequence, whatever its format
 * (docs/mesos/zookeeper.md#how-the-leader-is-chosen); `null` when there is none.
 */
export function leaderOf<T extends { sequence: number }>(members: readonly T[]): T | null {
  return members.reduce<T | null>(
    (best, member) => (best === null || member.sequence < best.sequence ? member : best),
    null,
  );
}
