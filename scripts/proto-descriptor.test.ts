// The committed descriptor is what the vendored .proto files parse to: neither can change without the other.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { buildDescriptor, DESCRIPTOR_FILE, formatDescriptor } from "./proto-descriptor";

it("matches the vendored .proto files (npm run proto:descriptor regenerates it)", async () => {
  const committed = readFileSync(DESCRIPTOR_FILE, "utf8");
  const built = buildDescriptor();
  expect(JSON.parse(committed)).toEqual(built);
  expect(committed).toBe(await formatDescriptor(built));
});

it("holds the types the codecs use, proto2 with field names as Mesos writes them", () => {
  const json = JSON.stringify(buildDescriptor());
  for (const name of ["MasterInfo", "Event", "Response", "Call", "heartbeat_interval_seconds", "get_state"])
    expect(json).toContain(`"${name}"`);
  expect(json).toContain('"edition":"proto2"');
  expect(json).not.toContain("heartbeatIntervalSeconds");
});
