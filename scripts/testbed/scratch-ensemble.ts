// A throw-away ZooKeeper ensemble for one test file: its own temporary directory and free loopback ports, and
// both gone again after stop().
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePorts } from "./net";
import { type Ensemble, readEnsemble, startEnsemble, stopEnsemble } from "./zk-ensemble";

export interface ScratchEnsemble {
  ensemble: Ensemble;
  stop(): Promise<void>;
}

/** Starts `servers` ZooKeeper servers in a new directory named after `name` under the system's temp dir. */
export async function startScratchEnsemble(name: string, servers = 3): Promise<ScratchEnsemble> {
  const dir = mkdtempSync(path.join(tmpdir(), `${name}-`));
  try {
    const ensemble = await startEnsemble({ dir, clientPorts: await freePorts(servers) });
    return {
      ensemble,
      async stop() {
        await stopEnsemble(ensemble);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    // startEnsemble records the servers it launched in the directory: stop those that came up without a leader.
    const started = readEnsemble(dir);
    if (started) await stopEnsemble(started);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
