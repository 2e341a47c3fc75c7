"use client";
import Link from "next/link";
import { useLiveCluster } from "@/components/live/cluster-stream";
import { ActionPanel } from "./master-actions";
import { AgentsAndTasks } from "./agents-tasks";
import { EventRows } from "./event-rows";
import { FrameworksTable } from "./frameworks-table";
import { LeaderCard } from "./leader-card";
import { MastersTable } from "./masters-table";
import { ResourcesTable } from "./resources-table";

export function ClusterOverview() {
  const { events, clusterId, state } = useLiveCluster();
  // What comes from the leader's state is the last known while it cannot be read: shown dimmed.
  const leaderDataStale = state !== null && state.poll.status !== "ok" && state.resources !== null;
  return (
    <div className="space-y-6">
      <div className="grid gap-4 lg:grid-cols-[1fr_2fr]">
        <LeaderCard />
        <MastersTable />
      </div>
      <ActionPanel />
      <div
        className={`space-y-6 ${leaderDataStale ? "opacity-60" : ""}`}
        data-testid="leader-data"
        data-stale={leaderDataStale}
      >
        <ResourcesTable />
        <AgentsAndTasks />
        <FrameworksTable />
      </div>
      <section aria-label="Latest events" className="rounded-lg border border-slate-200 bg-white">
        <header className="flex items-center justify-between border-b border-slate-100 px-4 py-2">
          <h2 className="text-sm font-semibold">Latest events</h2>
          <Link href={`/clusters/${clusterId}/events`} className="text-xs text-slate-600 hover:underline">
            Full history and leader timeline →
          </Link>
        </header>
        {events.length === 0 ? (
          <p className="px-4 py-3 text-sm text-slate-600">Nothing recorded yet.</p>
        ) : (
          <EventRows events={events.slice(0, 15)} />
        )}
      </section>
    </div>
  );
}
