"use client";
import { formatCount, formatMegabytes, formatPercent } from "@/lib/client/format";
import { useLiveCluster } from "@/components/live/cluster-stream";

export function FrameworksTable({ full = false }: { full?: boolean }) {
  const { state } = useLiveCluster();
  const frameworks = state?.frameworks ?? [];
  return (
    <section aria-label="Frameworks" className="rounded-lg border border-slate-200 bg-white">
      <h2 className="border-b border-slate-100 px-4 py-2 text-sm font-semibold">
        Frameworks <span className="font-normal text-slate-500">({frameworks.length})</span>
      </h2>
      {frameworks.length === 0 ? (
        <p className="px-4 py-3 text-sm text-slate-600">
          {state?.resources ? "No framework is registered." : "Not read yet."}
        </p>
      ) : (
        <table className="w-full text-left text-sm" data-testid="frameworks-table">
          <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-4 py-2 font-medium">Name</th>
              <th className="px-4 py-2 font-medium">Active</th>
              <th className="px-4 py-2 text-right font-medium">Tasks</th>
              <th className="px-4 py-2 text-right font-medium">CPUs</th>
              <th className="px-4 py-2 text-right font-medium">Mem</th>
              {full && <th className="px-4 py-2 text-right font-medium">Disk</th>}
              {full && <th className="px-4 py-2 text-right font-medium">Finished / failed / lost</th>}
              <th className="px-4 py-2 text-right font-medium">Share</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {frameworks.map((f) => (
              <tr key={f.id} data-testid="framework-row">
                <td className="px-4 py-2">
                  <span className="font-medium">{f.name}</span>{" "}
                  <span className="font-mono text-[10px] text-slate-400">{f.id}</span>
                </td>
                <td className="px-4 py-2">{f.active ? "yes" : <span className="text-warn">no</span>}</td>
                <td className="px-4 py-2 text-right tabular-nums">{f.activeTasks}</td>
                <td className="px-4 py-2 text-right tabular-nums">{formatCount(f.used.cpus)}</td>
                <td className="px-4 py-2 text-right tabular-nums">{formatMegabytes(f.used.mem)}</td>
                {full && <td className="px-4 py-2 text-right tabular-nums">{formatMegabytes(f.used.disk)}</td>}
                {full && (
                  <td className="px-4 py-2 text-right tabular-nums">
                    {f.taskStates.finished} / {f.taskStates.failed} / {f.taskStates.lost}
                  </td>
                )}
                <td className="px-4 py-2 text-right tabular-nums">{formatPercent(f.maxShare)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
