// What "Test connection" found, in words, with each master seen and whether it answers.
import type { ConnectionTestResult } from "@/lib/shared/api-types";

export function ConnectionTestReport({ test }: { test: ConnectionTestResult }) {
  return (
    <section
      aria-label="Connection test"
      data-testid="connection-test"
      data-ok={test.ok}
      className={`rounded-md border px-4 py-3 text-sm ${test.ok ? "border-emerald-300 bg-emerald-50" : "border-amber-300 bg-amber-50"}`}
    >
      <ul className="list-disc space-y-0.5 pl-5">
        {test.findings.map((f) => (
          <li key={f}>{f}</li>
        ))}
      </ul>
      {test.masters.length > 0 && (
        <ul className="mt-2 space-y-0.5 font-mono text-xs">
          {test.masters.map((m) => (
            <li key={m.id}>
              {m.address ?? m.id} · {m.format}
              {m.version ? ` ${m.version}` : ""}
              {m.isLeader ? " · LEADER" : ""} ·{" "}
              {m.reachable === null ? "?" : m.reachable ? "answers" : `not answering${m.error ? `: ${m.error}` : ""}`}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
