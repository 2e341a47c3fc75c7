#!/usr/bin/env bash
# Installs what `npm test` and `npm run demo` need, and skips whatever is already in place:
# Debian packages (as root; otherwise prints the apt command), npm dependencies, the generated Prisma client.
# Usage: scripts/setup.sh test|demo
set -euo pipefail
cd "$(dirname "$0")/.."

purpose=${1:-test}
log() { echo "[setup] $*"; }
die() { echo "[setup] error: $*" >&2; exit 1; }

node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' \
  || die "Node.js 20.19 or newer is required (found $(node --version 2>/dev/null || echo none))."

# --- Debian packages -------------------------------------------------------------------------------
missing=()
{ [ -f /usr/share/java/zookeeper.jar ] && command -v java >/dev/null; } || missing+=(zookeeper)
if [ "$purpose" = test ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/sbin/sshd ] || missing+=(openssh-server)
fi
if [ ${#missing[@]} -gt 0 ]; then
  apt_command="apt-get update && apt-get install -y ${missing[*]}"
  [ "$(id -u)" -eq 0 ] || die "missing Debian packages: ${missing[*]}. Install them as root: sudo sh -c '$apt_command'"
  command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get here: install ZooKeeper 3.8, Chromium and OpenSSH server by hand"
  log "installing Debian packages: ${missing[*]} (once per machine)"
  export DEBIAN_FRONTEND=noninteractive
  # A fresh machine has no package lists yet; only update when the install cannot find the packages.
  apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q "${missing[@]}" >/dev/null; } \
    || die "'$apt_command' failed; run it by hand to see why"
fi

# --- npm dependencies ----------------------------------------------------------------------------
lock_sha=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.setup-lock-sha 2>/dev/null)" != "$lock_sha" ]; then
  log "installing npm dependencies (npm ci; better-sqlite3 builds from source, about a minute)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sha" > node_modules/.setup-lock-sha
fi

# --- Prisma client -------------------------------------------------------------------------------
schema_sha=$(cat prisma/schema.prisma package-lock.json | sha256sum | cut -d' ' -f1)
if [ "$(cat lib/generated/prisma/.schema-sha 2>/dev/null)" != "$schema_sha" ]; then
  log "generating the Prisma client"
  CHECKPOINT_DISABLE=1 npx prisma generate >/dev/null
  echo "$schema_sha" > lib/generated/prisma/.schema-sha
fi
