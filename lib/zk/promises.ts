// Promise forms of the node-zookeeper-client calls we use. Connection handling stays with the caller.
import zookeeper, { type ACL, type Client, type Exception, type Stat } from "node-zookeeper-client";

export { zookeeper };

/** A ZooKeeper failure as a real Error, keeping ZooKeeper's code (e.g. `Exception.NO_NODE`). */
export class ZkError extends Error {
  constructor(
    readonly code: number | null,
    message: string,
  ) {
    super(message);
    this.name = "ZkError";
  }
}

function toError(error: Error | Exception): Error {
  return error instanceof Error ? error : new ZkError(error.getCode(), error.toString());
}

/** Connects and resolves once the session is established; rejects (and closes) after `timeoutMs`. */
export function connect(
  connectString: string,
  options: { sessionTimeout?: number; timeoutMs?: number } = {},
): Promise<Client> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const client = zookeeper.createClient(connectString, {
    sessionTimeout: options.sessionTimeout ?? 10_000,
    spinDelay: 200,
    retries: 1,
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.close();
      reject(new Error(`could not connect to ZooKeeper at ${connectString} within ${timeoutMs} ms`));
    }, timeoutMs);
    client.once("connected", () => {
      clearTimeout(timer);
      resolve(client);
    });
    client.connect();
  });
}

type Callback<T> = (error: Error | Exception | null, value: T) => void;

function call<T>(start: (callback: Callback<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => start((error, value) => (error ? reject(toError(error)) : resolve(value))));
}

/** Creates a znode; with `acls` omitted the client's default (open) ACL applies. */
export function create(
  client: Client,
  path: string,
  data: Buffer | null,
  mode: number = zookeeper.CreateMode.PERSISTENT,
  acls?: ACL[],
): Promise<string> {
  const bytes = data ?? Buffer.alloc(0);
  return call<string>((cb) =>
    acls ? client.create(path, bytes, acls, mode, cb) : client.create(path, bytes, mode, cb),
  );
}

export function mkdirp(client: Client, path: string): Promise<string> {
  return call<string>((cb) => client.mkdirp(path, cb));
}

export function getData(client: Client, path: string): Promise<{ data: Buffer | null; stat: Stat }> {
  return new Promise((resolve, reject) =>
    client.getData(path, (error, data, stat) =>
      error ? reject(toError(error)) : resolve({ data: data ?? null, stat }),
    ),
  );
}

export function getChildren(client: Client, path: string): Promise<string[]> {
  return call<string[]>((cb) => client.getChildren(path, cb));
}

export function remove(client: Client, path: string): Promise<void> {
  return call<void>((cb) => client.remove(path, (error) => cb(error, undefined)));
}
