import { AgentsTable } from "@/components/cluster/agents-table";
import { requirePrincipal } from "@/lib/server/auth/current";

export default async function AgentsPage() {
  await requirePrincipal();
  return <AgentsTable />;
}
