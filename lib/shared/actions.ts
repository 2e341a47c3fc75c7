// What an action on masters looks like to the API and the browser (types only, browser-safe).
import type { MasterAction } from "./service-commands";

export type ActionKind = MasterAction | "rolling-restart";

export type ActionState =
  | "requested"
  | "running_command"
  | "master_stopped"
  | "master_back"
  | "failover_done"
  | "agents_reregistered"
  | "verified"
  | "failed";

export interface ActionStep {
  state: ActionState;
  at: string;
  detail: string;
  /** For rolling restarts: which master this step is about. */
  master?: string;
}

export interface ActionCommand {
  controller: "sim" | "ssh";
  /** Where the command ran: the control API or `user@host:port`. */
  via: string;
  command: string;
  exitCode: number | null;
  output: string;
  durationMs: number;
}

export interface ActionView {
  id: string;
  clusterId: number;
  kind: ActionKind;
  /** The master acted on (`host:port`), null for a rolling restart. */
  target: { id: string; label: string } | null;
  actor: string;
  reason: string | null;
  forced: boolean;
  status: "running" | "verified" | "failed";
  steps: ActionStep[];
  commands: ActionCommand[];
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
  /** An SSH host key that refused to be used because it is not pinned: an admin may pin it. */
  unpinnedHostKey: { address: string; fingerprint: string } | null;
}

export interface StoppedMaster {
  id: string;
  label: string;
  host: string;
  port: number;
  url: string;
  stoppedAt: string;
}
