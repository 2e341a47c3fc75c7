// What a one-off look at a cluster's ZooKeeper finds (lib/zk/inspect.ts): types only, so the browser can read them.
import type { SrvrReport } from "./four-letter-words";
import type { ZkMember } from "./masters";

export interface InspectedZnode {
  name: string;
  /** A master member (decoded or not), or null for other children (`log_replicas`, unknown names). */
  member: ZkMember | null;
  /** The data as text when it is printable, else as hex (first 512 bytes). */
  preview: string;
  encoding: "text" | "hex" | "empty";
  bytes: number;
  createdAt: string | null;
  ephemeral: boolean;
}

export interface InspectedServer {
  address: string;
  report: SrvrReport | null;
  /** Why the server's state is not known: unreachable, or four-letter words not whitelisted. */
  error: string | null;
  observable: boolean;
}

export interface ZkInspection {
  reachable: boolean;
  error: string | null;
  pathExists: boolean;
  znodes: InspectedZnode[];
  leader: ZkMember | null;
  servers: InspectedServer[];
}
