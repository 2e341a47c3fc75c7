import "server-only";
// A one-off look at a cluster's ZooKeeper: every child of its path with the decoded content, and each server's
// own report (`srvr`). The ZooKeeper view reads through the session the monitor already holds on the ensemble
// (`inspectWithSession`); "test connection", for an ensemble not watched yet, opens and closes its own.
import type { Client } from "node-zookeeper-client";
import { MAX_ZNODE_DATA_BYTES } from "@/lib/mesos/master-info";
import { NotWhitelistedError, fourLetterWord, parseSrvr } from "./four-letter-words";
import { leaderMember, toMember } from "./masters";
import type { InspectedServer, InspectedZnode, ZkInspection } from "./inspection";
import { ZkError, connect, getChildren, getData } from "./promises";
import { type ZkUrl, zkConnectString } from "./url";

const NO_NODE = -101;

function preview(data: Buffer | null): Pick<InspectedZnode, "preview" | "encoding" | "bytes"> {
  if (!data || data.length === 0) return { preview: "", encoding: "empty", bytes: 0 };
  const head = data.subarray(0, 512);
  const text = head.toString("utf8");
  const printable = !/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text);
  return printable
    ? { preview: text, encoding: "text", bytes: data.length }
    : { preview: head.toString("hex"), encoding: "hex", bytes: data.length };
}

async function inspectServer(host: string, port: number): Promise<InspectedServer> {
  const address = `${host}:${port}`;
  try {
    return {
      address,
      report: parseSrvr(await fourLetterWord(host, port, "srvr", 1_500)),
      error: null,
      observable: true,
    };
  } catch (error) {
    if (error instanceof NotWhitelistedError)
      return { address, report: null, error: `not observable: ${error.message}`, observable: false };
    return { address, report: null, error: `not observable: ${(error as Error).message}`, observable: false };
  }
}

async function readZnodes(client: Client, path: string): Promise<{ pathExists: boolean; znodes: InspectedZnode[] }> {
  let children: string[];
  try {
    children = await getChildren(client, path);
  } catch (error) {
    if (error instanceof ZkError && error.code === NO_NODE) return { pathExists: false, znodes: [] };
    throw error;
  }
  const znodes = await Promise.all(
    children.sort().map(async (name): Promise<InspectedZnode | null> => {
      try {
        const { data, stat } = await getData(client, `${path}/${name}`);
        const tooLarge = (data?.length ?? 0) > MAX_ZNODE_DATA_BYTES;
        const ctime = stat.ctime.readBigInt64BE(0);
        return {
          name,
          member: toMember(name, tooLarge ? null : data),
          ...preview(data),
          createdAt: ctime > 0n ? new Date(Number(ctime)).toISOString() : null,
          ephemeral: stat.ephemeralOwner.some((byte) => byte !== 0),
        };
      } catch {
        return null; // gone between the listing and the read
      }
    }),
  );
  return { pathExists: true, znodes: znodes.filter((z): z is InspectedZnode => z !== null) };
}

/** `work`, or a rejection once `timeoutMs` passed (a shared session queues requests while it reconnects). */
function within<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * The same look through a session that is already open (the monitor's, on the same ensemble with the same
 * credentials): no session of its own. `client` null: that session is not connected now.
 */
export async function inspectWithSession(client: Client | null, url: ZkUrl, timeoutMs = 5_000): Promise<ZkInspection> {
  const servers = Promise.all(url.servers.map((s) => inspectServer(s.host, s.port)));
  if (!client) {
    const error = "the dashboard's ZooKeeper session on this ensemble is not connected now";
    return { reachable: false, error, pathExists: false, znodes: [], leader: null, servers: await servers };
  }
  try {
    const { pathExists, znodes } = await within(readZnodes(client, url.path), timeoutMs, "ZooKeeper");
    const members = znodes.flatMap((z) => (z.member ? [z.member] : []));
    return { reachable: true, error: null, pathExists, znodes, leader: leaderMember(members), servers: await servers };
  } catch (error) {
    const message = (error as Error).message;
    return { reachable: false, error: message, pathExists: false, znodes: [], leader: null, servers: await servers };
  }
}

export async function inspectZookeeper(url: ZkUrl, timeoutMs = 5_000): Promise<ZkInspection> {
  const servers = await Promise.all(url.servers.map((s) => inspectServer(s.host, s.port)));
  let client: Client | null = null;
  try {
    client = await connect(zkConnectString(url), { timeoutMs, sessionTimeout: 6_000 });
    if (url.credentials)
      client.addAuthInfo("digest", Buffer.from(`${url.credentials.username}:${url.credentials.password}`));
    const { pathExists, znodes } = await readZnodes(client, url.path);
    const members = znodes.flatMap((z) => (z.member ? [z.member] : []));
    return { reachable: true, error: null, pathExists, znodes, leader: leaderMember(members), servers };
  } catch (error) {
    return { reachable: false, error: (error as Error).message, pathExists: false, znodes: [], leader: null, servers };
  } finally {
    client?.close();
  }
}
