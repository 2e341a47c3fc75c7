"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { clusterHealth } from "@/lib/client/cluster-health";
import { useLiveCluster } from "@/components/live/cluster-stream";
import { useSession } from "@/components/layout/session";
import { ConnectionIndicator } from "./connection-indicator";
import { ReadMode } from "./read-mode";
import { StatusDot } from "./status-dot";

export function ClusterHeader({ name, source, quorum }: { name: string; source: string; quorum: number | null }) {
  const { state, clusterId, status } = useLiveCluster();
  const pathname = usePathname();
  const { can } = useSession();
  const health = clusterHealth(state, quorum);
  const base = `/clusters/${clusterId}`;
  const tabs = [
    { href: base, label: "Overview" },
    { href: `${base}/agents`, label: "Agents" },
    { href: `${base}/frameworks`, label: "Frameworks" },
    { href: `${base}/events`, label: "Events" },
    { href: `${base}/zk`, label: "ZooKeeper" },
    ...(can("admin") ? [{ href: `${base}/settings`, label: "Settings" }] : []),
  ];
  return (
    <div className="mb-6 space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">{name}</h1>
          <p className="font-mono text-xs text-slate-500">{source}</p>
        </div>
        <ConnectionIndicator />
      </div>
      <p className="flex items-center gap-2 text-sm" data-testid="cluster-health" data-level={health.level}>
        <StatusDot level={health.level} />
        <span>{health.reason}</span>
        {health.mastersTotal > 0 && (
          <span className="shrink-0 text-slate-500">
            · quorum {health.quorum}
            {health.quorumSource === "majority" ? " (assumed majority)" : ""}
          </span>
        )}
      </p>
      <ReadMode />
      {/* Only a lost connection warns: connecting and a pause of a hidden tab are expected. */}
      {(status.connection === "reconnecting" || status.connection === "offline") && (
        <p className="rounded bg-amber-50 px-3 py-1.5 text-xs text-warn" role="status" data-testid="stream-stale">
          {status.connection === "reconnecting"
            ? "Reconnecting to the server…"
            : status.retryAt !== null
              ? "Disconnected from the server; trying again by itself."
              : "Disconnected from the server; reload to try again."}{" "}
          What is shown is the state as of{" "}
          {status.lastMessageAt ? new Date(status.lastMessageAt).toISOString().slice(11, 19) : "the page load"} UTC and
          may be out of date.
        </p>
      )}
      <nav aria-label="Cluster" className="flex gap-1 border-b border-slate-200">
        {tabs.map((tab) => {
          const active = tab.href === base ? pathname === base : pathname.startsWith(tab.href);
          return (
            <Link
              key={tab.href}
              href={tab.href}
              aria-current={active ? "page" : undefined}
              className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${active ? "border-slate-900 text-slate-900" : "border-transparent text-slate-500 hover:text-slate-800"}`}
            >
              {tab.label}
            </Link>
          );
        })}
      </nav>
    </div>
  );
}
