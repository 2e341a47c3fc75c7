"use client";
import { formatCount, formatMegabytes, formatUtc } from "@/lib/client/format";
import type { ResourceName } from "@/lib/mesos/totals";
import { useLiveCluster } from "@/components/live/cluster-stream";

const COLUMNS: { name: ResourceName; label: string }[] = [
  { name: "cpus", label: "CPUs" },
  { name: "gpus", label: "GPUs" },
  { name: "mem", label: "Mem" },
  { name: "disk", label: "Disk" },
];
const ROWS = ["total", "allocated", "offered", "idle"] as const;

function format(name: ResourceName, value: number): string {
  return name === "mem" || name === "disk" ? formatMegabytes(value) : formatCount(value);
}

function UsageBar({ allocated, offered, total }: { allocated: number; offered: number; total: number }) {
  if (total <= 0) return null;
  const pct = (v: number) => `${Math.min(100, Math.max(0, (v / total) * 100))}%`;
  return (
    <div className="mt-1 flex h-1.5 w-full overflow-hidden rounded bg-slate-100" aria-hidden>
      <div className="bg-slate-700" style={{ width: pct(allocated) }} />
      <div className="bg-sky-400" style={{ width: pct(offered) }} />
    </div>
  );
}

/**
 * The stock UI's resources table (docs/mesos/web-ui.md#home-page): Total, Allocated, Offered, Idle; Mem and Disk in
 * binary units.
 */
export function ResourcesTable() {
  const { state } = useLiveCluster();
  const resources = state?.resources;
  return (
    <section aria-label="Resources" className="rounded-lg border border-slate-200 bg-white">
      <h2 className="flex justify-between gap-4 border-b border-slate-100 px-4 py-2 text-sm font-semibold">
        Resources
        {resources && state?.poll.status !== "ok" && state?.poll.lastSuccessAt && (
          <span className="text-right text-xs font-normal text-warn" data-testid="resources-stale">
            as of {formatUtc(state.poll.lastSuccessAt)}: the leader&apos;s state cannot be read now
            {state.poll.error ? ` (${state.poll.error})` : ""}
          </span>
        )}
      </h2>
      {!resources ? (
        <p className="px-4 py-3 text-sm text-slate-600">
          Not read yet: {state?.poll.error ?? "waiting for the leader's state"}
        </p>
      ) : (
        <table className="w-full text-right text-sm" data-testid="resources-table">
          <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-4 py-2 text-left font-medium" />
              {COLUMNS.map((c) => (
                <th key={c.name} className="px-4 py-2 font-medium">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {ROWS.map((row) => (
              <tr key={row} data-testid={`resources-${row}`}>
                <th className="px-4 py-2 text-left font-medium capitalize">{row}</th>
                {COLUMNS.map((c) => (
                  <td
                    key={c.name}
                    className="px-4 py-2 tabular-nums"
                    data-resource={c.name}
                    data-value={resources[c.name][row]}
                  >
                    {format(c.name, resources[c.name][row])}
                    {row === "total" && (
                      <UsageBar
                        allocated={resources[c.name].allocated}
                        offered={resources[c.name].offered}
                        total={resources[c.name].total}
                      />
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
