#!/usr/bin/env bash
# npm run demo: a real 3-server ZooKeeper ensemble and the dashboard's production server, until Ctrl-C;
# then everything it started is stopped, by process id.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh demo
export NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1

port=${PORT:-3000}
host=$(printenv HOSTNAME || echo 127.0.0.1)   # bash sets $HOSTNAME itself; only an exported one counts
zk_ports=${DEMO_ZK_PORTS:-2181,2182,2183}
zk_dir=.tmp/demo/zk
server_pid=""

cleanup() {
  trap - EXIT INT TERM
  echo; echo "[demo] stopping"
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM -- "-$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$server_pid" 2>/dev/null || true
  fi
  npx tsx scripts/zk.ts stop --dir "$zk_dir" || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Fail early and clearly when something already listens there: its health check would pass for ours.
port_free() { node -e 'const s = require("node:net").createServer(); s.once("error", () => process.exit(1)); s.listen(+process.argv[1], process.argv[2], () => s.close(() => process.exit(0)))' "$@"; }
port_free "$port" "$host" || { echo "[demo] $host:$port is already in use; stop what listens there or choose another port: PORT=3001 npm run demo" >&2; exit 1; }

# Build only when the sources changed since the last build.
source_sha=$(git ls-files -co --exclude-standard -z 2>/dev/null | xargs -0 sha1sum 2>/dev/null | sha1sum | cut -d' ' -f1)
if [ ! -f .next/BUILD_ID ] || [ "$(cat .next/.source-sha 2>/dev/null)" != "$source_sha" ]; then
  echo "[demo] building the dashboard"
  npx next build
  echo "$source_sha" > .next/.source-sha
fi

echo "[demo] starting a 3-server ZooKeeper ensemble on 127.0.0.1:${zk_ports//,/,127.0.0.1:}"
npx tsx scripts/zk.ts start --ports "$zk_ports" --dir "$zk_dir"

echo "[demo] starting the dashboard"
mkdir -p .tmp/demo
PORT=$port HOSTNAME=$host setsid npm start > .tmp/demo/server.log 2>&1 &
server_pid=$!
healthy=""
for _ in $(seq 120); do
  kill -0 "$server_pid" 2>/dev/null || break
  if node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "http://$host:$port/api/health"; then
    healthy=1; break
  fi
  sleep 0.5
done
if [ -z "$healthy" ]; then
  cat .tmp/demo/server.log
  echo "[demo] the dashboard did not come up on http://$host:$port within 60 s; its log is above" >&2
  exit 1
fi

cat <<MSG

  Masterwatch is running.
    Open:       http://$host:$port
    Login:      none needed yet (accounts arrive with access control)
    ZooKeeper:  127.0.0.1:${zk_ports//,/,127.0.0.1:}
    Database:   ${DATABASE_URL:-file:./data/dashboard.db}
    Server log: .tmp/demo/server.log

  Press Ctrl-C to stop everything.

MSG
wait "$server_pid"
echo "[demo] the dashboard exited; see .tmp/demo/server.log" >&2
exit 1
