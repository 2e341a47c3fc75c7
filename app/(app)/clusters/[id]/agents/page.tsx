import { AgentsTable } from "@/components/cluster/agents-table";

export default function AgentsPage() {
  return <AgentsTable />;
}
