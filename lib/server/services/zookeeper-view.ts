import "server-only";
// The ZooKeeper view of a cluster (GET /api/clusters/{id}/zk): its znodes, decoded, and each server's report. Read
// through the session the collector already holds on the ensemble, so a view costs no session of its own; viewers of
// one cluster share one look in flight, reused for a few seconds. Messages from ZooKeeper are capped.
import { DomainError } from "@/lib/server/errors";
import { getClusterRow, zkUrlOf } from "@/lib/server/clusters/repository";
import { capNullable } from "@/lib/shared/text";
import { inspectZookeeper } from "@/lib/zk/inspect";
import type { ZkInspection } from "@/lib/zk/inspection";
import { parseZkUrl, redactZkUrl } from "@/lib/zk/url";
import { watchedCluster } from "./queries";
import { sharedFetch } from "./shared-fetch";

/** The page polls every 5 s: N viewers of one cluster then cost one look. */
export const ZK_VIEW_TTL_MS = 3_000;

export type ZookeeperView = ZkInspection & { zk: string; path: string };

function capInspection(inspection: ZkInspection): ZkInspection {
  return {
    ...inspection,
    error: capNullable(inspection.error),
    servers: inspection.servers.map((server) => ({ ...server, error: capNullable(server.error) })),
    znodes: inspection.znodes.map((znode) =>
      znode.member && !znode.member.decoded
        ? { ...znode, member: { ...znode.member, error: capNullable(znode.member.error) ?? "" } }
        : znode,
    ),
  };
}

export async function zookeeperView(clusterId: number): Promise<ZookeeperView> {
  const row = await getClusterRow(clusterId);
  if (!row) throw new DomainError("not_found", "not_found", `no cluster with id ${clusterId}`);
  const zkUrl = zkUrlOf(row);
  if (!zkUrl)
    throw new DomainError(
      "conflict",
      "no_zookeeper",
      "this cluster is defined by a static list of master URLs: it has no ZooKeeper",
    );
  const url = parseZkUrl(zkUrl);
  const inspection = await sharedFetch<ZkInspection>("zookeeper-view", { ttlMs: ZK_VIEW_TTL_MS }).get(
    `${clusterId}\n${zkUrl}`,
    async () => {
      const collector = await watchedCluster(clusterId);
      // A cluster the collector does not watch on ZooKeeper (its definition failed to load): a session of its own.
      return capInspection((await collector.inspectZookeeper(clusterId)) ?? (await inspectZookeeper(url)));
    },
  );
  return { zk: redactZkUrl(url), path: url.path, ...inspection };
}
