import type { HealthLevel } from "@/lib/client/cluster-health";

const COLOURS: Record<HealthLevel, string> = { ok: "bg-ok", warn: "bg-warn", bad: "bg-bad", unknown: "bg-stale" };
const LABELS: Record<HealthLevel, string> = { ok: "Healthy", warn: "Attention", bad: "Failing", unknown: "Unknown" };

export function StatusDot({ level }: { level: HealthLevel }) {
  return (
    <span
      role="img"
      aria-label={LABELS[level]}
      className={`inline-block h-2.5 w-2.5 shrink-0 rounded-full ${COLOURS[level]}`}
    />
  );
}
