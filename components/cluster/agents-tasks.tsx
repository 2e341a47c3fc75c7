"use client";
import { useLiveCluster } from "@/components/live/cluster-stream";

function Cell({ label, value, tone }: { label: string; value: number | string; tone?: string }) {
  return (
    <div className="px-4 py-2">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className={`text-lg font-semibold tabular-nums ${tone ?? ""}`}>{value}</dd>
    </div>
  );
}

export function AgentsAndTasks() {
  const { state } = useLiveCluster();
  const agents = state?.agents;
  const tasks = state?.tasks;
  return (
    <section aria-label="Agents and tasks" className="grid gap-4 md:grid-cols-2">
      <div className="rounded-lg border border-slate-200 bg-white">
        <h2 className="border-b border-slate-100 px-4 py-2 text-sm font-semibold">Agents</h2>
        {agents ? (
          <dl className="grid grid-cols-4" data-testid="agent-counts">
            <Cell label="Active" value={agents.active} />
            <Cell label="Deactivated" value={agents.deactivated} />
            <Cell label="Unreachable" value={agents.unreachable} tone={agents.unreachable ? "text-bad" : undefined} />
            <Cell label="Recovered" value={agents.recovered} tone={agents.recovered ? "text-warn" : undefined} />
          </dl>
        ) : (
          <p className="px-4 py-3 text-sm text-slate-600">Not read yet.</p>
        )}
      </div>
      <div className="rounded-lg border border-slate-200 bg-white">
        <h2 className="border-b border-slate-100 px-4 py-2 text-sm font-semibold">
          Tasks{" "}
          {tasks && (
            <span className="font-normal text-slate-500">
              (from {tasks.source === "metrics" ? "the leader's metrics" : "its state"})
            </span>
          )}
        </h2>
        {tasks ? (
          <dl className="grid grid-cols-4" data-testid="task-counts">
            <Cell label="Staging" value={tasks.staging} />
            <Cell label="Running" value={tasks.running} />
            <Cell label="Finished" value={tasks.finished} />
            <Cell
              label="Failed / lost"
              value={tasks.failed + tasks.lost}
              tone={tasks.failed + tasks.lost ? "text-warn" : undefined}
            />
          </dl>
        ) : (
          <p className="px-4 py-3 text-sm text-slate-600">Not read yet.</p>
        )}
      </div>
    </section>
  );
}
