import Link from "next/link";
import { describeEvent } from "@/lib/client/describe-event";
import { formatUtc } from "@/lib/client/format";
import type { EventView } from "@/lib/shared/events";

export function EventList({ events }: { events: EventView[] }) {
  return (
    <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="event-list">
      {events.map((event) => (
        <li key={event.id} className="grid grid-cols-[11rem_8rem_10rem_1fr] gap-3 px-4 py-2 text-sm">
          <time dateTime={event.at} className="text-xs text-slate-500">
            {formatUtc(event.at)}
          </time>
          <Link href={`/clusters/${event.clusterId}/events`} className="font-medium hover:underline">
            {event.clusterName}
          </Link>
          <span className="font-mono text-xs">{event.type}</span>
          <span>{describeEvent(event)}</span>
        </li>
      ))}
    </ol>
  );
}
