// Adds up the reports of `npm test` and prints "N passed, N failed" as its last line; exits 1 on any failure.
// A suite whose report is missing (it crashed or never ran) counts as one failure.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const dir = process.argv[2] ?? ".tmp/reports";
const rows = [];
const readJson = (file) =>
  existsSync(path.join(dir, file)) ? JSON.parse(readFileSync(path.join(dir, file), "utf8")) : null;

const checks = existsSync(path.join(dir, "checks.txt"))
  ? readFileSync(path.join(dir, "checks.txt"), "utf8").trim().split("\n")
  : [];
for (const line of checks.filter(Boolean)) {
  const [name, result] = line.split(" ");
  rows.push({ suite: name, passed: result === "passed" ? 1 : 0, failed: result === "passed" ? 0 : 1, skipped: 0 });
}
for (const suite of ["unit", "integration"]) {
  const report = readJson(`${suite}.json`);
  if (!report)
    rows.push({ suite, passed: 0, failed: 1, skipped: 0, note: "no report: the suite did not run to the end" });
  else {
    const failed =
      report.numFailedTests +
      (report.numTotalTests === 0 ? 1 : 0) +
      (report.success === false && report.numFailedTests === 0 ? 1 : 0);
    rows.push({ suite, passed: report.numPassedTests, failed, skipped: report.numPendingTests + report.numTodoTests });
  }
}
const e2e = readJson("e2e.json");
if (!e2e)
  rows.push({ suite: "browser", passed: 0, failed: 1, skipped: 0, note: "no report: the browser tests did not run" });
else {
  const { expected, unexpected, flaky, skipped } = e2e.stats;
  const setupErrors = (e2e.errors ?? []).length;
  rows.push({
    suite: "browser",
    passed: expected,
    failed: unexpected + flaky + setupErrors + (expected + unexpected === 0 ? 1 : 0),
    skipped,
  });
}

for (const row of rows) {
  console.log(
    `${row.suite.padEnd(12)} ${String(row.passed).padStart(4)} passed ${String(row.failed).padStart(3)} failed${row.skipped ? ` ${row.skipped} skipped` : ""}${row.note ? `  (${row.note})` : ""}`,
  );
}
const sum = (key) => rows.reduce((total, row) => total + row[key], 0);
const skipped = sum("skipped");
console.log(`${sum("passed")} passed, ${sum("failed")} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exitCode = sum("failed") > 0 ? 1 : 0;
