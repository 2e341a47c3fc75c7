// The supervisor's record of one master process, and the status of it that the control API shows (GET /masters); a
// request that does not fit a master's state is a ConflictError, which the control API answers with 409.
import type { ChildProcess } from "node:child_process";

export type MasterState = "starting" | "running" | "paused" | "stopped";

export interface MasterStatus {
  id: string;
  url: string;
  pid: number | null;
  state: MasterState;
  znode: string | null;
  sequence: number | null;
  leader: boolean;
  restarts: number;
  lastExit: { code: number | null; signal: string | null; at: string } | null;
  restartAt: string | null;
}

export interface MasterRecord {
  id: string;
  ip: string;
  port: number;
  child: ChildProcess | null;
  state: MasterState;
  znode: string | null;
  sequence: number | null;
  /** Set by stop/restart: like `systemctl stop`, the supervisor does not bring it back. */
  stopRequested: boolean;
  restartTimer: NodeJS.Timeout | null;
  restartAt: number | null;
  restarts: number;
  lastExit: MasterStatus["lastExit"];
  recovered: boolean;
  pendingFetch: number | null;
}

export class ConflictError extends Error {}

export function newMasterRecord(id: string, address: { ip: string; port: number }): MasterRecord {
  return {
    id,
    ...address,
    child: null,
    state: "stopped",
    znode: null,
    sequence: null,
    stopRequested: false,
    restartTimer: null,
    restartAt: null,
    restarts: 0,
    lastExit: null,
    recovered: false,
    pendingFetch: null,
  };
}

export function masterStatus(m: MasterRecord, leaderId: string | null): MasterStatus {
  return {
    id: m.id,
    url: `http://${m.ip}:${m.port}`,
    pid: m.child?.pid ?? null,
    state: m.state,
    znode: m.znode,
    sequence: m.sequence,
    leader: m.id === leaderId,
    restarts: m.restarts,
    lastExit: m.lastExit,
    restartAt: m.restartAt === null ? null : new Date(m.restartAt).toISOString(),
  };
}
