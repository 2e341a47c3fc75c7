// Writing a master's znode data as a master of a given version would (the simulator, and tests of the decoder).
import { type MasterInfo, isRecord, packIp, unpackIp } from "./master-info";
import { encodeMasterInfo } from "./proto/codec";
import { uuidFrom } from "./uuid";
import { type ZnodeFormat, atLeast, mesosFeatures, tryParseMesosVersion } from "./versions";

function writeJson(value: unknown, escapeSlash: boolean): string {
  if (typeof value === "string")
    return escapeSlash ? JSON.stringify(value).replaceAll("/", "\\/") : JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`not a JSON number: ${value}`);
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => writeJson(item, escapeSlash)).join(",")}]`;
  if (isRecord(value)) {
    // JSON::Object is a std::map (sorted keys); unset fields and empty repeated fields are left out
    // (docs/mesos/zookeeper.md#masterinfo-as-json).
    const keys = Object.keys(value).filter((key) => {
      const field = value[key];
      return field !== undefined && !(Array.isArray(field) && field.length === 0);
    });
    return `{${keys
      .sort()
      .map((key) => `${JSON.stringify(key)}:${writeJson(value[key], escapeSlash)}`)
      .join(",")}}`;
  }
  throw new RangeError(`cannot write ${typeof value} as MasterInfo JSON`);
}

/**
 * The bytes a master of `info.version` writes: `json` = `stringify(JSON::protobuf(info))` (one line, keys sorted
 * at every level, empty repeated fields left out, `/` as `\/` when the version is before 1.7 unless
 * `escapeSlash` says otherwise); `protobuf` = `SerializeToString`; `legacy` = the PID. Throws `RangeError` on
 * values that do not fit the proto.
 */
export function encodeMasterZnodeData(
  info: MasterInfo,
  format: ZnodeFormat,
  options: { escapeSlash?: boolean } = {},
): Buffer {
  if (format === "protobuf") {
    const encoded = encodeMasterInfo(info);
    if (!encoded.ok) throw new RangeError(encoded.error);
    return Buffer.from(encoded.value);
  }
  if (format === "legacy") return Buffer.from(info.pid ?? `master@${unpackIp(info.ip)}:${info.port}`, "utf8");
  const version = info.version === undefined ? null : tryParseMesosVersion(info.version);
  const escapeSlash = options.escapeSlash ?? (version !== null && !atLeast(version, "1.7.0"));
  return Buffer.from(writeJson(info, escapeSlash), "utf8");
}

export type MasterInfoParams = {
  version: string;
  ip: string;
  port: number;
  hostname: string;
  /** Process start, epoch seconds (as `start_time`); dates the pre-0.25 id, in UTC. */
  startedAt: number;
  /** The OS process id (`getpid()`), part of the pre-0.25 id. */
  pid: number;
  /** Uniform in [0, 1); the UUID is drawn from it, so a seeded generator gives the same id every run. */
  random: () => number;
  /** `--domain`; written only from 1.4. */
  domain?: { region: string; zone: string };
};

/**
 * The `MasterInfo` a master of `params.version` publishes (docs/mesos/zookeeper.md#masterinfo-as-json,
 * docs/mesos/zookeeper.md#masterinfo-protobuf-fields "Since" column). Throws on a bad version or ip.
 */
export function masterInfoFor(params: MasterInfoParams): MasterInfo {
  const features = mesosFeatures(params.version);
  const ip = packIp(params.ip);
  const date = new Date(params.startedAt * 1000).toISOString().replace(/[-:]/g, "");
  const id = features.uuidMasterId
    ? uuidFrom(params.random)
    : `${date.slice(0, 8)}-${date.slice(9, 15)}-${ip}-${params.port}-${params.pid}`;
  const info: MasterInfo = { id, ip, port: params.port, pid: `master@${params.ip}:${params.port}` };
  if (features.masterInfoHostname) info.hostname = params.hostname;
  if (features.masterInfoVersion) info.version = params.version;
  if (features.masterInfoAddress) info.address = { hostname: params.hostname, ip: params.ip, port: params.port };
  if (features.domain && params.domain)
    info.domain = { fault_domain: { region: { name: params.domain.region }, zone: { name: params.domain.zone } } };
  if (features.masterCapabilities.length > 0) info.capabilities = features.masterCapabilities.map((type) => ({ type }));
  return info;
}
