// GET /api/clusters/:id/zk: the znodes under the cluster's path, decoded, and each ZooKeeper server's own state.
import { DomainError } from "@/lib/server/errors";
import { type ClusterRouteContext, clusterIdFrom } from "@/lib/api/params";
import { handle } from "@/lib/api/request";
import { getClusterRow, zkUrlOf } from "@/lib/server/clusters/repository";
import { inspectZookeeper } from "@/lib/zk/inspect";
import { parseZkUrl, redactZkUrl } from "@/lib/zk/url";

export const runtime = "nodejs";

export function GET(request: Request, context: ClusterRouteContext): Promise<Response> {
  return handle(request, "viewer", async () => {
    const id = await clusterIdFrom(context);
    const row = await getClusterRow(id);
    if (!row) throw new DomainError("not_found", "not_found", `no cluster with id ${id}`);
    const zkUrl = zkUrlOf(row);
    if (!zkUrl)
      throw new DomainError(
        "conflict",
        "no_zookeeper",
        "this cluster is defined by a static list of master URLs: it has no ZooKeeper",
      );
    const url = parseZkUrl(zkUrl);
    return Response.json(
      { zk: redactZkUrl(url), path: url.path, ...(await inspectZookeeper(url)) },
      { headers: { "Cache-Control": "no-store" } },
    );
  });
}
