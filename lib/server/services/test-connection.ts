import "server-only";
// "Test connection" before a cluster is saved: reach ZooKeeper (or the static masters), list the masters, find the
// leader, and probe each master's /health, reporting each finding in words.
import type { ConnectionTestInput } from "@/lib/shared/cluster-input";
import { inspectZookeeper } from "@/lib/zk/inspect";
import type { ConnectionTestResult, TestedMaster } from "@/lib/shared/api-types";
import { parseZkUrl } from "@/lib/zk/url";
import { fetchState, probeHealth } from "@/lib/server/monitor/master-api";
import type { HttpCredentials } from "@/lib/server/monitor/master-http";
import { type AllowEntry, contactAddress, masterContactUrl, parseAllowEntry } from "@/lib/shared/master-address";

const TIMEOUT_MS = 3_000;

async function health(url: string | null): Promise<{ reachable: boolean | null; error: string | null }> {
  if (!url) return { reachable: null, error: null };
  try {
    await probeHealth(url, { timeoutMs: TIMEOUT_MS, maxBytes: 65_536 });
    return { reachable: true, error: null };
  } catch (error) {
    return { reachable: false, error: (error as Error).message };
  }
}

async function testZookeeper(zkUrl: string, allowlist: readonly AllowEntry[] | null): Promise<ConnectionTestResult> {
  const url = parseZkUrl(zkUrl);
  const inspection = await inspectZookeeper(url);
  const zk = {
    reachable: inspection.reachable,
    error: inspection.error,
    pathExists: inspection.pathExists,
    servers: inspection.servers,
  };
  if (!inspection.reachable)
    return {
      ok: false,
      findings: [`ZooKeeper is not reachable: ${inspection.error ?? "unknown error"}`],
      zk,
      masters: [],
      leader: null,
      suggestedAllowlist: [],
    };
  const members = inspection.znodes.flatMap((z) => (z.member ? [z.member] : []));
  const masters = await Promise.all(
    members.map(async (m): Promise<TestedMaster> => {
      const address = m.decoded ? `${m.hostname}:${m.port}` : null;
      // The monitor's rule (docs/security.md#hosts-contacted), with the allowlist typed in the form; never credentials.
      const target = m.decoded ? masterContactUrl(m.hostname, m.ip, m.port, allowlist) : { url: null, blocked: null };
      const probe = await health(target.url);
      return {
        id: m.znode,
        address,
        format: m.format,
        version: m.decoded ? m.version : null,
        isLeader: inspection.leader?.znode === m.znode,
        reachable: probe.reachable,
        error: m.decoded ? probe.error : `does not decode: ${m.error}`,
        blocked: target.blocked,
      };
    }),
  );
  const leader = masters.find((m) => m.isLeader) ?? null;
  const findings = [
    `ZooKeeper reachable (${inspection.servers.filter((s) => s.report).length} of ${inspection.servers.length} servers report their state)`,
  ];
  if (!inspection.pathExists) findings.push(`${url.path} does not exist: no master has registered there yet`);
  else findings.push(`${masters.length} master${masters.length === 1 ? "" : "s"} registered under ${url.path}`);
  if (leader)
    findings.push(`leader: ${leader.address ?? leader.id}${leader.reachable === false ? " (not answering)" : ""}`);
  else if (inspection.pathExists) findings.push("no master leads");
  const down = masters.filter((m) => m.reachable === false).length;
  if (down > 0) findings.push(`${down} master${down === 1 ? "" : "s"} not answering /health`);
  const blocked = masters.filter((m) => m.blocked !== null);
  for (const m of blocked) findings.push(`${m.address ?? m.id} not contacted: ${m.blocked ?? ""}`);
  // What the masters say of themselves, for the allowlist: the operator reviews it before saving.
  const suggestedAllowlist = [
    ...new Set(
      members.flatMap((m) => (m.decoded && contactAddress([m.hostname], null).ok ? [m.hostname.toLowerCase()] : [])),
    ),
  ];
  return {
    ok: masters.length > 0 && leader !== null,
    findings,
    zk,
    masters,
    leader: leader && { id: leader.id, address: leader.address },
    suggestedAllowlist,
  };
}

async function testStatic(urls: string[], auth: HttpCredentials | null): Promise<ConnectionTestResult> {
  const masters = await Promise.all(
    urls.map(async (url): Promise<TestedMaster> => {
      const probe = await health(url);
      let isLeader = false;
      let version: string | null = null;
      let error = probe.error;
      if (probe.reachable) {
        try {
          const answer = await fetchState(url, null, { auth, timeoutMs: TIMEOUT_MS * 2, maxBytes: 256 * 1024 * 1024 });
          isLeader = answer.kind === "state";
          if (answer.kind === "state") version = answer.state.version;
        } catch (e) {
          error = (e as Error).message;
        }
      }
      return {
        id: url,
        address: new URL(url).host,
        format: "static",
        version,
        isLeader,
        reachable: probe.reachable,
        error,
        blocked: null,
      };
    }),
  );
  const leader = masters.find((m) => m.isLeader) ?? null;
  const up = masters.filter((m) => m.reachable).length;
  const findings = [
    `${up} of ${masters.length} masters answer /health`,
    leader
      ? `leader: ${leader.address ?? leader.id}${leader.version ? ` (Mesos ${leader.version})` : ""}`
      : "no master says it leads",
  ];
  for (const m of masters) if (m.error) findings.push(`${m.address ?? m.id}: ${m.error}`);
  return {
    ok: leader !== null,
    findings,
    zk: null,
    masters,
    leader: leader && { id: leader.id, address: leader.address },
    suggestedAllowlist: [],
  };
}

export function testConnection(input: ConnectionTestInput): Promise<ConnectionTestResult> {
  if (input.zk) {
    const entries = input.allowedMasters?.length ? input.allowedMasters.map(parseAllowEntry) : null;
    return testZookeeper(input.zk, entries);
  }
  const auth =
    input.httpAuth?.password !== undefined && input.httpAuth
      ? { username: input.httpAuth.username, password: input.httpAuth.password }
      : null;
  return testStatic(input.masters ?? [], auth);
}
