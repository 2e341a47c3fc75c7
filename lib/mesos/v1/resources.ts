// v1 `Resource` lists → the resource maps of `/master/state` (`{cpus, gpus, mem, disk, ports: "[31000-32000]"}`), and
// the fixed-point arithmetic Mesos uses for scalar resources. Pure.
import type { MesosResources } from "@/lib/mesos/schemas";
import type { V1Attribute, V1Resource } from "./schemas-common";

type Range = [number, number];

/**
 * Mesos keeps scalar resources in fixed point, thousandths (`convertToFixed`: `llround(value * 1000)`,
 * src/common/values.cpp). `Math.round` rounds halves up; `llround` rounds them away from zero.
 */
export function toMilli(value: number): number {
  return value < 0 ? -Math.round(-value * 1000) : Math.round(value * 1000);
}

/**
 * The inverse, exactly as Mesos computes it (`convertToFloating`): integer quotient plus the remainder / 1000, so that
 * the same milli amount always gives the same double.
 */
export function fromMilli(milli: number): number {
  return Math.trunc(milli / 1000) + (milli % 1000) / 1000;
}

/** `name`, or `name_revocable` for revocable resources (`json(…, ResourceIterable…)`, src/common/http.cpp). */
export function resourceKey(resource: V1Resource): string {
  return resource.revocable === undefined ? resource.name : `${resource.name}_revocable`;
}

/**
 * Reserved: a `reservations` stack (≥1.4), or a pre-refinement `role` other than `"*"`. The role it is reserved for is
 * the last reservation's (`Resources::reservationRole`, src/common/resources.cpp), else `role`.
 */
export function reservationRole(resource: V1Resource): string | null {
  const last = resource.reservations?.at(-1);
  if (last) return last.role ?? "*";
  return resource.role !== undefined && resource.role !== "*" ? resource.role : null;
}

function coalesce(ranges: Range[]): Range[] {
  // `coalesce` in src/common/values.cpp: sort, then merge ranges that overlap or touch.
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Range[] = [];
  for (const [begin, end] of sorted) {
    const last = out.at(-1);
    if (last && begin <= last[1] + 1) last[1] = Math.max(last[1], end);
    else out.push([begin, end]);
  }
  return out;
}

/** `operator<<(Value::Ranges)`: `[b-e, b-e]`. */
export function formatRanges(ranges: readonly Range[]): string {
  return `[${ranges.map(([begin, end]) => `${begin}-${end}`).join(", ")}]`;
}

/** `operator<<(Value::Set)`: `{a, b}`. */
export function formatSet(items: readonly string[]): string {
  return `{${items.join(", ")}}`;
}

function rangesOf(value: { range?: readonly { begin: number; end: number }[] } | undefined): Range[] {
  return (value?.range ?? []).map((range): Range => [range.begin, range.end]);
}

function addSetItems(target: string[], items: readonly string[] | undefined): void {
  for (const item of items ?? []) if (!target.includes(item)) target.push(item);
}

/**
 * A sum of resources kept the way the master keeps `Resources`: scalars in exact thousandths (so adding and removing
 * in any order gives the same amount), ranges merged, set items deduplicated. Text resources are left out, as in
 * `/master/state`.
 */
export class ResourceSum {
  readonly milli = new Map<string, number>();
  private readonly ranges = new Map<string, Range[]>();
  private readonly sets = new Map<string, string[]>();

  add(resources: readonly V1Resource[] | undefined): this {
    for (const resource of resources ?? []) {
      const key = resourceKey(resource);
      if (resource.type === "SCALAR" && resource.scalar) {
        this.milli.set(key, (this.milli.get(key) ?? 0) + toMilli(resource.scalar.value));
      } else if (resource.type === "RANGES") {
        const ranges = this.ranges.get(key) ?? [];
        ranges.push(...rangesOf(resource.ranges));
        this.ranges.set(key, ranges);
      } else if (resource.type === "SET") {
        const items = this.sets.get(key) ?? [];
        addSetItems(items, resource.set?.item);
        this.sets.set(key, items);
      }
    }
    return this;
  }

