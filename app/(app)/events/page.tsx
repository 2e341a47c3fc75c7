import type { Metadata } from "next";
import { connection } from "next/server";
import { EventList } from "@/components/events/event-list";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePrincipal } from "@/lib/server/auth/current";
import { listRecentEvents } from "@/lib/server/events/store";

export const metadata: Metadata = { title: "Events" };

export default async function EventsPage() {
  await connection();
  await requirePrincipal();
  const events = await listRecentEvents(200);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Events</h1>
      {events.length === 0 ? (
        <EmptyState title="No events recorded yet" testId="events-empty">
          <p>
            Leader elections, masters joining or leaving and ZooKeeper connection changes of every registered cluster
            appear here.
          </p>
        </EmptyState>
      ) : (
        <EventList events={events} />
      )}
    </div>
  );
}
