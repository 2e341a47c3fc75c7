import "server-only";
// At start: every stored secret into the current format (AES-256-GCM with the cluster and field as associated data,
// lib/server/secrets.ts). Values in plain text or in the first format, written by an older release, are encrypted
// anew; afterwards the repository reads only the current format, so a value put into the database by hand is refused.
import type { Prisma } from "@/lib/generated/prisma/client";
import { getDb } from "@/lib/server/db";
import { type SecretContext, migrateSecret, secretContext } from "@/lib/server/secrets";
import { parseZkUrl } from "@/lib/zk/url";

type Row = Prisma.ClusterGetPayload<object>;

function record(value: Prisma.JsonValue | null): Record<string, Prisma.JsonValue> | null {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, Prisma.JsonValue>)
    : null;
}

/** A JSON object's string field migrated, or null when there is nothing to change. */
function migratedField(value: Prisma.JsonValue | null, field: string, context: SecretContext) {
  const object = record(value);
  const stored = object?.[field];
  if (!object || typeof stored !== "string") return null;
  const next = migrateSecret(stored, context);
  return next === null ? null : ({ ...object, [field]: next } as Prisma.InputJsonObject);
}

function zkCarriesCredentials(url: string): boolean {
  if (url.startsWith("enc:")) return true;
  try {
    return parseZkUrl(url).credentials !== null;
  } catch {
    return false;
  }
}

function migration(row: Row): Prisma.ClusterUpdateInput | null {
  const data: Prisma.ClusterUpdateInput = {};
  const auth = migratedField(row.httpAuth, "password", secretContext(row.id, "httpAuth.password"));
  if (auth) data.httpAuth = auth;
  const controller = migratedField(row.controller, "privateKey", secretContext(row.id, "controller.privateKey"));
  if (controller) data.controller = controller;
  if (row.zkUrl !== null && zkCarriesCredentials(row.zkUrl)) {
    const zkUrl = migrateSecret(row.zkUrl, secretContext(row.id, "zkUrl"));
    if (zkUrl !== null) data.zkUrl = zkUrl;
  }
  return Object.keys(data).length > 0 ? data : null;
}

/** Migrates every cluster's secrets; returns how many clusters changed. `updatedAt` is left alone: no one edited. */
export async function migrateStoredSecrets(): Promise<number> {
  const db = getDb();
  let changed = 0;
  for (const row of await db.cluster.findMany({ orderBy: { id: "asc" } })) {
    let data: Prisma.ClusterUpdateInput | null;
    try {
      data = migration(row);
    } catch (error) {
      // Left as it is: reading it later refuses it with the same reason, and the admin can enter it again.
      console.error(`[secrets] cluster ${row.id}: ${(error as Error).message}`);
      continue;
    }
    if (!data) continue;
    await db.cluster.update({ where: { id: row.id }, data });
    changed += 1;
  }
  return changed;
}
