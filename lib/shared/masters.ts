// Small facts about a listed master that the server and the browser both need (pure, browser-safe).
import type { MasterView } from "./cluster-state";

/** A member znode whose data did not decode: it names no address, only the reason it could not be read. */
export function isUndecodable(master: Pick<MasterView, "url" | "error" | "format">): boolean {
  return master.url === null && master.error !== null && master.format !== "static";
}

/** A master the dashboard does not contact (outside the allowed addresses): listed, counted toward nothing. */
export function isBlocked(master: Pick<MasterView, "blocked">): boolean {
  return master.blocked !== null;
}

/** `host:port` when the znode gave an address, else the znode name. */
export function masterLabel(master: Pick<MasterView, "hostname" | "port" | "id">): string {
  return master.hostname && master.port !== null ? `${master.hostname}:${master.port}` : master.id;
}

/**
 * Each restarted master's old znode, mapped to the newer znode at the same address: the old one stays until its
 * ZooKeeper session expires (docs/mesos/failover.md#sigterm-and-sigkill), while the new process answers at the address
 * under the newer one.
 */
export function supersededZnodes<T extends MasterView>(masters: readonly T[]): Map<string, T> {
  const superseded = new Map<string, T>();
  for (const { newest, znodes } of mastersByAddress(masters)) {
    for (const znode of znodes) if (znode !== newest) superseded.set(znode.id, newest);
  }
  return superseded;
}

/** The znode with the highest sequence: a master's current incarnation. */
export function newestOf<T extends Pick<MasterView, "sequence">>(znodes: readonly T[]): T {
  const [first, ...rest] = znodes;
  if (first === undefined) throw new Error("newestOf: no znodes");
  return rest.reduce((newest, m) => ((m.sequence ?? -1) > (newest.sequence ?? -1) ? m : newest), first);
}

/**
 * One entry per master: the decodable znodes grouped by address, the newest standing for the master. A restarted
 * master's old znode stays until its session expires (docs/mesos/failover.md#sigterm-and-sigkill), beside the new one;
 * both answer at the same address, so counting both would count one process twice. Undecodable znodes name no master
 * and are left out, as are masters outside the allowed addresses (not contacted, so nothing is known of them).
 */
export function mastersByAddress<T extends MasterView>(
  masters: readonly T[],
): { label: string; newest: T; znodes: T[] }[] {
  const byAddress = new Map<string, T[]>();
  for (const master of masters) {
    if (isUndecodable(master) || isBlocked(master)) continue;
    const label = masterLabel(master);
    byAddress.set(label, [...(byAddress.get(label) ?? []), master]);
  }
  return [...byAddress].map(([label, znodes]) => ({ label, newest: newestOf(znodes), znodes }));
}

/** A master id from a path segment: decoded once when it is still percent-encoded. */
export function masterViewId(segment: string): string {
  if (!segment.includes("%")) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
