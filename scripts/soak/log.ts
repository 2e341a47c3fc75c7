// What a soak run records: the driver's actions, the ground truth it read from ZooKeeper itself, the dashboard's
// history and probes of the dashboard. The invariant checker works on this alone (times are epoch milliseconds).
export interface ActionRecord {
  at: number;
  end: number;
  kind: string;
  detail: Record<string, unknown>;
  error?: string;
}

/** The members of a cluster's ZooKeeper path and its leader (lowest sequence) from the moment `at` on. */
export interface TruthSample {
  at: number;
  members: string[];
  leader: string | null;
}

/** An event as GET /api/clusters/{id}/events serves it, with `at` as epoch milliseconds. */
export interface SoakEvent {
  id: number;
  type: string;
  at: number;
  data: Record<string, unknown>;
}

export interface ClusterLog {
  name: string;
  id: number;
  path: string;
  registeredAt: number;
  truth: TruthSample[];
  events: SoakEvent[];
}

/** A SIGKILL of the dashboard: when, when the new server was spawned, when it answered /api/health again. */
export interface RestartRecord {
  killedAt: number;
  spawnedAt: number;
  healthyAt: number;
}

/** A SIGSTOP of the dashboard (its ZooKeeper session expires) and the SIGCONT. */
export interface PauseRecord {
  pausedAt: number;
  resumedAt: number;
}

export interface RssSample {
  at: number;
  incarnation: number;
  rssKiB: number;
}

export interface ApiProbe {
  at: number;
  what: "health" | "state";
  ok: boolean;
  status: number | null;
  ms: number;
  error?: string;
}

export interface ListenerHit {
  at: number;
  requestLine: string;
  authorization: boolean;
}

export interface SoakLog {
  seed: number;
  startedAt: number;
  /** When the first cluster was registered and the faults began. */
  faultsFrom: number;
  /** When the last fault had been injected; then the cluster was restored and left to settle until `endedAt`. */
  faultsUntil: number;
  endedAt: number;
  actions: ActionRecord[];
  clusters: ClusterLog[];
  restarts: RestartRecord[];
  pauses: PauseRecord[];
  rss: RssSample[];
  api: ApiProbe[];
  listener: { address: string; hostileZnodes: number; hits: ListenerHit[] };
  httpAuth: boolean;
  allowlist: boolean;
}
