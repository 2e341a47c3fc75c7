// The `mesos.MasterInfo` message, for the protobuf znodes (`info_*`) that masters before 1.0 write and later
// masters can still read (docs/mesos/zookeeper.md#masterinfo-protobuf-fields).
import type { MessageSchema } from "./protobuf";

const NAMED: MessageSchema = { 1: { name: "name", kind: "string", required: true } };
const ADDRESS: MessageSchema = {
  1: { name: "hostname", kind: "string" },
  2: { name: "ip", kind: "string" },
  3: { name: "port", kind: "int32", required: true },
};
const FAULT_DOMAIN: MessageSchema = {
  1: { name: "region", kind: "message", schema: NAMED, required: true },
  2: { name: "zone", kind: "message", schema: NAMED, required: true },
};
const CAPABILITY: MessageSchema = {
  1: { name: "type", kind: "enum", values: ["UNKNOWN", "AGENT_UPDATE", "AGENT_DRAINING", "QUOTA_V2"] },
};

/**
 * `mesos.MasterInfo` as of 1.11 (`include/mesos/mesos.proto`, docs/mesos/zookeeper.md#masterinfo-protobuf-fields);
 * older masters write a prefix of it.
 */
export const MASTER_INFO_SCHEMA: MessageSchema = {
  1: { name: "id", kind: "string", required: true },
  2: { name: "ip", kind: "uint32", required: true },
  3: { name: "port", kind: "uint32", required: true },
  4: { name: "pid", kind: "string" },
  5: { name: "hostname", kind: "string" },
  6: { name: "version", kind: "string" },
  7: { name: "address", kind: "message", schema: ADDRESS },
  8: {
    name: "domain",
    kind: "message",
    schema: { 1: { name: "fault_domain", kind: "message", schema: FAULT_DOMAIN } },
  },
  9: { name: "capabilities", kind: "message", repeated: true, schema: CAPABILITY },
};
