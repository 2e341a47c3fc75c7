// The master list of one cluster as ZooKeeper shows it: every member znode under the cluster's path, decoded in
// whichever of the three generations it was written (docs/mesos/zookeeper.md#znode-formats-by-version), the leader
// being the lowest sequence (docs/mesos/zookeeper.md#how-the-leader-is-chosen).
import { type MasterZnode, decodeMasterZnode, leaderOf, parseMemberName } from "@/lib/mesos/master-info";
import type { ZnodeFormat } from "@/lib/mesos/versions";

export type ZkMember =
  | ({ decoded: true } & MasterZnode)
  | { decoded: false; znode: string; sequence: number; format: ZnodeFormat; error: string };

/** Member znodes among a path's children, lowest sequence first; `log_replicas` and unknown names are skipped. */
export function memberNames(children: readonly string[]): { znode: string; sequence: number }[] {
  return children
    .flatMap((znode) => {
      const parsed = parseMemberName(znode);
      return parsed ? [{ znode, sequence: parsed.sequence }] : [];
    })
    .sort((a, b) => a.sequence - b.sequence);
}

/** Decodes one member's data; never throws (an unreadable znode is kept with the reason). */
export function toMember(znode: string, data: Uint8Array | null): ZkMember | null {
  const parsed = parseMemberName(znode);
  if (!parsed) return null;
  const result = decodeMasterZnode(znode, data);
  return result.ok
    ? { decoded: true, ...result.master }
    : { decoded: false, znode, sequence: parsed.sequence, format: parsed.format, error: result.error };
}

/**
 * The leader: the lowest sequence over all formats, like Mesos' detector. When that member's data does not decode,
 * there is a leader whose address is unknown: Mesos' own detector fails in that case
 * (docs/mesos/zookeeper.md#how-the-leader-is-chosen).
 */
export function leaderMember(members: readonly ZkMember[]): ZkMember | null {
  return leaderOf(members);
}
