import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { DomainError } from "@/lib/server/errors";
import { getDb } from "@/lib/server/db";
import { type ControllerConfig, controllerView, readController } from "@/lib/shared/controller-config";
import { encryptSecret, secretContext } from "@/lib/server/secrets";
import { parseZkUrl, zkConnectString } from "@/lib/zk/url";
import { type ClusterInput, allowlistProblem } from "@/lib/shared/cluster-input";
import { allowlistNarrows, parseAllowEntry } from "@/lib/shared/master-address";
import type { ClusterView } from "@/lib/shared/api-types";
import {
  type ClusterRow,
  type StoredHttpAuth,
  allowlistEntries,
  encryptKey,
  shownZkUrl,
  storedController,
  storedHttpAuth,
  storedZkUrl,
  stringList,
  zkUrlOf,
} from "./stored-fields";

export {
  type ClusterRow,
  type StoredHttpAuth,
  allowlistEntries,
  storedController,
  storedHttpAuth,
  zkUrlOf,
} from "./stored-fields";

/** Where a definition's masters are found: ZooKeeper's servers and path, or the static URLs. */
function whereMastersAre(zkPlain: string | null, masters: readonly string[] | null): string {
  if (zkPlain === null) return JSON.stringify([...(masters ?? [])].sort());
  const url = parseZkUrl(zkPlain);
  return `${zkConnectString(url)}${url.path}`;
}

function secretRequired(path: string, message: string): never {
  throw new DomainError("invalid", "invalid_input", message, [{ path, message }]);
}

/**
 * A URL sent back as shown (`zk://***:***@...`) keeps the stored credentials, but only for the same servers: the
 * digest is never sent to hosts it was not given for (docs/security.md#secrets).
 */
function withStoredCredentials(input: string | undefined, existingPlain: string | null): string | undefined {
  if (!input || !input.includes("://***:***@") || !existingPlain) return input;
  const existing = parseZkUrl(existingPlain);
  if (!existing.credentials) return input;
  if (zkConnectString(parseZkUrl(input.replace("***:***@", ""))) !== zkConnectString(existing))
    secretRequired(
      "zk",
      "the ZooKeeper servers changed: give the digest credentials again (stored ones are not sent to new hosts)",
    );
  const auth = `${encodeURIComponent(existing.credentials.username)}:${encodeURIComponent(existing.credentials.password)}@`;
  return input.replace("***:***@", auth);
}

