// Which master streams to us: the candidates the source names, asked in turn (docs/monitor-and-events.md#the-event-stream).
// A standby's 307 is a hint followed only to a master the cluster lists, asked next; ZooKeeper stays the judge.
import { MasterHttpError } from "./master-http";
import { findByUrl, type TrackedMaster } from "./master-list";
import type { V1Detour } from "./v1-http";

/** What one SUBSCRIBE attempt came to: a stream, or an answer that is not one. */
export type AttemptAnswer = "open" | V1Detour;

export type CandidatesOutcome =
  | { kind: "open" }
  /** A master will not stream to us (401, 403, 404, 405, 406, 415): poll instead, saying why. */
  | { kind: "refused"; message: string }
  /** No candidate streamed; whether one said there is no leader (503) or that another leads (307). */
  | { kind: "none"; lastError: string | null; sawNoLeader: boolean; sawRedirect: boolean };

export interface CandidatesOptions {
  candidates: readonly TrackedMaster[];
  /** The cluster's masters: the only hosts a 307 may lead to. */
  masters: readonly TrackedMaster[];
  open: (master: TrackedMaster, url: string) => Promise<AttemptAnswer>;
  stopped: () => boolean;
  log: (line: string) => void;
}

/** Asks each candidate once, in order, until one streams. Transport failures are remembered, never thrown. */
export async function subscribeToFirst(options: CandidatesOptions): Promise<CandidatesOutcome> {
  const tried = new Set<string>();
  const queue = [...options.candidates];
  let lastError: string | null = null;
  let sawNoLeader = false;
  let sawRedirect = false;
  while (queue.length > 0 && !options.stopped()) {
    const master = queue.shift();
    if (!master?.url || tried.has(master.id)) continue;
    tried.add(master.id);
    try {
      const opened = await options.open(master, master.url);
      if (opened === "open") return { kind: "open" };
      if (opened.kind === "redirect") {
        sawRedirect = true;
        const target = opened.leaderUrl ? findByUrl(options.masters, opened.leaderUrl) : undefined;
        lastError = `${opened.url} is not the leader${opened.leaderUrl ? ` (it points to ${opened.leaderUrl})` : ""}`;
        if (target && !tried.has(target.id)) queue.unshift(target);
        else if (opened.leaderUrl && !target) lastError += ", which is not one of this cluster's masters";
      } else if (opened.kind === "unavailable") {
        sawNoLeader = true;
        lastError = `${opened.url}: ${opened.message}`;
        if (opened.detail) options.log(`[monitor] ${lastError}: ${opened.detail}`);
      } else {
        if (opened.detail) options.log(`[monitor] ${opened.message}: ${opened.detail}`);
        return { kind: "refused", message: opened.message };
      }
    } catch (error) {
      lastError = error instanceof MasterHttpError ? error.message : `unexpected error: ${String(error)}`;
      if (error instanceof MasterHttpError && error.detail) options.log(`[monitor] ${error.message}: ${error.detail}`);
    }
  }
  return { kind: "none", lastError, sawNoLeader, sawRedirect };
}
