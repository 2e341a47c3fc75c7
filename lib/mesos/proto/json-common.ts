// What json.ts (protobuf → the JSON a master writes) and json-parse.ts (that JSON → protobuf) share: the JSON types,
// the 64-bit integer types, and a failure that says where it happened.
import type protobuf from "protobufjs/light";

export type MesosJson = string | number | boolean | MesosJson[] | MesosJsonObject;
export type MesosJsonObject = { [key: string]: MesosJson };

export const LONG_TYPES: ReadonlySet<string> = new Set(["int64", "uint64", "sint64", "fixed64", "sfixed64"]);
export const UNSIGNED_LONG_TYPES: ReadonlySet<string> = new Set(["uint64", "fixed64"]);

export class Invalid extends Error {
  /** Where, from the message rendered outwards: `.field` and `[index]` segments, prepended on the way up. */
  readonly path: string[] = [];
  constructor(readonly reason: string) {
    super(reason);
  }
}

export function fail(reason: string): never {
  throw new Invalid(reason);
}

export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function fullName(type: protobuf.ReflectionObject): string {
  return type.fullName.replace(/^\./, "");
}