export function toClusterView(row: ClusterRow): ClusterView {
  const auth = storedHttpAuth(row);
  return {
    id: row.id,
    name: row.name,
    zk: shownZkUrl(zkUrlOf(row)),
    masters: stringList(row.masterUrls),
    quorum: row.quorum,
    description: row.description,
    httpAuth: auth ? { username: auth.username } : null,
    allowedMasters: stringList(row.allowedMasters),
    controller: controllerView(readController(row.controller)),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listClusters(): Promise<ClusterView[]> {
  const rows = await getDb().cluster.findMany({ orderBy: { name: "asc" } });
  return rows.map(toClusterView);
}

export async function listClusterRows(): Promise<ClusterRow[]> {
  return getDb().cluster.findMany({ orderBy: { id: "asc" } });
}

export async function getClusterRow(id: number): Promise<ClusterRow | null> {
  return getDb().cluster.findUnique({ where: { id } });
}

/** The cluster with this id, or a `not_found` DomainError. */
export async function getCluster(id: number): Promise<ClusterView> {
  const row = await getClusterRow(id);
  if (!row) throw new DomainError("not_found", "not_found", `no cluster with id ${id}`);
  return toClusterView(row);
}

function httpAuthData(
  input: ClusterInput,
  existing: StoredHttpAuth | null,
  clusterId: number,
): Prisma.InputJsonValue | typeof Prisma.DbNull {
  const encrypt = (password: string) => encryptSecret(password, secretContext(clusterId, "httpAuth.password"));
  if (input.httpAuth === undefined)
    return existing ? { username: existing.username, password: encrypt(existing.password) } : Prisma.DbNull;
  if (input.httpAuth === null) return Prisma.DbNull;
  const password =
    input.httpAuth.password ?? (existing?.username === input.httpAuth.username ? existing.password : undefined);
  if (password === undefined) {
    throw new DomainError("invalid", "invalid_input", "httpAuth.password is required with a new httpAuth.username", [
      { path: "httpAuth.password", message: "httpAuth.password is required with a new httpAuth.username" },
    ]);
  }
  return { username: input.httpAuth.username, password: encrypt(password) };
}

/** A new ssh controller without `privateKey` keeps the stored one (write-only secrets), unless it names a key file. */
function controllerData(
  input: ClusterInput,
  existing: ControllerConfig | null,
  clusterId: number,
): Prisma.InputJsonValue | typeof Prisma.DbNull | undefined {
  const encryptSecret = (key: string) => encryptKey(key, clusterId);
  if (input.controller === undefined) return undefined;
  if (input.controller === null) return Prisma.DbNull;
  const next = input.controller;
  if (next.type === "ssh" && next.privateKey === undefined && next.privateKeyPath === undefined) {
    if (existing?.type === "ssh" && existing.privateKey)
      return { ...next, privateKey: encryptSecret(existing.privateKey) } as Prisma.InputJsonObject;
    throw new DomainError(
      "invalid",
      "invalid_input",
      "controller.privateKeyPath or controller.privateKey is required",
      [
        {
          path: "controller.privateKeyPath",
          message: "give controller.privateKeyPath (a key file on the server) or controller.privateKey",
        },
      ],
    );
  }
  if (next.type === "ssh" && next.privateKey !== undefined)
    return { ...next, privateKey: encryptSecret(next.privateKey) } as Prisma.InputJsonObject;
  return next as Prisma.InputJsonObject;
}

/** The allowlist to store: left out keeps the stored one (PUT), null or [] removes it. */
function allowlistOf(input: ClusterInput, existing: string[] | null): string[] | null {
  if (input.allowedMasters === undefined) return existing;
  return input.allowedMasters && input.allowedMasters.length > 0 ? input.allowedMasters : null;
}

function definitionData(
  input: ClusterInput,
  existing: StoredHttpAuth | null,
  allowedMasters: string[] | null,
  clusterId: number,
) {
  const httpAuth = httpAuthData(input, existing, clusterId);
  const problem = allowlistProblem({
    zk: input.zk !== undefined,
    masters: input.masters ?? null,
    httpAuth: httpAuth !== Prisma.DbNull,
    allowedMasters,
  });
  if (problem)
    throw new DomainError("invalid", "invalid_input", problem, [{ path: "allowedMasters", message: problem }]);
  return {
    name: input.name,
    zkUrl: storedZkUrl(input.zk ?? null, clusterId),
    masterUrls: input.masters ?? Prisma.DbNull,
    quorum: input.quorum ?? null,
    description: input.description ?? "",
    httpAuth,
    allowedMasters: allowedMasters ?? Prisma.DbNull,
  };
}

function nameTaken(error: unknown, name: string): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    throw new DomainError("conflict", "name_taken", `a cluster named "${name}" already exists`);
  }
  throw error;
}

export async function createCluster(input: ClusterInput): Promise<ClusterView> {
  const allowedMasters = allowlistOf(input, null);
  // Secrets are encrypted for the cluster's id, known once its row exists: a bad definition is refused first, then
  // the row and its secrets are written in one transaction.
  definitionData(input, null, allowedMasters, 0);
  controllerData(input, null, 0);
  try {
    const row = await getDb().$transaction(async (tx) => {
      const created = await tx.cluster.create({ data: { name: input.name, updatedAt: new Date() } });
      return tx.cluster.update({
        where: { id: created.id },
        data: {
          ...definitionData(input, null, allowedMasters, created.id),
          controller: controllerData(input, null, created.id),
        },
      });
    });
    return toClusterView(row);
  } catch (error) {
    return nameTaken(error, input.name);
  }
}

