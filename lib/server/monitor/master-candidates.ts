// Which master answers as the leader: the candidates the source names, asked in turn, by the stream reader (SUBSCRIBE)
// and the poller (the state) alike (docs/monitor-and-events.md#the-event-stream). A standby's 307 (or, before 1.0, its
// state naming another leader) is a hint followed only to a master the cluster lists, asked next; ZooKeeper stays the
// judge.
import { MasterHttpError } from "./master-http";
import { findByUrl, type TrackedMaster } from "./master-list";
import type { V1Detour } from "./v1-http";

/** What one SUBSCRIBE attempt came to: a stream, or an answer that is not one. */
export type AttemptAnswer = "open" | V1Detour;

/** What asking one candidate came to: it answered as the leader, or how it did not. */
export type CandidateAnswer =
  | { kind: "leader" }
  /** Another master leads, says this one; `leaderUrl` null when it did not say which. */
  | { kind: "redirect"; url: string; leaderUrl: string | null }
  /** No leader known, or one still recovering: `message` is ours, the master's body goes to `detail`. */
  | { kind: "unavailable"; url: string; message: string; detail?: string }
  /** It will not serve us at all: the caller gives up on this way of reading. */
  | { kind: "refused"; message: string; detail?: string };

export type CandidatesOutcome =
  | { kind: "leader" }
  /** A master will not stream to us (401, 403, 404, 405, 406, 415): poll instead, saying why. */
  | { kind: "refused"; message: string }
  /** No candidate streamed; whether one said there is no leader (503) or that another leads (307). */
  | { kind: "none"; lastError: string | null; sawNoLeader: boolean; sawRedirect: boolean };

export interface CandidatesOptions {
  candidates: readonly TrackedMaster[];
  /** The cluster's masters: the only hosts a 307 may lead to. */
  masters: readonly TrackedMaster[];
  ask: (master: TrackedMaster, url: string) => Promise<CandidateAnswer>;
  stopped: () => boolean;
  log: (line: string) => void;
}

/** Asks each candidate once, in order, until one answers as the leader. Transport failures are remembered, never thrown. */
export async function askInTurn(options: CandidatesOptions): Promise<CandidatesOutcome> {
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
      const opened = await options.ask(master, master.url);
      if (opened.kind === "leader") return { kind: "leader" };
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

/** SUBSCRIBE on each candidate in turn until one streams. */
export function subscribeToFirst(
  options: Omit<CandidatesOptions, "ask"> & { open: (master: TrackedMaster, url: string) => Promise<AttemptAnswer> },
): Promise<CandidatesOutcome> {
  const { open, ...rest } = options;
  return askInTurn({
    ...rest,
    ask: async (master, url) => {
      const answer = await open(master, url);
      return answer === "open" ? { kind: "leader" } : answer;
    },
  });
}
