// Test helper: the hand-written v1 ↔ `/master/state` fixtures in tests/fixtures/mesos-v1-model (README.md there).
import fs from "node:fs";
import path from "node:path";

export const V1_FIXTURES_DIR = path.resolve(import.meta.dirname, "../../../tests/fixtures/mesos-v1-model");

export const V1_FIXTURES = {
  subscribed: "subscribed-1.11.json",
  getMaster: "get-master-1.11.json",
  getVersion: "get-version-1.11.json",
  masterState: "master-state-1.11.json",
} as const;

/** Reads and JSON-decodes one fixture; throws if it is missing or not JSON. */
export function readV1Fixture(name: keyof typeof V1_FIXTURES): unknown {
  return JSON.parse(fs.readFileSync(path.join(V1_FIXTURES_DIR, V1_FIXTURES[name]), "utf8")) as unknown;
}
