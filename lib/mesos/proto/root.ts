// The Mesos protobuf types at run time, read from the generated descriptor (descriptor.json, made by
// scripts/proto-descriptor.ts from the vendored apache-mesos-1.11.0/ files). The app is bundled, so it never parses
// .proto text or opens files: protobufjs/light is the build without the .proto parser.
import protobuf from "protobufjs/light";
import descriptor from "./descriptor.json";

const root = protobuf.Root.fromJSON(descriptor as protobuf.INamespace);
// Resolving every type now makes a broken descriptor fail when this module loads, not on some later message.
root.resolveAll();

/** The message types the codecs use, by their full proto names. */
export const MESSAGE_TYPES = [
  "mesos.MasterInfo",
  "mesos.v1.master.Call",
  "mesos.v1.master.Event",
  "mesos.v1.master.Response",
] as const;
export type MessageTypeName = (typeof MESSAGE_TYPES)[number];

const typesByName = new Map<string, protobuf.Type>();

/** A message type of the descriptor, e.g. `mesos.v1.master.Event`. Throws on a name it does not hold. */
export function messageType(name: string): protobuf.Type {
  // Looked up once per name: every record of an event stream is decoded through here.
  let type = typesByName.get(name);
  if (!type) typesByName.set(name, (type = root.lookupType(name)));
  return type;
}
