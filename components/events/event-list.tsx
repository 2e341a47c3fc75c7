import type { EventView } from "@/lib/events/repository";

export function EventList({ events }: { events: EventView[] }) {
  return (
    <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="event-list">
      {events.map((event) => (
        <li key={event.id} className="grid grid-cols-[12rem_10rem_12rem_1fr] gap-4 px-4 py-2 text-sm">
          <time dateTime={event.at} className="text-slate-600">{event.at.replace("T", " ").slice(0, 23)} UTC</time>
          <span className="font-medium">{event.clusterName}</span>
          <span className="font-mono text-xs">{event.type}</span>
          <code className="truncate text-xs text-slate-600">{JSON.stringify(event.data)}</code>
        </li>
      ))}
    </ol>
  );
}
