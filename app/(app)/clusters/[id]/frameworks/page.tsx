import { FrameworksTable } from "@/components/cluster/frameworks-table";
import { requirePrincipal } from "@/lib/auth/current";

export default async function FrameworksPage() {
  await requirePrincipal();
  return <FrameworksTable full />;
}
