// v1 `Resource` lists (include/mesos/v1/mesos.proto `Resource`), as a master of each version writes them:
// `{name, type:"SCALAR", scalar:{value}, role, allocation_info?, reservations?}` and `{…, type:"RANGES",
// ranges:{range:[{begin,end}]}}` for ports. Zero scalars are left out (a `Resources` object drops empty ones).
// Formats (src/common/resources_utils.cpp `convertResourceFormat` @1.11.0, docs/mesos/http.md#v1-resources):
// - before 1.4 a reservation is only `role`;
// - from 1.4 the master keeps resources in the "post-reservation-refinement" format, `reservations:[{type:"STATIC",
//   role}]` and no `role`, and writes agent totals, allocations and offered resources in the "endpoint" format, which
//   sets the old `role` again ("*" when unreserved). Task, offer and `agent_info` resources are written as kept: from
//   1.4 `role` is deprecated and stout leaves out an unset deprecated field's default
//   (3rdparty/stout/include/stout/protobuf.hpp @1.4.0), so they have no `role`; before 1.4 the default "*" is written.
import type { Scalars } from "../world-model";
import type { V1Features } from "./features";
import type { V1Object } from "./json";

export type Range = readonly [number, number];

/** One share of resources: reserved for a role or not ("*"), allocated to a role or not. */
export interface ResourceShare {
  scalars: Scalars;
  ports?: readonly Range[];
  reservation: string;
  allocation?: string;
}

export type ResourceFormat = "endpoint" | "kept";

const SCALARS: readonly (keyof Scalars)[] = ["cpus", "gpus", "mem", "disk"];

function one(f: V1Features, name: string, value: V1Object, share: ResourceShare, format: ResourceFormat): V1Object {
  const reserved = share.reservation !== "*";
  const resource: V1Object = { name, ...value };
  if (!f.reservationRefinement || format === "endpoint") resource.role = share.reservation;
  if (f.allocationInfo && share.allocation !== undefined) resource.allocation_info = { role: share.allocation };
  if (f.reservationRefinement && reserved) resource.reservations = [{ type: "STATIC", role: share.reservation }];
  return resource;
}

export function resourceList(f: V1Features, shares: readonly ResourceShare[], format: ResourceFormat): V1Object[] {
  const list: V1Object[] = [];
  for (const share of shares) {
    for (const name of SCALARS) {
      const value = share.scalars[name];
      if (value > 0) list.push(one(f, name, { type: "SCALAR", scalar: { value } }, share, format));
    }
    if (share.ports && share.ports.length > 0) {
      const range = share.ports.map(([begin, end]) => ({ begin, end }));
      list.push(one(f, "ports", { type: "RANGES", ranges: { range } }, share, format));
    }
  }
  return list;
}

/** `"[31000-31099, 31200-32000]"` (the agent's `--resources` ports) → ranges. */
export function parseRanges(text: string): Range[] {
  return [...text.matchAll(/(\d+)-(\d+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
}

/** Single ports → the fewest sorted ranges. */
export function portRanges(ports: readonly number[]): Range[] {
  const sorted = [...ports].sort((a, b) => a - b);
  const ranges: [number, number][] = [];
  for (const port of sorted) {
    const last = ranges.at(-1);
    if (last && port <= last[1] + 1) last[1] = Math.max(last[1], port);
    else ranges.push([port, port]);
  }
  return ranges;
}

/** Adds shares with the same reservation and allocation (`Resources::operator+=`). */
export class ShareSum {
  private readonly shares = new Map<string, { share: ResourceShare; ports: number[] }>();

  add(scalars: Scalars, reservation: string, allocation: string | undefined, port: number | null): void {
    const key = `${reservation}\u0000${allocation ?? ""}`;
    let entry = this.shares.get(key);
    if (!entry) {
      entry = { share: { scalars: { cpus: 0, gpus: 0, mem: 0, disk: 0 }, reservation, allocation }, ports: [] };
      this.shares.set(key, entry);
    }
    const s = entry.share.scalars;
    entry.share.scalars = {
      cpus: s.cpus + scalars.cpus,
      gpus: s.gpus + scalars.gpus,
      mem: s.mem + scalars.mem,
      disk: s.disk + scalars.disk,
    };
    if (port !== null) entry.ports.push(port);
  }

  list(): ResourceShare[] {
    return [...this.shares.values()].map(({ share, ports }) => ({ ...share, ports: portRanges(ports) }));
  }
}
