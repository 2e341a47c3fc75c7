// Test helpers for the monitor's unit tests: a ZooKeeper client without ZooKeeper, masters, states, and a way to
// let promises settle under fake timers.
import { EventEmitter } from "node:events";
import type { MesosState } from "@/lib/mesos/schemas";
import type { MembersSnapshot, ZkConnection } from "@/lib/zk/ensemble";
import type { ZkMember } from "@/lib/zk/masters";
import type { TrackedMaster } from "./master-list";
import { fromStaticUrl, fromZkMember } from "./master-list";
import type { WatchedEnsemble } from "./zk-source";

/** The surface of ZkEnsemble a source uses, driven by the test. */
export class FakeEnsemble extends EventEmitter implements WatchedEnsemble {
  connection: ZkConnection = "connecting";
  readonly connectString = "zk1:2181,zk2:2181";
  readonly watches = new Map<string, (snapshot: MembersSnapshot) => void>();

  watchMembers(path: string, listener: (snapshot: MembersSnapshot) => void): () => void {
    this.watches.set(path, listener);
    return () => {
      this.watches.delete(path);
    };
  }

  connect(connection: ZkConnection): void {
    this.connection = connection;
    this.emit("connection", connection);
  }

  list(path: string, members: ZkMember[]): void {
    this.watches.get(path)?.({ path, pathExists: true, members });
  }
}

export function zkMember(sequence: number, hostname: string, port = 5050): ZkMember {
  return {
    decoded: true,
    znode: `json.info_${String(sequence).padStart(10, "0")}`,
    sequence,
    format: "json",
    id: `master-${sequence}`,
    hostname,
    ip: `10.0.0.${sequence}`,
    port,
    pid: `master@10.0.0.${sequence}:${port}`,
    version: "1.11.0",
  };
}

export function undecodable(sequence: number, error = "not JSON"): ZkMember {
  return { decoded: false, znode: `json.info_${String(sequence).padStart(10, "0")}`, sequence, format: "json", error };
}

export const zkMaster = (sequence: number, hostname: string): TrackedMaster =>
  fromZkMember(zkMember(sequence, hostname), null);

export const staticMaster = (url: string): TrackedMaster => fromStaticUrl(url);

/** A leader's state as `/master/state` answers it, with `agents` agents. */
export function leaderState(pid: string, overrides: Partial<MesosState> = {}, agents = 0): MesosState {
  return {
    version: "1.11.0",
    id: "state-id",
    pid,
    hostname: pid.replace(/^.*@/, "").replace(/:.*$/, ""),
    elected_time: 1_700_000_000,
    leader: pid,
    slaves: Array.from({ length: agents }, (_, i) => ({
      id: `agent-${i}`,
      pid: `slave(1)@10.1.0.${i}:5051`,
      hostname: `agent-${i}`,
      active: true,
      resources: { cpus: 1, mem: 1024, disk: 1024 },
      used_resources: { cpus: 0, mem: 0, disk: 0 },
    })) as MesosState["slaves"],
    frameworks: [],
    ...overrides,
  };
}

/** Lets every settled promise run its callbacks, without advancing fake time. */
export async function flushPromises(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}
