// npm run proto:descriptor: regenerates lib/mesos/proto/descriptor.json from the .proto files vendored from apache/mesos
// (lib/mesos/proto/apache-mesos-1.11.0/README.md). The app is bundled, so its runtime reads this JSON and never parses
// .proto text or opens files; scripts/proto-descriptor.test.ts fails when the two drift apart.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { format, resolveConfig } from "prettier";
import protobuf from "protobufjs";

const root = path.resolve(import.meta.dirname, "..");

/** Where the vendored tree starts: imports inside it are written `mesos/v1/mesos.proto`. */
export const PROTO_DIR = path.join(root, "lib/mesos/proto/apache-mesos-1.11.0");
export const DESCRIPTOR_FILE = path.join(root, "lib/mesos/proto/descriptor.json");

/** The files the codecs need; everything they import is found under PROTO_DIR. */
export const PROTO_FILES = ["mesos/mesos.proto", "mesos/v1/mesos.proto", "mesos/v1/master/master.proto"] as const;

/**
 * Parses the vendored files as protoc would (field names kept as written, snake_case, because that is how Mesos
 * names them in its JSON) and returns protobufjs's JSON descriptor of all of them.
 */
export function buildDescriptor(): protobuf.INamespace {
  const parsed = new protobuf.Root();
  // google/protobuf/duration.proto comes with protobufjs (its bundled well-known types); every other import must be
  // one of the vendored files, so a file missing from the vendored set fails here rather than at run time.
  parsed.resolvePath = (_origin, target) =>
    target.startsWith("google/protobuf/") ? target : path.join(PROTO_DIR, target);
  parsed.loadSync([...PROTO_FILES], { keepCase: true });
  parsed.resolveAll();
  return parsed.toJSON();
}

/** The descriptor as committed: JSON formatted by the repository's Prettier settings. */
export async function formatDescriptor(descriptor: protobuf.INamespace): Promise<string> {
  const options = (await resolveConfig(DESCRIPTOR_FILE)) ?? {};
  return format(JSON.stringify(descriptor), { ...options, filepath: DESCRIPTOR_FILE });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(DESCRIPTOR_FILE, await formatDescriptor(buildDescriptor()));
  console.log(`wrote ${path.relative(root, DESCRIPTOR_FILE)}`);
}
