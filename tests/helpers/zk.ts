// A real 3-server ZooKeeper ensemble on free loopback ports for one test file, stopped (by pid) after it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { freePorts, type Ensemble, startEnsemble, stopEnsemble } from "@/scripts/testbed";

/** Registers beforeAll/afterAll hooks; the returned function gives the running ensemble inside tests. */
export function zookeeperForThisFile(name: string): () => Ensemble {
  let dir = "";
  let ensemble: Ensemble | null = null;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), `${name}-`));
    ensemble = await startEnsemble({ dir, clientPorts: await freePorts(3) });
  });
  afterAll(async () => {
    if (ensemble) await stopEnsemble(ensemble);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (!ensemble) throw new Error("the ZooKeeper ensemble is not running (used outside a test?)");
    return ensemble;
  };
}
