// One line saying how the dashboard reads a cluster's leader, for the cluster page's header (pure).
import type { PollView } from "@/lib/shared/cluster-state";

const seconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`);

export function describeReadMode(poll: PollView): { label: string; detail: string | null } {
  if (poll.mode === "stream") {
    const stream = poll.stream;
    if (!stream) return { label: "Event stream", detail: poll.status === "ok" ? null : "subscribing to the leader" };
    const parts = [
      `${stream.encoding}`,
      `${stream.events.toLocaleString("en-US")} events since ${stream.subscribedAt.slice(11, 19)} UTC`,
      stream.heartbeatSeconds ? `heartbeat every ${stream.heartbeatSeconds} s` : "no heartbeats before Mesos 1.5",
    ];
    if (stream.problems > 0) parts.push(`${stream.problems} events did not fit the state`);
    if (stream.differences > 0) parts.push(`${stream.differences} differences found by checks, resubscribed`);
    return { label: "Event stream", detail: parts.join(" · ") };
  }
  const every = poll.status === "ok" ? `every ${seconds(poll.intervalMs)}` : null;
  return {
    label: "Polling the leader's state",
    detail: [every, poll.modeReason].filter((part): part is string => part !== null).join(" · ") || null,
  };
}
