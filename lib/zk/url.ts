/**
 * ZooKeeper URLs as Mesos reads them (`--zk`, src/zookeeper/url.cpp):
 * `zk://[username:password@]host:port[,host:port...]/path`. The path is the chroot the masters register
 * under; Mesos refuses "/" ("Expecting a (chroot) path for ZooKeeper ('/' is not supported)").
 */
export interface ZkServerAddress {
  host: string;
  port: number;
}

export interface ZkUrl {
  servers: ZkServerAddress[];
  path: string;
  /** Digest credentials (`zk://user:pass@...`), used by Mesos for ACLs; readers never need them. */
  credentials: { username: string; password: string } | null;
}

export class ZkUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ZkUrlError";
  }
}

const DEFAULT_PORT = 2181;
const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV6 = /^\[[0-9A-Fa-f:.]+\]$/;
const PATH_SEGMENT = /^[^/\0\s]+$/;

function parseServer(text: string): ZkServerAddress {
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(text);
  const host = match?.[1] ?? "";
  if (!match || host === "") throw new ZkUrlError(`"${text}" is not a host:port pair`);
  if (!HOSTNAME.test(host) && !IPV6.test(host)) throw new ZkUrlError(`"${host}" is not a valid host name or address`);
  if (match[2] === undefined) return { host, port: DEFAULT_PORT };
  const port = Number(match[2]);
  if (match[2] === "" || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ZkUrlError(`"${text}" has an invalid port (1-65535)`);
  }
  return { host, port };
}

function parsePath(path: string): string {
  if (path === "" || path === "/") {
    throw new ZkUrlError(
      "a chroot path is required after the servers, e.g. zk://host:2181/mesos ('/' is not supported)",
    );
  }
  const segments = path.slice(1).split("/");
  for (const segment of segments) {
    if (!PATH_SEGMENT.test(segment) || segment === "." || segment === "..") {
      throw new ZkUrlError(`"${path}" is not a valid ZooKeeper path (empty, "." or ".." segments, or whitespace)`);
    }
  }
  return path;
}

export function parseZkUrl(input: string): ZkUrl {
  const text = input.trim();
  if (!text.startsWith("zk://"))
    throw new ZkUrlError("a ZooKeeper URL starts with zk://, e.g. zk://10.0.0.1:2181,10.0.0.2:2181/mesos");
  const rest = text.slice("zk://".length);
  const slash = rest.indexOf("/");
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  const at = authority.lastIndexOf("@");
  let credentials: ZkUrl["credentials"] = null;
  if (at !== -1) {
    const userInfo = authority.slice(0, at);
    const colon = userInfo.indexOf(":");
    if (colon <= 0 || colon === userInfo.length - 1)
      throw new ZkUrlError("credentials must be written username:password@");
    credentials = {
      username: decodeURIComponent(userInfo.slice(0, colon)),
      password: decodeURIComponent(userInfo.slice(colon + 1)),
    };
  }
  const serverList = authority.slice(at + 1);
  if (serverList === "") throw new ZkUrlError("no ZooKeeper servers given, e.g. zk://10.0.0.1:2181/mesos");
  const servers = serverList.split(",").map((server) => parseServer(server.trim()));
  return { servers, credentials, path: parsePath(slash === -1 ? "" : rest.slice(slash)) };
}

/** The connect string node-zookeeper-client expects: `host:port,host:port` (chroot handled by the caller). */
export function zkConnectString(url: ZkUrl): string {
  return url.servers.map((s) => `${s.host}:${s.port}`).join(",");
}

/** The URL without its credentials, safe to show and log. */
export function redactZkUrl(url: ZkUrl): string {
  return `zk://${url.credentials ? "***:***@" : ""}${zkConnectString(url)}${url.path}`;
}
