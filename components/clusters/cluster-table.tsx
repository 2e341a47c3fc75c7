import Link from "next/link";
import type { ClusterView } from "@/lib/clusters/repository";

export function ClusterTable({ clusters }: { clusters: ClusterView[] }) {
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm" data-testid="cluster-table">
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-4 py-2 font-medium">Name</th>
            <th className="px-4 py-2 font-medium">Masters from</th>
            <th className="px-4 py-2 font-medium">Quorum</th>
            <th className="px-4 py-2 font-medium">Description</th>
            <th className="px-4 py-2 font-medium">Registered</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {clusters.map((cluster) => (
            <tr key={cluster.id} data-testid="cluster-row">
              <td className="px-4 py-2 font-medium">
                <Link className="hover:underline" href={`/clusters/${cluster.id}`}>{cluster.name}</Link>
              </td>
              <td className="px-4 py-2 font-mono text-xs break-all">
                {cluster.zk ?? cluster.masters?.join(", ") ?? "—"}
              </td>
              <td className="px-4 py-2">{cluster.quorum ?? <span className="text-slate-500">from masters&apos; --quorum</span>}</td>
              <td className="px-4 py-2 text-slate-600">{cluster.description || "—"}</td>
              <td className="px-4 py-2 text-slate-600">
                <time dateTime={cluster.createdAt}>{cluster.createdAt.replace("T", " ").slice(0, 19)} UTC</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
