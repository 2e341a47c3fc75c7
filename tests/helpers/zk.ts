// A real 3-server ZooKeeper ensemble on free loopback ports for one test file, stopped (by pid) after it.
import { afterAll, beforeAll } from "vitest";
import { type Ensemble, type ScratchEnsemble, startScratchEnsemble } from "@/scripts/testbed";

/** Registers beforeAll/afterAll hooks; the returned function gives the running ensemble inside tests. */
export function zookeeperForThisFile(name: string): () => Ensemble {
  let scratch: ScratchEnsemble | null = null;
  beforeAll(async () => {
    scratch = await startScratchEnsemble(name);
  });
  afterAll(async () => {
    await scratch?.stop();
  });
  return () => {
    if (!scratch) throw new Error("the ZooKeeper ensemble is not running (used outside a test?)");
    return scratch.ensemble;
  };
}
