// The masters of a cluster without ZooKeeper: a fixed list of URLs. No one says who leads, so the leader is the
// master whose state says it does; it is asked first next time, the others after it.
import { type TrackedMaster, fromStaticUrl } from "./master-list";
import type { FoundLeader, LeaderSearch, MasterSource, ZkState } from "./master-source";

export class StaticSource implements MasterSource {
  private readonly members: TrackedMaster[];
  private leaderId: string | null = null;
  private searched = false;

  /** `reachable`: whether a master answered its last health probe (null: not probed yet). */
  constructor(
    urls: readonly string[],
    private readonly reachable: (id: string) => boolean | null,
  ) {
    this.members = urls.map(fromStaticUrl);
  }

  get masters(): readonly TrackedMaster[] {
    return this.members;
  }

  get fresh(): boolean {
    return this.searched;
  }

  zk(): ZkState | null {
    return null;
  }

  leader(): TrackedMaster | null {
    return this.members.find((m) => m.id === this.leaderId) ?? null;
  }

  start(): void {
    // A fixed list: nothing to watch.
  }

  stop(): void {
    // Nothing watched.
  }

  expiryRecorded(): void {
    // No ZooKeeper session to expire.
  }

  search(): LeaderSearch {
    if (this.members.length === 0) return { kind: "wait", status: "idle" };
    const known = this.leader();
    return { kind: "ask", candidates: known ? [known, ...this.members.filter((m) => m !== known)] : [...this.members] };
  }

  found(master: TrackedMaster, leader: FoundLeader): void {
    this.leaderId = master.id;
    this.searched = true;
    const index = this.members.findIndex((m) => m.id === master.id);
    const version = leader.version ?? master.version;
    const pid = leader.pid ?? master.pid;
    // The stream reader says so after every change: the list changes only when what it says does.
    const known = this.members[index];
    if (known && (known !== master || known.version !== version || known.pid !== pid))
      this.members[index] = { ...master, version, pid };
  }

  notFound(sawNoLeader: boolean): "idle" | "failed" {
    this.searched = true;
    this.leaderId = null;
    return sawNoLeader || this.members.every((m) => this.reachable(m.id) === false) ? "idle" : "failed";
  }
}
