import "server-only";
import { DomainError } from "@/lib/server/errors";

export interface ClusterRouteContext {
  params: Promise<{ id: string }>;
}

/** A cluster id from the path: a positive integer, or an `invalid` DomainError. */
export async function clusterIdFrom(context: ClusterRouteContext): Promise<number> {
  const { id } = await context.params;
  if (!/^[1-9]\d{0,9}$/.test(id))
    throw new DomainError("invalid", "invalid_id", `"${id.slice(0, 40)}" is not a cluster id (a positive integer)`);
  return Number(id);
}
