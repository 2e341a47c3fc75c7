import { EventHistory } from "@/components/cluster/event-history";
import { LeaderTimeline } from "@/components/cluster/leader-timeline";

export default function ClusterEventsPage() {
  return (
    <div className="space-y-6">
      <LeaderTimeline />
      <EventHistory />
    </div>
  );
}
