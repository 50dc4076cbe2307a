#!/usr/bin/env bash
# `./supportbot test`: lint, then the whole suite. Called with the gateway environment's
# directory; further arguments go to pytest (e.g. `./supportbot test -k webchat`).
#
# PostgreSQL, Redis and a browser are real parts the persistence tests use on 127.0.0.1. On a
# machine that has them installed but stopped, this starts them; elsewhere the tests
# that need them skip with the reason (in CI they fail instead: CI must test them).
set -euo pipefail
gw=$1
shift
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if command -v pg_isready >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    echo "[supportbot] starting the local PostgreSQL" >&2
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
  fi
fi
if command -v redis-server >/dev/null && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "[supportbot] starting the local Redis" >&2
  mkdir -p /tmp/supportbot-redis
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /tmp/supportbot-redis --logfile /tmp/supportbot-redis/redis.log || true
fi

# The browser tests drive Debian's Chromium (Playwright cannot download its own here).
if ! command -v chromium >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "[supportbot] installing Debian's chromium for the browser tests" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null || true
fi

"$gw/bin/ruff" check .
# Two workers (pytest-xdist), one per core: most tests wait on sockets, subprocesses and
# timers, so one process left a core idle. A file's tests stay on one worker, so module
# fixtures are built once. SUPPORTBOT_TEST_WORKERS=0 runs everything in this process.
exec "$gw/bin/python" -m pytest -n "${SUPPORTBOT_TEST_WORKERS:-2}" --dist loadfile "$@"
