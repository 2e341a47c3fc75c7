import { connection } from "next/server";
import Link from "next/link";
import { ClusterCards } from "@/components/clusters/cluster-cards";
import { NoClusters } from "@/components/clusters/no-clusters";
import { listClusters } from "@/lib/server/clusters/repository";
import { summaryOf } from "@/lib/server/events/overview-stream";
import { liveStates } from "@/lib/server/services/queries";
import { requestOrigin } from "@/lib/server/origin";
import { requirePrincipal } from "@/lib/server/auth/current";
import { allows, isRole } from "@/lib/shared/roles";

export default async function ClustersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const principal = await requirePrincipal();
  // Set by requirePrincipal when a page needed a stronger role than the user's.
  const needs = (await searchParams).needs;
  const clusters = await listClusters();
  const initial = Object.fromEntries((await liveStates()).map((state) => [state.clusterId, summaryOf(state)]));
  return (
    <div className="space-y-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold tracking-tight">Clusters</h1>
        {allows(principal.user.role, "admin") && (
          <Link
            href="/clusters/new"
            className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700"
          >
            Register a cluster
          </Link>
        )}
      </div>
      {typeof needs === "string" && isRole(needs) && (
        <p
          role="alert"
          className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-warn"
          data-testid="needs-role"
        >
          That page needs the {needs} role; you are signed in as {principal.user.username} ({principal.user.role}). An
          admin can change your role on the Users page.
        </p>
      )}
      {clusters.length === 0 ? (
        <NoClusters origin={await requestOrigin()} />
      ) : (
        <ClusterCards clusters={clusters} initial={initial} />
      )}
    </div>
  );
}
