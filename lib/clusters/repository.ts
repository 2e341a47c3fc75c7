import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/api/errors";
import { getDb } from "@/lib/server/db";
import type { ClusterInput } from "./input";

/** A cluster as the API and pages show it. */
export interface ClusterView {
  id: number;
  name: string;
  zk: string | null;
  masters: string[] | null;
  quorum: number | null;
  description: string;
  createdAt: string;
  updatedAt: string;
}

type ClusterRow = Prisma.ClusterGetPayload<object>;

function stringList(value: Prisma.JsonValue | null): string[] | null {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : null;
}

export function toClusterView(row: ClusterRow): ClusterView {
  return {
    id: row.id,
    name: row.name,
    zk: row.zkUrl,
    masters: stringList(row.masterUrls),
    quorum: row.quorum,
    description: row.description,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listClusters(): Promise<ClusterView[]> {
  const rows = await getDb().cluster.findMany({ orderBy: { name: "asc" } });
  return rows.map(toClusterView);
}

export async function createCluster(input: ClusterInput): Promise<ClusterView> {
  try {
    const row = await getDb().cluster.create({
      data: {
        name: input.name,
        zkUrl: input.zk ?? null,
        masterUrls: input.masters ?? Prisma.DbNull,
        quorum: input.quorum ?? null,
        description: input.description ?? "",
      },
    });
    return toClusterView(row);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new ApiError(409, "name_taken", `a cluster named "${input.name}" already exists`);
    }
    throw error;
  }
}
