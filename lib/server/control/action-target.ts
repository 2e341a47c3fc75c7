import "server-only";
// Which master an action acts on: the master at an address as the monitor lists it, or one stopped from here.
import { DomainError } from "@/lib/server/errors";
import type { StoppedMaster } from "@/lib/shared/actions";
import type { ClusterStateView, MasterView } from "@/lib/shared/cluster-state";
import { masterLabel, mastersByAddress } from "@/lib/shared/masters";
import type { MasterAction } from "@/lib/shared/service-commands";
import type { ControlTarget } from "./controller";

export type Target = ControlTarget & { label: string; sequence: number | null; wasLeader: boolean };

/**
 * The master at an address, as an action targets it: its newest znode (a restarted master's old one lingers until its
 * session expires, docs/mesos/failover.md#sigterm-and-sigkill), leading when any of its znodes leads. Null when no
 * master is listed there.
 */
export function targetAt(masters: readonly MasterView[], label: string): Target | null {
  const found = mastersByAddress(masters).find((m) => m.label === label);
  if (!found) return null;
  const { newest, znodes } = found;
  if (!newest.hostname || newest.port === null || !newest.url) return null;
  return {
    id: newest.id,
    host: newest.hostname,
    port: newest.port,
    url: newest.url,
    label,
    sequence: newest.sequence,
    wasLeader: znodes.some((m) => m.isLeader),
  };
}

/**
 * The target of a stop, start or restart of the master `masterId`: a start only of a master stopped from this
 * dashboard (`stopped`), the others of a master listed now at a known address. Throws the domain error to answer.
 */
export function requestedTarget(
  clusterId: number,
  request: { action: MasterAction; masterId: string },
  state: ClusterStateView,
  stopped: readonly StoppedMaster[],
): Target {
  if (request.action === "start") {
    const master = stopped.find((s) => s.id === request.masterId);
    if (!master)
      throw new DomainError(
        "not_found",
        "not_found",
        `no master ${JSON.stringify(request.masterId)} was stopped from this dashboard; only those can be started here`,
      );
    return {
      id: master.id,
      host: master.host,
      port: master.port,
      url: master.url,
      label: master.label,
      sequence: null,
      wasLeader: false,
    };
  }
  const listed = state.masters.find((m) => m.id === request.masterId);
  if (!listed)
    throw new DomainError(
      "not_found",
      "not_found",
      `cluster ${clusterId} has no master ${JSON.stringify(request.masterId)} now`,
    );
  const atAddress = listed.url ? targetAt(state.masters, masterLabel(listed)) : null;
  if (listed.blocked)
    throw new DomainError(
      "conflict",
      "not_contacted",
      `${listed.id} is ${listed.blocked}: it is not contacted, nor acted on`,
    );
  if (!atAddress)
    throw new DomainError(
      "conflict",
      "address_unknown",
      `the address of ${listed.id} is unknown (its znode does not decode): it cannot be acted on`,
    );
  return atAddress;
}
