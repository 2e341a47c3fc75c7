import { notFound } from "next/navigation";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { ClusterHeader } from "@/components/cluster/cluster-header";
import { ClusterStreamProvider } from "@/components/live/cluster-stream";
import { requirePrincipal } from "@/lib/server/auth/current";
import { initialClusterView, pageClusterId } from "@/lib/server/services/initial-view";

export default async function ClusterLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ id: string }>;
}) {
  await connection();
  await requirePrincipal();
  const clusterId = pageClusterId((await params).id);
  const initial = clusterId === null ? null : await initialClusterView(clusterId);
  if (!initial || clusterId === null) notFound();
  const { cluster } = initial;
  return (
    <ClusterStreamProvider
      clusterId={clusterId}
      initial={{ state: initial.state, events: initial.events }}
      cluster={{ name: cluster.name, quorum: cluster.quorum, hasController: cluster.controller !== null }}
    >
      <ClusterHeader
        name={cluster.name}
        source={cluster.zk ? cluster.zk.replace(/\/\/[^@/]*@/, "//***@") : (cluster.masters ?? []).join(", ")}
        quorum={cluster.quorum}
      />
      {children}
    </ClusterStreamProvider>
  );
}
