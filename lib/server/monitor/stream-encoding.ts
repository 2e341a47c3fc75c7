// Which encoding to ask a leader for (pure).
import type { V1Encoding } from "./v1-http";

/**
 * The encoding to ask `master` for. Mesos 1.0 numbered `TaskUpdated`'s fields differently from every later version
 * (include/mesos/v1/master/master.proto at 1.0.0 and 1.1.0), so its protobuf events do not decode with the 1.11 .proto
 * files kept here (lib/mesos/proto): a 1.0 leader is always asked for JSON.
 */
export function encodingFor(version: string | null, wanted: V1Encoding): V1Encoding {
  return wanted === "protobuf" && version !== null && /^1\.0\./.test(version) ? "json" : wanted;
}
