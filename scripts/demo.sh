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
zk_url="zk://127.0.0.1:${zk_ports//,/,127.0.0.1:}/mesos"
server_pid=""
sim_pid=""

cleanup() {
  trap - EXIT INT TERM
  echo; echo "[demo] stopping"
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM -- "-$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$server_pid" 2>/dev/null || true
  fi
  if [ -n "$sim_pid" ] && kill -0 "$sim_pid" 2>/dev/null; then
    kill -TERM -- "-$sim_pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$sim_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$sim_pid" 2>/dev/null || true
  fi
  npx tsx scripts/zk.ts stop --dir "$zk_dir" || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Fail early and clearly when something already listens there: its health check would pass for ours.
port_free() { node -e 'const s = require("node:net").createServer(); s.once("error", () => process.exit(1)); s.listen(+process.argv[1], process.argv[2], () => s.close(() => process.exit(0)))' "$@"; }
port_free "$port" "$host" || { echo "[demo] $host:$port is already in use; stop what listens there or choose another port: PORT=3001 npm run demo" >&2; exit 1; }
for sim_port in 5049 5050 5051 5052; do
  port_free "$sim_port" 127.0.0.1 || { echo "[demo] 127.0.0.1:$sim_port is in use; the simulated Mesos masters (5050-5052) and their control API (5049) need it" >&2; exit 1; }
done

# Build only when the sources changed since the last build.
source_sha=$(git ls-files -co --exclude-standard -z 2>/dev/null | xargs -0 sha1sum 2>/dev/null | sha1sum | cut -d' ' -f1)
if [ ! -f .next/BUILD_ID ] || [ "$(cat .next/.source-sha 2>/dev/null)" != "$source_sha" ]; then
  echo "[demo] building the dashboard"
  npx next build
  echo "$source_sha" > .next/.source-sha
fi

echo "[demo] starting a 3-server ZooKeeper ensemble on 127.0.0.1:${zk_ports//,/,127.0.0.1:}"
npx tsx scripts/zk.ts start --ports "$zk_ports" --dir "$zk_dir"

echo "[demo] starting a simulated Mesos 1.11.0 cluster: 3 masters, 5 agents, Marathon, Chronos and Spark"
mkdir -p .tmp/demo
setsid npx tsx sim/cli.ts --zk "$zk_url" --masters 3 --agents 5 --mesos-version 1.11.0 > .tmp/demo/sim.log 2>&1 &
sim_pid=$!
for _ in $(seq 240); do
  grep -q "^SIM READY" .tmp/demo/sim.log && break
  kill -0 "$sim_pid" 2>/dev/null || { cat .tmp/demo/sim.log; echo "[demo] the simulator failed to start" >&2; exit 1; }
  sleep 0.5
done
grep -q "^SIM READY" .tmp/demo/sim.log || { cat .tmp/demo/sim.log; echo "[demo] the simulator was not ready within 2 minutes" >&2; exit 1; }

# The first admin's password: yours (DASHBOARD_ADMIN_PASSWORD), or one generated on the first demo and kept beside
# the database, since the admin is created only once, when the database has no user.
password_file=data/demo-admin-password
mkdir -p data
if [ -z "${DASHBOARD_ADMIN_PASSWORD:-}" ]; then
  [ -s "$password_file" ] || node -e 'process.stdout.write(require("node:crypto").randomBytes(12).toString("base64url"))' > "$password_file"
  chmod 600 "$password_file"
  DASHBOARD_ADMIN_PASSWORD=$(cat "$password_file")
fi
export DASHBOARD_ADMIN_PASSWORD

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

# Register the demo cluster; when an earlier demo did (409), make its definition match this run's ensemble.
cluster_id=$(node -e '
  const [base, body, password] = process.argv.slice(1);
  (async () => {
    const login = await fetch(`${base}/api/auth/login`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username: "admin", password }) });
    if (!login.ok) throw new Error(`logging in as admin answered ${login.status}: was the database created with another admin password?`);
    const { csrfToken } = await login.json();
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0];
    const headers = { "Content-Type": "application/json", Cookie: cookie, Origin: base, "X-CSRF-Token": csrfToken };
    const created = await fetch(`${base}/api/clusters`, { method: "POST", headers, body });
    if (created.status === 201) return (await created.json()).id;
    if (created.status !== 409) throw new Error(`POST /api/clusters answered ${created.status}`);
    const existing = (await (await fetch(`${base}/api/clusters`, { headers })).json()).find((c) => c.name === "demo");
    const updated = await fetch(`${base}/api/clusters/${existing.id}`, { method: "PUT", headers, body });
    if (updated.status !== 200) throw new Error(`PUT /api/clusters/${existing.id} answered ${updated.status}`);
    return existing.id;
  })().then((id) => console.log(id), (error) => { console.error(String(error)); process.exit(1); });
' "http://$host:$port" "{\"name\":\"demo\",\"zk\":\"$zk_url\",\"quorum\":2,\"description\":\"Simulated Mesos 1.11.0 (npm run demo)\",\"controller\":{\"type\":\"sim\",\"url\":\"http://127.0.0.1:5049\"}}" "$DASHBOARD_ADMIN_PASSWORD") \
  || echo "[demo] could not register the demo cluster; see .tmp/demo/server.log" >&2

cat <<MSG

  Masterwatch is running.
    Open:       http://$host:$port
    Login:      admin / $DASHBOARD_ADMIN_PASSWORD
    ZooKeeper:  127.0.0.1:${zk_ports//,/,127.0.0.1:}
    Mesos:      masters http://127.0.0.1:5050, :5051, :5052 (simulated 1.11.0, --zk $zk_url)
    Simulator:  control API http://127.0.0.1:5049 (e.g. curl -X POST 127.0.0.1:5049/masters/m1/kill), log .tmp/demo/sim.log
    Database:   ${DATABASE_URL:-file:./data/dashboard.db}
    Server log: .tmp/demo/server.log
    API:        create a token on http://$host:$port/tokens, then
                curl -H "Authorization: Bearer <token>" http://$host:$port/api/clusters/${cluster_id:-1}/state

  Press Ctrl-C to stop everything.

MSG
wait "$server_pid"
echo "[demo] the dashboard exited; see .tmp/demo/server.log" >&2
exit 1