/**
 * Replaces a cluster's definition (PUT). Its history stays; a changed ZooKeeper URL or master list starts a new
 * record of what is observed, so no event compares two different clusters.
 */
export async function updateCluster(id: number, input: ClusterInput): Promise<ClusterView> {
  const existing = await getClusterRow(id);
  if (!existing) throw new DomainError("not_found", "not_found", `no cluster with id ${id}`);
  const existingZk = zkUrlOf(existing);
  input = { ...input, zk: withStoredCredentials(input.zk, existingZk) };
  const storedAuth = storedHttpAuth(existing);
  const storedAllowlist = stringList(existing.allowedMasters);
  const allowedMasters = allowlistOf(input, storedAllowlist);
  // The stored password goes only where it went before: new servers, URLs or allowed addresses need it again.
  const entries = (list: string[] | null) => (list === null ? null : list.map(parseAllowEntry));
  const widened = !allowlistNarrows(entries(allowedMasters), allowlistEntries(existing));
  const moved =
    whereMastersAre(input.zk ?? null, input.masters ?? null) !==
    whereMastersAre(existingZk, stringList(existing.masterUrls));
  if (storedAuth && input.httpAuth && input.httpAuth.password === undefined && (moved || widened))
    secretRequired(
      "httpAuth.password",
      `${moved ? "the masters' addresses changed" : "allowedMasters has new entries"}: give httpAuth.password again (the stored one is not sent to new hosts)`,
    );
  if (storedAuth && input.httpAuth === undefined && (moved || widened))
    secretRequired(
      "httpAuth.password",
      `${moved ? "the masters' addresses changed" : "allowedMasters has new entries"}: give httpAuth again, or null to remove it (the stored password is not sent to new hosts)`,
    );
  const data = {
    ...definitionData(input, storedAuth, allowedMasters, id),
    controller: controllerData(input, storedController(existing), id),
    updatedAt: new Date(),
  };
  const sourceChanged =
    (input.zk ?? null) !== existingZk ||
    JSON.stringify(input.masters ?? null) !== JSON.stringify(stringList(existing.masterUrls));
  try {
    const row = await getDb().cluster.update({
      where: { id },
      data: { ...data, ...(sourceChanged ? { recordedState: Prisma.DbNull } : {}) },
    });
    return toClusterView(row);
  } catch (error) {
    return nameTaken(error, input.name);
  }
}

/** Deletes a cluster and its history; a `not_found` DomainError when there is none. */
export async function deleteCluster(id: number): Promise<void> {
  const { count } = await getDb().cluster.deleteMany({ where: { id } });
  if (count === 0) throw new DomainError("not_found", "not_found", `no cluster with id ${id}`);
}

/** Pins (or replaces) the SSH host key fingerprint of `address` in the cluster's ssh controller. */
export async function pinHostKey(id: number, address: string, fingerprint: string): Promise<ClusterView> {
  const row = await getClusterRow(id);
  if (!row) throw new DomainError("not_found", "not_found", `no cluster with id ${id}`);
  const controller = storedController(row);
  if (controller?.type !== "ssh")
    throw new DomainError("conflict", "not_ssh", "only an ssh controller has host keys to pin");
  const next = {
    ...controller,
    hostKeys: { ...controller.hostKeys, [address]: fingerprint },
    ...(controller.privateKey !== undefined ? { privateKey: encryptKey(controller.privateKey, id) } : {}),
  };
  return toClusterView(
    await getDb().cluster.update({
      where: { id },
      data: { controller: next as Prisma.InputJsonObject, updatedAt: new Date() },
    }),
  );
}
