#!/usr/bin/env bash
# npm test: setup, then lint, typecheck, unit tests, integration tests (real ZooKeeper), the production build and
# the browser tests (Debian's Chromium). Every suite runs even when an earlier one fails; the last line is
# "N passed, N failed" over all of them, and the exit status is non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."

if ! bash scripts/setup.sh test; then
  echo "setup failed: nothing was tested"
  echo "0 passed, 1 failed"
  exit 1
fi
export NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1

reports=.tmp/reports
rm -rf "$reports" && mkdir -p "$reports"

# check NAME COMMAND...: a step that counts as one test.
check() {
  local name=$1; shift
  echo; echo "=== $name"
  if "$@"; then echo "$name passed" >> "$reports/checks.txt"; else echo "$name failed" >> "$reports/checks.txt"; fi
}
# vitest_suite PROJECT: a Vitest project whose JSON report is counted test by test.
vitest_suite() {
  echo; echo "=== $1 tests"
  npx vitest run --project "$1" --reporter=default --reporter=json --outputFile.json="$reports/$1.json"
}

check lint npm run lint
check typecheck npx tsc --noEmit
vitest_suite unit
vitest_suite integration
check build npx next build
if grep -q "^build passed" "$reports/checks.txt"; then
  echo; echo "=== browser tests"
  npx playwright test
else
  echo "browser tests not run: the build failed"
fi

echo
node scripts/test-summary.mjs "$reports"
