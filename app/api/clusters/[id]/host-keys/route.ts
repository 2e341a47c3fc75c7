// POST /api/clusters/:id/host-keys: pin an SSH host key fingerprint for host:port (after checking it on the host).
import { z } from "zod";
import { type ClusterRouteContext, clusterIdFrom } from "@/lib/api/params";
import { handle, parseJsonBody } from "@/lib/api/request";
import { pinClusterHostKey } from "@/lib/server/services/clusters";

export const runtime = "nodejs";

const pinSchema = z.strictObject({
  address: z.string().regex(/^[A-Za-z0-9.[\]:-]+:\d{1,5}$/, "address must be host:port"),
  fingerprint: z
    .string()
    .regex(/^SHA256:[A-Za-z0-9+/]{43}=?$/, "fingerprint must look like SHA256:<43 base64 characters>"),
});

export function POST(request: Request, context: ClusterRouteContext): Promise<Response> {
  return handle(request, "admin", async () => {
    const clusterId = await clusterIdFrom(context);
    const { address, fingerprint } = await parseJsonBody(request, pinSchema);
    return Response.json(await pinClusterHostKey(clusterId, address, fingerprint));
  });
}
