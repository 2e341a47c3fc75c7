import { FrameworksTable } from "@/components/cluster/frameworks-table";

export default function FrameworksPage() {
  return <FrameworksTable full />;
}
