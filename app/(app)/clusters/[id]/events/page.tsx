import { EventHistory } from "@/components/cluster/event-history";
import { LeaderTimeline } from "@/components/cluster/leader-timeline";
import { requirePrincipal } from "@/lib/server/auth/current";

export default async function ClusterEventsPage() {
  await requirePrincipal();
  return (
    <div className="space-y-6">
      <LeaderTimeline />
      <EventHistory />
    </div>
  );
}
