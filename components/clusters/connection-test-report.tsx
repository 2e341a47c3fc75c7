// What "Test connection" found, in words, with each master seen and whether it answers.
import type { ConnectionTestResult } from "@/lib/shared/api-types";

/** `onAdopt`: fills the form's allowed addresses with the masters found (offered when some were found). */
export function ConnectionTestReport({ test, onAdopt }: { test: ConnectionTestResult; onAdopt?: () => void }) {
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
              {m.blocked
                ? `not contacted: ${m.blocked}`
                : m.reachable === null
                  ? "?"
                  : m.reachable
                    ? "answers"
                    : `not answering${m.error ? `: ${m.error}` : ""}`}
            </li>
          ))}
        </ul>
      )}
      {onAdopt && (
        <p className="mt-2">
          <button
            type="button"
            onClick={onAdopt}
            className="rounded-md border border-slate-300 bg-white px-3 py-1 text-xs"
            data-testid="adopt-allowlist"
          >
            Allow these masters: {test.suggestedAllowlist.join(", ")}
          </button>
        </p>
      )}
    </section>
  );
}
