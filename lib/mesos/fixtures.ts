// Test helper: the real Mesos responses in tests/fixtures/mesos (see SOURCES.md there).
import fs from "node:fs";
import path from "node:path";

/** `tests/fixtures/mesos` in this repository, or MESOS_FIXTURES_DIR. */
export const MESOS_FIXTURES_DIR =
  process.env.MESOS_FIXTURES_DIR ?? path.resolve(import.meta.dirname, "../../tests/fixtures/mesos");

if (!fs.existsSync(MESOS_FIXTURES_DIR)) {
  throw new Error(
    `The real Mesos captures are expected in ${MESOS_FIXTURES_DIR} (tests/fixtures/mesos in the repository); set MESOS_FIXTURES_DIR to their folder`,
  );
}

/** Fixture file names by what they hold (endpoint and Mesos version). */
export const MESOS_FIXTURES = {
  state_0_19: "mesosphere-backup_mesos-cli__tests-data-master_state.json",
  state_0_26_empty: "dcos_mesos_state__empty.json",
  state_0_27: "dcos_mesos_state__bad-state-gaal.json",
  state_1_2: "dcos_dcos-ui__healthy-tasks-in-mesos-and-marathon-state.json",
  stateSummary_1_2: "dcos_dcos-ui__healthy-tasks-in-mesos-and-marathon-summary.json",
  state_1_8: "dcos_dcos-net__dcos_l4lb_mesos_poller_SUITE_data-state.json",
  slaves_1_4_1: "pabarros_asgard-api__one_slave_json_id_2084863b-S1.json",
  metrics_1_0: "andygrunwald_megos__tests-master1.metrics.snapshot.json",
  stats_0_22: "DataDog_dd-agent__tests-checks-fixtures-mesos_master-stats.json",
  znode_1_6: "vpenso_mesos-example__docs-zookeeper-json.info_0000000001.json",
  znode_0_25: "triforkse_mesos-ui__api-test-unit-zooKeeper.spec-zkData.json",
} as const;

export type MesosFixtureName = keyof typeof MESOS_FIXTURES;

/** Every `*.json` file name in the fixture folder, sorted. */
export function listMesosFixtureFiles(): string[] {
  return fs
    .readdirSync(MESOS_FIXTURES_DIR)
    .filter((file) => file.endsWith(".json"))
    .sort();
}

/** Reads and JSON-decodes one fixture; throws if the file is missing or not JSON. */
export function readMesosFixture(name: MesosFixtureName): unknown {
  return JSON.parse(fs.readFileSync(path.join(MESOS_FIXTURES_DIR, MESOS_FIXTURES[name]), "utf8")) as unknown;
}
