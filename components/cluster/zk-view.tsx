"use client";
import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/lib/client/fetch-json";
import { queryKeys } from "@/lib/client/query-keys";
import { formatUtc } from "@/lib/client/format";
import type { ZkInspection } from "@/lib/zk/inspection";
import { useLiveCluster } from "@/components/live/cluster-stream";

type ZkAnswer = ZkInspection & { zk: string; path: string };

/** The cluster's znodes, decoded, and each ZooKeeper server's own report; refreshed every 5 s. */
export function ZkView() {
  const { clusterId, state } = useLiveCluster();
  const { data, error, dataUpdatedAt } = useQuery({
    queryKey: queryKeys.zk(clusterId),
    queryFn: () => fetchJson<ZkAnswer>(`/api/clusters/${clusterId}/zk`),
    refetchInterval: 5_000,
    retry: false,
  });
  if (state?.zk.status === "none")
    return (
      <p className="text-sm text-slate-600">
        This cluster is defined by a static list of master URLs: it has no ZooKeeper.
      </p>
    );
  if (error) return <p className="text-sm text-bad">{error.message}</p>;
  if (!data) return <p className="text-sm text-slate-500">Reading ZooKeeper…</p>;
  return (
    <div className="space-y-6">
      <section aria-label="ZooKeeper servers" className="rounded-lg border border-slate-200 bg-white">
        <h2 className="flex justify-between border-b border-slate-100 px-4 py-2 text-sm font-semibold">
          Servers{" "}
          <span className="font-mono text-xs font-normal text-slate-500">
            {data.zk} · read {formatUtc(new Date(dataUpdatedAt).toISOString())}
          </span>
        </h2>
        <table className="w-full text-left text-sm" data-testid="zk-servers">
          <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-4 py-2">Server</th>
              <th className="px-4 py-2">Mode</th>
              <th className="px-4 py-2">Connections</th>
              <th className="px-4 py-2">Latency min/avg/max (ms)</th>
              <th className="px-4 py-2">Outstanding</th>
              <th className="px-4 py-2">Znodes</th>
              <th className="px-4 py-2">Version</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {data.servers.map((s) => (
              <tr key={s.address} data-testid="zk-server" data-mode={s.report?.mode ?? "unknown"}>
                <td className="px-4 py-2 font-mono text-xs">{s.address}</td>
                {s.report ? (
                  <>
                    <td className={`px-4 py-2 font-medium ${s.report.mode === "leader" ? "text-ok" : ""}`}>
                      {s.report.mode}
                    </td>
                    <td className="px-4 py-2 tabular-nums">{s.report.connections ?? "—"}</td>
                    <td className="px-4 py-2 tabular-nums">
                      {s.report.latency
                        ? `${s.report.latency.min} / ${s.report.latency.avg} / ${s.report.latency.max}`
                        : "—"}
                    </td>
                    <td className="px-4 py-2 tabular-nums">{s.report.outstanding ?? "—"}</td>
                    <td className="px-4 py-2 tabular-nums">{s.report.nodeCount ?? "—"}</td>
                    <td className="px-4 py-2 text-xs">{s.report.version.split(",")[0]}</td>
                  </>
                ) : (
                  <td colSpan={6} className="px-4 py-2 text-xs text-warn">
                    {s.error}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-label="Znodes" className="rounded-lg border border-slate-200 bg-white">
        <h2 className="border-b border-slate-100 px-4 py-2 text-sm font-semibold">
          Znodes under <span className="font-mono">{data.path}</span>
        </h2>
        {!data.reachable ? (
          <p className="px-4 py-3 text-sm text-bad">ZooKeeper is not reachable: {data.error}</p>
        ) : !data.pathExists ? (
          <p className="px-4 py-3 text-sm text-slate-600">
            {data.path} does not exist: no master has registered there yet.
          </p>
        ) : (
          <table className="w-full text-left text-sm" data-testid="zk-znodes">
            <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-4 py-2">Znode</th>
                <th className="px-4 py-2">Format</th>
                <th className="px-4 py-2">Decoded</th>
                <th className="px-4 py-2">Data</th>
                <th className="px-4 py-2">Created</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.znodes.map((z) => (
                <tr key={z.name} data-testid="zk-znode" data-name={z.name} className="align-top">
                  <td className="px-4 py-2 font-mono text-xs">
                    {z.name}
                    {data.leader && z.member && data.leader.znode === z.member.znode && (
                      <span className="ml-2 rounded bg-slate-900 px-1.5 py-0.5 font-sans text-[10px] text-white">
                        LEADER
                      </span>
                    )}
                    {z.ephemeral && <span className="ml-2 text-[10px] text-slate-500">ephemeral</span>}
                  </td>
                  <td className="px-4 py-2 text-xs">
                    {z.member ? z.member.format : z.name === "log_replicas" ? "replicated log" : "not a master"}
                  </td>
                  <td className="px-4 py-2 text-xs">
                    {z.member ? (
                      z.member.decoded ? (
                        <span className="font-mono">
                          {z.member.hostname}:{z.member.port}
                          {z.member.version ? ` · ${z.member.version}` : ""}
                          {z.member.pid ? ` · ${z.member.pid}` : ""}
                          {z.member.id ? ` · id ${z.member.id}` : ""}
                        </span>
                      ) : (
                        <span className="text-bad">undecodable: {z.member.error}</span>
                      )
                    ) : (
                      <span className="text-slate-400">—</span>
                    )}
                  </td>
                  <td className="max-w-md px-4 py-2">
                    {z.encoding === "empty" ? (
                      <span className="text-xs text-slate-400">empty</span>
                    ) : (
                      <details>
                        <summary className="cursor-pointer text-xs text-slate-600">
                          {z.bytes} bytes ({z.encoding})
                        </summary>
                        <pre className="mt-1 max-h-48 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 text-[11px]">
                          {z.preview}
                        </pre>
                      </details>
                    )}
                  </td>
                  <td className="px-4 py-2 text-xs text-slate-500">{z.createdAt ? formatUtc(z.createdAt) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