  /** Adds scalar amounts already in thousandths. */
  addMilli(milli: ReadonlyMap<string, number>): this {
    for (const [key, value] of milli) this.milli.set(key, (this.milli.get(key) ?? 0) + value);
    return this;
  }

  /** Adds another sum's scalars, ranges and sets. */
  addSum(other: ResourceSum): this {
    for (const [key, milli] of other.milli) this.milli.set(key, (this.milli.get(key) ?? 0) + milli);
    for (const [key, ranges] of other.ranges) {
      const own = this.ranges.get(key) ?? [];
      own.push(...ranges);
      this.ranges.set(key, own);
    }
    for (const [key, items] of other.sets) {
      const own = this.sets.get(key) ?? [];
      addSetItems(own, items);
      this.sets.set(key, own);
    }
    return this;
  }

  /** The `/master/state` map: `cpus`, `gpus`, `mem`, `disk` always (0 when absent), then every other key. */
  toLegacy(): MesosResources {
    const out: MesosResources = { cpus: 0, gpus: 0, mem: 0, disk: 0 };
    for (const [key, milli] of this.milli) out[key] = fromMilli(milli);
    for (const [key, ranges] of this.ranges) out[key] = formatRanges(coalesce(ranges));
    for (const [key, items] of this.sets) out[key] = formatSet(items);
    return out;
  }
}

/** Fixed-point scalar amounts of one resource list, by key; what a task or executor adds to its framework's usage. */
export function scalarMilli(resources: readonly V1Resource[] | undefined): Map<string, number> {
  return new ResourceSum().add(resources).milli;
}

/**
 * `model(Resources)` of src/common/http.cpp for a list as a master reports it: `cpus`, `gpus`, `mem`, `disk` start at 0,
 * each entry's scalar is added as a double in list order (`scalars[name] += resource.scalar().value()`), ranges and
 * sets are merged, text is left out, revocable resources get `_revocable`.
 */
export function legacyResources(resources: readonly V1Resource[] | undefined): MesosResources {
  const out: MesosResources = { cpus: 0, gpus: 0, mem: 0, disk: 0 };
  let rest: ResourceSum | null = null;
  for (const resource of resources ?? []) {
    if (resource.type === "SCALAR") {
      const key = resourceKey(resource);
      const before = out[key];
      out[key] = (typeof before === "number" ? before : 0) + (resource.scalar?.value ?? 0);
    } else (rest ??= new ResourceSum()).add([resource]);
  }
  if (rest) {
    for (const [key, value] of Object.entries(rest.toLegacy())) if (typeof value === "string") out[key] = value;
  }
  return out;
}

/** `reserved_resources` of an agent: reserved resources by role (`Resources::reservations()`), each as a map. */
export function legacyReservations(resources: readonly V1Resource[] | undefined): Record<string, MesosResources> {
  const byRole = new Map<string, V1Resource[]>();
  for (const resource of resources ?? []) {
    const role = reservationRole(resource);
    if (role === null) continue;
    const list = byRole.get(role) ?? [];
    list.push(resource);
    byRole.set(role, list);
  }
  return Object.fromEntries([...byRole].map(([role, list]) => [role, legacyResources(list)]));
}

/** `unreserved_resources` of an agent. */
export function legacyUnreserved(resources: readonly V1Resource[] | undefined): MesosResources {
  return legacyResources((resources ?? []).filter((resource) => reservationRole(resource) === null));
}

/** `json(Attributes)`: scalars as numbers, ranges `"[a-b]"`, sets `"{a, b}"`, text as is. */
export function legacyAttributes(attributes: readonly V1Attribute[] | undefined): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const attribute of attributes ?? []) {
    if (attribute.type === "SCALAR" && attribute.scalar) out[attribute.name] = attribute.scalar.value;
    else if (attribute.type === "RANGES") out[attribute.name] = formatRanges(rangesOf(attribute.ranges));
    else if (attribute.type === "SET") out[attribute.name] = formatSet(attribute.set?.item ?? []);
    else if (attribute.type === "TEXT" && attribute.text) out[attribute.name] = attribute.text.value;
  }
  return out;
}
