import "server-only";
// A cluster row's stored fields as the rest of the server reads them: the HTTP credentials, the ZooKeeper URL and the
// SSH key decrypted for their cluster and field (lib/server/secrets.ts), the allowlist parsed, the ZooKeeper URL as
// shown. Writing a definition is lib/server/clusters/repository.ts.
import type { Prisma } from "@/lib/generated/prisma/client";
import { type ControllerConfig, readController } from "@/lib/shared/controller-config";
import { decryptSecret, encryptSecret, isEncrypted, secretContext } from "@/lib/server/secrets";
import { parseZkUrl, redactZkUrl } from "@/lib/zk/url";
import { type AllowEntry, parseAllowEntry } from "@/lib/shared/master-address";

export type ClusterRow = Prisma.ClusterGetPayload<object>;

export interface StoredHttpAuth {
  username: string;
  password: string;
}

export function stringList(value: Prisma.JsonValue | null): string[] | null {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : null;
}

/** The stored HTTP credentials of a cluster, or null (also for a malformed value). */
export function storedHttpAuth(row: Pick<ClusterRow, "id" | "httpAuth">): StoredHttpAuth | null {
  const value = row.httpAuth;
  if (value === null || typeof value !== "object" || Array.isArray(value)) return null;
  const { username, password } = value as Record<string, unknown>;
  return typeof username === "string" && typeof password === "string"
    ? { username, password: decryptSecret(password, secretContext(row.id, "httpAuth.password")) }
    : null;
}

/** The stored allowlist, parsed (null: none; an entry that no longer parses is dropped, never widening it to all). */
export function allowlistEntries(row: Pick<ClusterRow, "allowedMasters">): AllowEntry[] | null {
  const stored = stringList(row.allowedMasters);
  if (stored === null) return null;
  return stored.flatMap((entry) => {
    try {
      return [parseAllowEntry(entry)];
    } catch {
      return [];
    }
  });
}

/** The cluster's ZooKeeper URL with its credentials, decrypted (null for a static cluster). */
export function zkUrlOf(row: Pick<ClusterRow, "id" | "zkUrl">): string | null {
  if (row.zkUrl === null) return null;
  // A URL without credentials is stored as is; one with credentials only encrypted.
  if (!isEncrypted(row.zkUrl) && !hasZkCredentials(row.zkUrl)) return row.zkUrl;
  return decryptSecret(row.zkUrl, secretContext(row.id, "zkUrl"));
}

function hasZkCredentials(url: string): boolean {
  try {
    return parseZkUrl(url).credentials !== null;
  } catch {
    return true; // unreadable: only the decryption's refusal says what is wrong
  }
}

/** The ZooKeeper URL as the API and pages show it: digest credentials replaced by `***:***`. */
export function shownZkUrl(plain: string | null): string | null {
  if (plain === null) return null;
  try {
    const url = parseZkUrl(plain);
    return url.credentials ? redactZkUrl(url) : plain;
  } catch {
    return "(unreadable)";
  }
}

/** Stored form of a ZooKeeper URL: encrypted when it carries credentials. */
export function storedZkUrl(plain: string | null, clusterId: number): string | null {
  if (plain === null) return null;
  return parseZkUrl(plain).credentials ? encryptSecret(plain, secretContext(clusterId, "zkUrl")) : plain;
}

export function encryptKey(privateKey: string, clusterId: number): string {
  return encryptSecret(privateKey, secretContext(clusterId, "controller.privateKey"));
}

/** The stored controller of a cluster, validated (null when none or invalid). */
export function storedController(row: Pick<ClusterRow, "id" | "controller">): ControllerConfig | null {
  const controller = readController(row.controller);
  if (controller?.type === "ssh" && controller.privateKey !== undefined)
    return {
      ...controller,
      privateKey: decryptSecret(controller.privateKey, secretContext(row.id, "controller.privateKey")),
    };
  return controller;
}
