import { describeEvent } from "@/lib/client/describe-event";
import { formatUtc } from "@/lib/client/format";
import type { ClusterEventView } from "@/lib/shared/events";

const TONE: Record<string, string> = {
  "leader.elected": "text-ok",
  "leader.lost": "text-bad",
  "leader.disputed": "text-bad",
  "master.unreachable": "text-bad",
  "master.left": "text-warn",
  "zk.disconnected": "text-bad",
  "zk.session_expired": "text-warn",
  "poll.failed": "text-warn",
};

/** Events as sentences, newest first. */
export function EventRows({ events }: { events: ClusterEventView[] }) {
  return (
    <ol className="divide-y divide-slate-100" data-testid="cluster-events">
      {events.map((event) => (
        <li
          key={event.id}
          className="grid grid-cols-[11rem_10rem_1fr] gap-3 px-4 py-2 text-sm"
          data-testid="cluster-event"
          data-type={event.type}
        >
          <time dateTime={event.at} className="text-xs text-slate-500">
            {formatUtc(event.at)}
          </time>
          <span className={`font-mono text-xs ${TONE[event.type] ?? "text-slate-700"}`}>{event.type}</span>
          <span>{describeEvent(event)}</span>
        </li>
      ))}
    </ol>
  );
}
