import "server-only";
// One master's own view, asked of that master only (its address comes from ZooKeeper or the cluster definition):
// `/health`, `/version`, `/master/flags` and `/metrics/snapshot`, each with its own error so one refusal does not
// hide the rest. Concurrent viewers of one master share one set of requests, reused for DETAILS_TTL_MS.
import { DomainError } from "@/lib/server/errors";
import { getClusterRow, storedHttpAuth } from "@/lib/server/clusters/repository";
import { parseFlagsResponse, parseMetricsSnapshot, parseVersionResponse } from "@/lib/mesos/schemas";
import { MasterHttpError, parseJsonBody, requestMaster } from "@/lib/server/monitor/master-http";
import { liveState } from "./queries";
import { sharedFetch } from "./shared-fetch";
import type { MasterDetails, MasterDetailsPart } from "@/lib/shared/api-types";
import { capText } from "@/lib/shared/text";

const TIMEOUT_MS = 3_000;
const MAX_BYTES = 4 * 1024 * 1024;

async function part<T>(run: () => Promise<T>): Promise<MasterDetailsPart<T>> {
  const started = Date.now();
  try {
    return { ok: true, value: await run(), ms: Date.now() - started };
  } catch (error) {
    return {
      ok: false,
      error: capText(error instanceof MasterHttpError || error instanceof Error ? error.message : String(error)),
      ms: Date.now() - started,
    };
  }
}

export async function masterDetails(clusterId: number, masterId: string): Promise<MasterDetails> {
  const state = await liveState(clusterId);
  const master = state.masters.find((m) => m.id === masterId);
  if (!master)
    throw new DomainError(
      "not_found",
      "not_found",
      `cluster ${clusterId} has no master ${JSON.stringify(masterId.slice(0, 80))} now`,
    );
  const url = master.url;
  if (!url) {
    const error = master.blocked
      ? `not contacted: the master is ${master.blocked}`
      : `the master's address is unknown: ${master.error ?? "its znode does not decode"}`;
    return {
      master,
      health: { ok: false, error, ms: 0 },
      version: { ok: false, error, ms: 0 },
      flags: { ok: false, error, ms: 0 },
      metrics: { ok: false, error, ms: 0 },
    };
  }
  // Every viewer of the page polls it: viewers of one master share one set of requests, reused for a few seconds.
  const parts = await detailsFetch().get(`${clusterId}\n${masterId}\n${url}`, () => askMaster(clusterId, url));
  return { master, ...parts };
}

type MasterParts = Omit<MasterDetails, "master">;

/** How long a master's answers are reused: the page polls every 5 s; N viewers then cost one set of requests. */
export const DETAILS_TTL_MS = 3_000;

function detailsFetch() {
  return sharedFetch<MasterParts>("master-details", { ttlMs: DETAILS_TTL_MS });
}

/** The four requests to the master itself, each with its own outcome. Never throws. */
async function askMaster(clusterId: number, url: string): Promise<MasterParts> {
  const row = await getClusterRow(clusterId);
  const auth = row ? storedHttpAuth(row) : null;
  const options = { auth, timeoutMs: TIMEOUT_MS, maxBytes: MAX_BYTES };
  const get = async (path: string) => {
    const response = await requestMaster(url, path, options);
    if (response.status !== 200)
      throw new MasterHttpError("status", `${url}${path} answered HTTP ${response.status}`, response.status);
    return parseJsonBody(response.body, `${url}${path}`);
  };
  const [health, version, flags, metrics] = await Promise.all([
    part(async () => {
      const response = await requestMaster(url, "/health", { ...options, auth: null });
      if (response.status !== 200)
        throw new MasterHttpError("status", `${url}/health answered HTTP ${response.status}`, response.status);
      return null;
    }),
    part(async () => {
      const parsed = parseVersionResponse(await get("/version"));
      if (!parsed.ok) throw new Error(`/version does not validate: ${parsed.error}`);
      return parsed.value as Record<string, unknown>;
    }),
    part(async () => {
      const parsed = parseFlagsResponse(await get("/master/flags"));
      if (!parsed.ok) throw new Error(`/master/flags does not validate: ${parsed.error}`);
      return parsed.value.flags;
    }),
    part(async () => {
      const parsed = parseMetricsSnapshot(await get("/metrics/snapshot"));
      if (!parsed.ok) throw new Error(`/metrics/snapshot does not validate: ${parsed.error}`);
      return parsed.value;
    }),
  ]);
  return { health, version, flags, metrics };
}
