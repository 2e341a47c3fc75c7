// The soak's report: a markdown table of the faults injected, of the invariants checked, and every violation with
// its time and evidence. Pure: the run's log and facts in, the text out.
import type { InvariantResult } from "./invariants";
import type { SoakLog } from "./log";
import { FAULT_KINDS } from "./faults";
import { leaderIntervals } from "./timeline";

export interface RunFacts {
  date: string;
  commit: string;
  machine: string;
  command: string;
  notes: string[];
}

/** Whether the driver created `znode` under `parent` as a hostile member. */
function isHostile(log: SoakLog, parent: string, znode: string | null): boolean {
  return log.actions.some((a) => a.kind === "hostile.znode" && a.detail.znode === `${parent}/${znode}`);
}

const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");

export function faultCounts(log: SoakLog): { kind: string; count: number; failed: number }[] {
  return FAULT_KINDS.map((kind) => {
    const done = log.actions.filter((a) => a.kind === kind);
    return { kind, count: done.length, failed: done.filter((a) => a.error !== undefined).length };
  });
}

export function renderReport(log: SoakLog, results: InvariantResult[], facts: RunFacts): string {
  const minutes = ((log.faultsUntil - log.faultsFrom) / 60_000).toFixed(1);
  const total = results.reduce((n, r) => n + r.violations.length, 0);
  const lines = [
    "# Fault soak",
    "",
    `\`${facts.command}\`: ${log.actions.length} faults in ${minutes} minutes, ${total} violation${total === 1 ? "" : "s"}.`,
    "",
    "Produced by `npm run soak -- --minutes N [--seed S] [--report path]` (`scripts/soak/`): a real 3-server ZooKeeper",
    "ensemble, a simulated Mesos 1.11 cluster (HTTP basic auth on) and a Mesos 0.23 cluster on it under different paths,",
    "3 masters each (4 s ZooKeeper sessions, a killed master restarted after 8 s), and the dashboard's production server",
    "(6 s ZooKeeper session) on a fresh database with both clusters registered through the API. A seeded driver picks a",
    "fault, injects it, waits 2-10 s, and repeats; it reads ZooKeeper itself every 200 ms and on every watch as the",
    "ground truth (the leader is the lowest sequence). Afterwards the dashboard's history (`GET /api/clusters/{id}/events`)",
    "and the probes are checked against it. The same seed makes the same choices in the same situations; timing still",
    "differs between runs. The rules below are what each invariant checks, exactly.",
    "",
    "| run | |",
    "| --- | --- |",
    `| date | ${facts.date} |`,
    `| seed | ${log.seed} |`,
    `| faults injected for | ${minutes} min (from ${new Date(log.faultsFrom).toISOString()} to ${new Date(log.faultsUntil).toISOString()}; then 20 s to settle) |`,
    `| commit | ${facts.commit} |`,
    `| machine | ${cell(facts.machine)} |`,
    `| clusters | ${log.clusters.map((c) => `${c.name} (\`${c.path}\`)`).join(", ")} |`,
    `| httpAuth on the first cluster / allowedMasters registered | ${log.httpAuth ? "yes" : "no"} / ${log.allowlist ? "yes" : "no"} |`,
    "",
    "## Faults injected",
    "",
    "| fault | count | failed to inject |",
    "| --- | ---: | ---: |",
    ...faultCounts(log).map((f) => `| ${f.kind} | ${f.count} | ${f.failed} |`),
    "",
    "## Invariants",
    "",
    "| invariant | checks | violations | skipped | rule |",
    "| --- | ---: | ---: | ---: | --- |",
    ...results.map(
      (r) => `| ${cell(r.name)} | ${r.checks} | ${r.violations.length} | ${r.skipped ?? ""} | ${cell(r.rule)} |`,
    ),
    "",
    "## Violations",
    "",
  ];
  const all = results.flatMap((r) => r.violations).sort((a, b) => a.at - b.at);
  if (all.length === 0) lines.push("None.");
  for (const v of all.slice(0, 500))
    lines.push(`- ${new Date(v.at).toISOString()} **${cell(v.invariant)}**: ${cell(v.message)}`);
  if (all.length > 500) lines.push(`- … ${all.length - 500} more in the JSON log`);
  const notes = results.flatMap((r) => (r.notes ?? []).map((n) => `${r.name}: ${n}`));
  if (notes.length > 0) lines.push("", "## Accepted by the rules, noted", "", ...notes.map((n) => `- ${cell(n)}`));
  const hostileLed = log.clusters.flatMap((c) =>
    leaderIntervals(c.truth, log.endedAt)
      .filter((i) => isHostile(log, c.path, i.leader))
      .map(
        (i) =>
          `${c.name}: hostile ${i.leader} led from ${new Date(i.from).toISOString()} for ${((i.to - i.from) / 1000).toFixed(1)} s`,
      ),
  );
  if (hostileLed.length > 0)
    lines.push(
      "",
      "## Hostile znodes that led",
      "",
      "Created above every master then present, a hostile znode leads once every master below it has gone (after a quorum",
      "loss, or restarts). The dashboard then shows a leader it cannot read; with allowedMasters it must still not contact",
      "it (the listener invariant).",
      "",
      ...hostileLed.map((h) => `- ${h}`),
    );
  const failed = log.actions.filter((a) => a.error !== undefined);
  if (failed.length > 0) {
    lines.push("", "## Faults that could not be injected", "");
    for (const a of failed.slice(0, 100))
      lines.push(`- ${new Date(a.at).toISOString()} ${a.kind}: ${cell(a.error ?? "")}`);
  }
  const restarts = log.restarts.map((r) => ((r.healthyAt - r.killedAt) / 1000).toFixed(1));
  lines.push(
    "",
    "## Observations",
    "",
    `- Dashboard restarts: ${log.restarts.length} (down ${restarts.join(", ") || "-"} s); SIGSTOP pauses: ${log.pauses.length}.`,
    `- API probes: ${log.api.length} (${log.api.filter((p) => !p.ok).length} failed, counted or excused as above).`,
    `- Server VmRSS: ${log.rss.length} samples, max ${Math.round(Math.max(0, ...log.rss.map((s) => s.rssKiB)) / 1024)} MiB.`,
    `- Requests to the hostile listener ${log.listener.address}: ${log.listener.hits.length} (${log.listener.hits.filter((h) => h.authorization).length} with Authorization).`,
    ...log.clusters.map(
      (c) =>
        `- ${c.name}: ${c.truth.length} ZooKeeper changes seen by the driver, ${new Set(c.truth.map((s) => s.leader)).size} distinct leaders; ${c.events.length} events in the dashboard's history.`,
    ),
    ...facts.notes.map((n) => `- ${n}`),
    "",
  );
  return lines.join("\n");
}
