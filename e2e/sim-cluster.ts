// One simulated Mesos cluster per spec file: its own real ZooKeeper ensemble and simulator, registered with the
// dashboard through the API before the file's tests, and everything stopped after them, by process id.
import type { Client } from "node-zookeeper-client";
import { adminToken, test } from "./fixtures";
import { connect } from "../lib/zk/promises";
import {
  type Ensemble,
  type RunningSim,
  type ScratchEnsemble,
  connectString,
  registerCluster,
  startScratchEnsemble,
  startSim,
  waitFor,
} from "../scripts/testbed";

/** A master as the simulator's control API lists it. */
export interface SimMaster {
  id: string;
  url: string;
  state: string;
  znode: string | null;
  sequence: number | null;
  leader: boolean;
}

export interface SimClusterOptions {
  /** The masters' ZooKeeper path, also the cluster's name prefix. */
  chroot: string;
  /** More simulator options (`--agents`, `--seed`, `--session-timeout` …); ports and `--zk` are chosen here. */
  simArgs?: string[];
  /** More fields of the cluster's definition (`quorum`, `controller` …), given the running simulator. */
  definition?: (sim: RunningSim) => Record<string, unknown>;
}

export interface SimCluster {
  /** The dashboard's id of the registered cluster. */
  id(): number;
  sim(): RunningSim;
  ensemble(): Ensemble;
  /** A ZooKeeper client of the test's own on the ensemble. */
  zk(): Client;
  /** `zk://host:port,…/chroot`, as registered. */
  zkUrl(): string;
  masters(): Promise<SimMaster[]>;
  /** The running leader, waited for. */
  leader(): Promise<SimMaster>;
}

/** Call at the top of a spec file: hooks start the cluster before its tests and stop it after them. */
export function simulatedClusterForThisFile(options: SimClusterOptions): SimCluster {
  let scratch: ScratchEnsemble | null = null;
  let sim: RunningSim | null = null;
  let zk: Client | null = null;
  let clusterId = 0;
  const running = (): RunningSim => {
    if (!sim) throw new Error("the simulator is not running");
    return sim;
  };
  const started = (): Ensemble => {
    if (!scratch) throw new Error("the ZooKeeper ensemble is not running");
    return scratch.ensemble;
  };
  const zkUrl = () => `zk://${connectString(started())}${options.chroot}`;

  test.beforeAll(async ({ baseURL }) => {
    test.setTimeout(180_000);
    if (!baseURL) throw new Error("playwright.config.ts names no baseURL to register the cluster at");
    scratch = await startScratchEnsemble(`e2e${options.chroot.replace(/\//g, "-")}`);
    zk = await connect(connectString(scratch.ensemble));
    sim = await startSim({ zk: zkUrl(), args: options.simArgs });
    clusterId = await registerCluster({
      baseUrl: baseURL,
      credentials: { token: adminToken() },
      definition: {
        name: `${options.chroot.slice(1)}-${Date.now()}`,
        zk: zkUrl(),
        ...(options.definition?.(sim) ?? {}),
      },
    });
  });

  test.afterAll(async () => {
    zk?.close();
    await sim?.stop();
    await scratch?.stop();
  });

  const masters = async () => (await running().control<SimMaster[]>("GET", "/masters")).body;
  return {
    id: () => clusterId,
    sim: running,
    ensemble: started,
    zk: () => {
      if (!zk) throw new Error("no ZooKeeper client");
      return zk;
    },
    zkUrl,
    masters,
    leader: () =>
      waitFor("the simulator's leader", async () => (await masters()).find((m) => m.leader && m.state === "running")),
  };
}
