import type { Metadata } from "next";
import { ClusterForm } from "@/components/clusters/cluster-form";
import { requirePrincipal } from "@/lib/server/auth/current";

export const metadata: Metadata = { title: "Register a cluster" };

export default async function NewClusterPage() {
  await requirePrincipal("admin");
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Register a cluster</h1>
      <ClusterForm cluster={null} />
    </div>
  );
}
