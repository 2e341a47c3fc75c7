"use client";
import Link from "next/link";
import { isUndecodable, supersededZnodes } from "@/lib/shared/masters";
import type { MasterView } from "@/lib/shared/cluster-state";
import { useLiveCluster } from "@/components/live/cluster-stream";
import { MasterActionButtons } from "./master-actions";

/** Why a master deserves attention, in words; null when nothing is wrong. */
function flagOf(master: MasterView, newer: MasterView | undefined): string | null {
  if (isUndecodable(master)) return `znode does not decode: ${master.error ?? ""}`;
  if (master.blocked) return `not contacted: ${master.blocked}; it counts toward nothing`;
  if (newer) {
    const restarted = `old znode of a restarted master (now ${newer.id}); it goes when its ZooKeeper session expires`;
    return master.isLeader ? `${restarted}: until then it holds the leadership and no master leads` : restarted;
  }
  if (master.reachable === false) return master.error ?? "does not answer";
  if (master.impostor) return `does not count as a master: ${master.impostor}`;
  if (master.isLeader && master.elected === false) return "ZooKeeper lists it first, but it reports master/elected=0";
  if (!master.isLeader && master.elected === true) return "reports master/elected=1 but is not ZooKeeper's leader";
  return null;
}

function Reachability({ master }: { master: MasterView }) {
  if (master.blocked) return <span className="font-medium text-warn">not contacted</span>;
  if (master.reachable === null) return <span className="text-stale">probing…</span>;
  return master.reachable ? (
    <span className="text-ok">answers</span>
  ) : (
    <span className="font-medium text-bad">unreachable</span>
  );
}

export function MastersTable() {
  const { state, clusterId } = useLiveCluster();
  if (!state) return null;
  const stale = state.zk.stale && state.zk.status !== "none";
  const superseded = supersededZnodes(state.masters);
  return (
    <section aria-label="Masters" className="rounded-lg border border-slate-200 bg-white">
      <header className="flex items-center justify-between border-b border-slate-100 px-4 py-2">
        <h2 className="text-sm font-semibold">
          Masters <span className="font-normal text-slate-500">({state.masters.length})</span>
        </h2>
        <span className="text-xs text-slate-500" data-testid="zk-status" data-stale={stale}>
          ZooKeeper: {state.zk.status === "none" ? "not used (static master list)" : state.zk.status}
          {stale && <span className="ml-1 font-medium text-warn">· stale, last known list</span>}
        </span>
      </header>
      {state.masters.length === 0 ? (
        <p className="px-4 py-3 text-sm text-slate-600">No master is registered under this ZooKeeper path.</p>
      ) : (
        <table className={`w-full text-left text-sm ${stale ? "opacity-70" : ""}`} data-testid="masters-table">
          <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-4 py-2 font-medium">Master</th>
              <th className="px-4 py-2 font-medium">Znode</th>
              <th className="px-4 py-2 font-medium">Format / version</th>
              <th className="px-4 py-2 font-medium">Health</th>
              <th className="px-4 py-2 font-medium">Attention</th>
              <th className="px-4 py-2 font-medium">Actions</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {state.masters.map((master) => {
              const flag = flagOf(master, superseded.get(master.id));
              return (
                <tr
                  key={master.id}
                  data-testid="master-row"
                  data-znode={master.id}
                  data-leader={master.isLeader}
                  data-reachable={String(master.reachable)}
                  data-blocked={master.blocked !== null}
                >
                  <td className="px-4 py-2 font-mono text-xs">
                    <Link
                      className="hover:underline"
                      href={`/clusters/${clusterId}/masters/${encodeURIComponent(master.id)}`}
                    >
                      {master.hostname && master.port !== null
                        ? `${master.hostname}:${master.port}`
                        : "unknown address"}
                    </Link>
                    {master.isLeader && (
                      <span className="ml-2 rounded bg-slate-900 px-1.5 py-0.5 font-sans text-[10px] font-semibold text-white">
                        LEADER
                      </span>
                    )}
                  </td>
                  <td className="px-4 py-2 font-mono text-xs">{master.format === "static" ? "—" : `${master.id}`}</td>
                  <td className="px-4 py-2 text-xs">
                    {master.format}
                    {master.version ? ` · ${master.version}` : ""}
                  </td>
                  <td className="px-4 py-2 text-xs">
                    <Reachability master={master} />
                  </td>
                  <td className="px-4 py-2 text-xs text-bad">{flag ?? <span className="text-slate-400">—</span>}</td>
                  <td className="px-4 py-2">
                    <MasterActionButtons master={master} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
