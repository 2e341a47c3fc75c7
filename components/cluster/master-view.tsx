"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { fetchJson } from "@/lib/client/fetch-json";
import { queryKeys } from "@/lib/client/query-keys";
import { REDIRECT_COUNTDOWN_MS, masterViewTarget } from "@/lib/client/master-redirect";
import type { MasterDetails } from "@/lib/shared/api-types";
import { useLiveCluster } from "@/components/live/cluster-stream";

const KEY_METRICS = [
  "master/elected",
  "master/uptime_secs",
  "master/slaves_active",
  "master/frameworks_active",
  "master/tasks_running",
  "master/outstanding_offers",
  "registrar/log/recovered",
  "master/dropped_messages",
];

function Part({
  title,
  part,
  children,
}: {
  title: string;
  part: { ok: boolean; error?: string; ms: number } | undefined;
  children?: React.ReactNode;
}) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white" aria-label={title}>
      <h2 className="flex justify-between border-b border-slate-100 px-4 py-2 text-sm font-semibold">
        {title}
        {part && <span className="text-xs font-normal text-slate-500">{part.ms} ms</span>}
      </h2>
      <div className="px-4 py-3 text-sm">
        {!part ? (
          <span className="text-slate-500">Asking…</span>
        ) : part.ok ? (
          children
        ) : (
          <span className="text-bad">{part.error}</span>
        )}
      </div>
    </section>
  );
}

function RedirectBanner({ to, leaderLabel }: { to: string; leaderLabel: string }) {
  const router = useRouter();
  const [remainingMs, setRemainingMs] = useState(REDIRECT_COUNTDOWN_MS);
  useEffect(() => {
    const deadline = Date.now() + REDIRECT_COUNTDOWN_MS;
    const timer = setInterval(() => {
      const left = deadline - Date.now();
      setRemainingMs(Math.max(0, left));
      if (left <= 0) {
        clearInterval(timer);
        router.replace(to);
      }
    }, 250);
    return () => clearInterval(timer);
  }, [to, router]);
  return (
    <p
      className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm"
      role="status"
      data-testid="not-leader-banner"
    >
      This master is <u>not the leader</u>, redirecting in {Math.ceil(remainingMs / 1000)} seconds ...{" "}
      <Link href={to} replace className="font-medium underline">
        go now
      </Link>
      <span className="ml-1 text-slate-600">(the leader is {leaderLabel})</span>
    </p>
  );
}

/** One master's own view; a non-leader's view counts down and moves to the leader's, like the stock UI. */
export function MasterView({ masterId }: { masterId: string }) {
  const { state, clusterId } = useLiveCluster();
  const target = masterViewTarget(state, masterId);
  const leaderPath =
    target.kind === "redirect" ? `/clusters/${clusterId}/masters/${encodeURIComponent(target.to)}` : null;

  const details = useQuery({
    queryKey: queryKeys.master(clusterId, masterId),
    queryFn: () => fetchJson<MasterDetails>(`/api/clusters/${clusterId}/masters/${encodeURIComponent(masterId)}`),
    refetchInterval: 5_000,
    retry: false,
  });
  const master = state?.masters.find((m) => m.id === masterId) ?? details.data?.master;
  const data = details.data;
  const metrics = data?.metrics;

  return (
    <div className="space-y-4" data-testid="master-view" data-master={masterId}>
      {target.kind === "redirect" && leaderPath && (
        <RedirectBanner key={leaderPath} to={leaderPath} leaderLabel={target.toLabel} />
      )}
      {target.kind === "no-leader" && (
        <p
          className="rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-bad"
          role="status"
          data-testid="no-leader-banner"
        >
          No master is currently leading ... this page keeps watching and moves to the leader once one is elected.
        </p>
      )}
      {target.kind === "unknown-master" && (
        <p className="text-sm text-bad">This master is no longer listed, and no master leads.</p>
      )}
      <header>
        <h2 className="font-mono text-lg font-semibold">
          {master?.hostname && master.port !== null ? `${master.hostname}:${master.port}` : masterId}
          {target.kind === "leader" && (
            <span
              className="ml-2 rounded bg-slate-900 px-1.5 py-0.5 font-sans text-xs text-white"
              data-testid="leader-badge"
            >
              LEADER
            </span>
          )}
        </h2>
        <p className="font-mono text-xs text-slate-500">
          {masterId}
          {master?.version ? ` · Mesos ${master.version}` : ""}
        </p>
      </header>
      {details.error && <p className="text-sm text-bad">{details.error.message}</p>}
      <div className="grid gap-4 md:grid-cols-2">
        <Part title="Health (/health)" part={data?.health}>
          <span className="text-ok">200 OK</span>
        </Part>
        <Part title="Version (/version)" part={data?.version}>
          {data?.version.ok && (
            <dl className="grid grid-cols-[8rem_1fr] gap-1 text-xs">
              {Object.entries(data.version.value).map(([key, value]) => (
                <div key={key} className="contents">
                  <dt className="text-slate-500">{key}</dt>
                  <dd className="font-mono">{String(value)}</dd>
                </div>
              ))}
            </dl>
          )}
        </Part>
        <Part title="Metrics (/metrics/snapshot)" part={data?.metrics}>
          {metrics?.ok && (
            <dl className="grid grid-cols-[16rem_1fr] gap-1 text-xs" data-testid="master-metrics">
              {KEY_METRICS.filter((key) => key in metrics.value).map((key) => (
                <div key={key} className="contents">
                  <dt className="font-mono text-slate-500">{key}</dt>
                  <dd className="font-mono">{metrics.value[key]}</dd>
                </div>
              ))}
            </dl>
          )}
        </Part>
        <Part title="Flags (/master/flags)" part={data?.flags}>
          {data?.flags.ok && (
            <dl className="grid max-h-72 grid-cols-[14rem_1fr] gap-1 overflow-auto text-xs">
              {Object.entries(data.flags.value).map(([key, value]) => (
                <div key={key} className="contents">
                  <dt className="font-mono text-slate-500">--{key}</dt>
                  <dd className="break-all font-mono">{value}</dd>
                </div>
              ))}
            </dl>
          )}
        </Part>
      </div>
    </div>
  );
}
