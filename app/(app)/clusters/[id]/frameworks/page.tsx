import { FrameworksTable } from "@/components/cluster/frameworks-table";
import { requirePrincipal } from "@/lib/server/auth/current";

export default async function FrameworksPage() {
  await requirePrincipal();
  return <FrameworksTable full />;
}
