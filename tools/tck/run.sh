#!/usr/bin/env bash
# Runs the official A2A TCK (a2aproject/a2a-tck, a Python test suite checked out in $TCK_DIR) against
#   (a) the hello agent directly (HELLO_AGENT_FREE_TEXT=working), and
#   (b) the same agent through a Switchboard gateway (fresh PostgreSQL database, dropped afterwards),
# then prints, per TCK test file: passed direct | passed via the gateway | tests passing direct but not via
# the gateway. A manual conformance check, not part of `npm test` or CI: see README.md next to this file.
#
#   TCK_DIR=/path/to/a2a-tck bash tools/tck/run.sh
#
# Exit status: 0 when no test passes direct but fails via the gateway, 1 when some do or something did not
# start, 2 when a prerequisite is missing (TCK_DIR, builds, Python packages, PostgreSQL).
set -Eeuo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
NODE=${NODE:-$ROOT/node_modules/.bin/node}
PYTHON=${PYTHON:-/usr/bin/python3}
GATEWAY_DIST=${GATEWAY_DIST:-$ROOT/apps/api/dist/main.js}
HELLO_DIST=${HELLO_DIST:-$ROOT/apps/hello-agent/dist}
TCK_FREE_TEXT=${TCK_FREE_TEXT:-working}
TCK_PATHS=${TCK_PATHS:-tests/mandatory/}
TCK_MARKERS=${TCK_MARKERS:-mandatory or mandatory_protocol or mandatory_jsonrpc}
TCK_TIMEOUT=${TCK_TIMEOUT:-600}
STARTUP_TIMEOUT=${STARTUP_TIMEOUT:-90}
PG_SERVER=${PG_SERVER:-postgres://postgres@127.0.0.1:5432}
FWD_AUTH=${FWD_AUTH:-card}
CARD_A2A_VERSION=${CARD_A2A_VERSION:-}
OUT=${OUT:-$ROOT/tmp/tck/$(date +%Y%m%d-%H%M%S)}
DB=switchboard_tck_$(date +%s)_$$

refuse() { echo "tools/tck/run.sh: $*" >&2; exit 2; }

[[ $FWD_AUTH == card || $FWD_AUTH == all ]] || refuse "FWD_AUTH must be card or all, got \"$FWD_AUTH\"."
[[ -n ${TCK_DIR:-} ]] \
  || refuse "TCK_DIR is not set: point it at a checkout of a2aproject/a2a-tck (see tools/tck/README.md)."
[[ -d $TCK_DIR/tests/mandatory ]] \
  || refuse "TCK_DIR=$TCK_DIR has no tests/mandatory/: not an a2a-tck checkout (see tools/tck/README.md)."
TCK_DIR=$(cd "$TCK_DIR" && pwd)
[[ -x $NODE ]] || refuse "no Node at $NODE (npm ci first)."
BUILD="npx nx run-many -t build -p api hello-agent"
[[ -f $GATEWAY_DIST ]] || refuse "no gateway build at $GATEWAY_DIST ($BUILD)."
[[ -f $HELLO_DIST/main.js ]] || refuse "no hello-agent build at $HELLO_DIST ($BUILD)."
TCK_MODULES="pytest, pytest_asyncio, httpx, requests, responses, deepdiff, jsonschema, dotenv, packaging"
TCK_MODULES+=", aiohttp, OpenSSL, yaml, grpc, google.protobuf"
"$PYTHON" -c "import $TCK_MODULES" 2>/dev/null \
  || refuse "$PYTHON cannot import the TCK's modules ($TCK_MODULES): see tools/tck/README.md."
psql "$PG_SERVER/postgres" -qAtc 'SELECT 1' >/dev/null 2>&1 \
  || refuse "no PostgreSQL at $PG_SERVER (set PG_SERVER)."
mkdir -p "$OUT"

PIDS=()
DB_CREATED=0
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  PIDS=()
  if [[ $DB_CREATED == 1 ]]; then
    psql "$PG_SERVER/postgres" -qAtc "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1 \
      || echo "warning: could not drop database $DB" >&2
    DB_CREATED=0
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '[tck %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
free_port() {
  "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
json_field() { "$PYTHON" -c 'import sys, json; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
# wait_http url pid logfile: 0 once url answers 2xx; 1 (and the log's tail) if pid exits or time runs out.
wait_http() {
  local url=$1 pid=$2 logfile=$3
  for _ in $(seq 1 $((STARTUP_TIMEOUT * 4))); do
    curl -sf -o /dev/null --max-time 2 "$url" && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      log "process $pid exited before $url answered:"
      tail -20 "$logfile" >&2
      return 1
    fi
    sleep 0.25
  done
  log "timed out waiting for $url:"
  tail -20 "$logfile" >&2
  return 1
}
# run_tck name sut-url auth-headers-json: one TCK run, JUnit XML in $OUT/<name>.xml.
run_tck() {
  local name=$1 url=$2 headers=$3 rc=0
  log "TCK $name → $url"
  # The TCK's own command line; A2A_AUTH_HEADERS are headers it adds to its A2A calls (not to card GETs).
  # $TCK_PATHS is split on purpose (several paths may be given).
  (cd "$TCK_DIR" && A2A_AUTH_HEADERS=$headers timeout --kill-after=10 "$TCK_TIMEOUT" \
    "$PYTHON" -m pytest $TCK_PATHS -m "$TCK_MARKERS" --sut-url="$url" --transports jsonrpc \
    -p no:cacheprovider -q --tb=short -o junit_family=xunit1 --junitxml="$OUT/$name.xml" \
    >"$OUT/$name.log" 2>&1) || rc=$?
  log "TCK $name: $(grep -E '(passed|failed).* in [0-9.]+s' "$OUT/$name.log" | tail -1) (pytest exit $rc)"
  if [[ $rc == 124 || $rc == 137 ]]; then log "TCK $name timed out after ${TCK_TIMEOUT}s"; fi
}

AGENT_PORT=$(free_port)
GW_PORT=$(free_port)
FWD_PORT=$(free_port)

# --- the agent ------------------------------------------------------------------------------------------
log "hello agent (HELLO_AGENT_FREE_TEXT=$TCK_FREE_TEXT) from $HELLO_DIST on :$AGENT_PORT"
HELLO_AGENT_PORT=$AGENT_PORT HELLO_AGENT_HOST=127.0.0.1 HELLO_AGENT_PUBLIC_URL= HELLO_AGENT_PROTOCOL=1.0 \
  HELLO_AGENT_FREE_TEXT=$TCK_FREE_TEXT "$NODE" "$HELLO_DIST/main.js" >"$OUT/agent.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$AGENT_PORT/.well-known/agent-card.json" $! "$OUT/agent.log" || exit 1

# --- (a) direct -----------------------------------------------------------------------------------------
run_tck direct "http://127.0.0.1:$AGENT_PORT" '{"A2A-Version":"1.0"}'

# --- (b) through the gateway ----------------------------------------------------------------------------
psql "$PG_SERVER/postgres" -qAtc "CREATE DATABASE \"$DB\"" >/dev/null
DB_CREATED=1
ADMIN_PASSWORD=$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(18))')
log "gateway $GATEWAY_DIST on :$GW_PORT (database $DB)"
# Started in $OUT so that no .env of the checkout is read.
(cd "$OUT" && exec env PORT="$GW_PORT" HOST=127.0.0.1 DATABASE_URL="$PG_SERVER/$DB" NODE_ENV=development \
  ADMIN_EMAIL=tck@example.com ADMIN_PASSWORD="$ADMIN_PASSWORD" OUTBOUND_ALLOW_PRIVATE=true DEMO_AGENT=false \
  HEALTH_CHECK_INTERVAL_MS=0 LOG_LEVEL="${GATEWAY_LOG_LEVEL:-warn}" "$NODE" "$GATEWAY_DIST") \
  >"$OUT/gateway.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$GW_PORT/health" $! "$OUT/gateway.log" || exit 1

TOKEN=$(curl -sSf --max-time 10 -X POST "http://127.0.0.1:$GW_PORT/auth/login" \
  -H 'content-type: application/json' \
  -d "{\"email\":\"tck@example.com\",\"password\":\"$ADMIN_PASSWORD\"}" | json_field accessToken) \
  || { log "could not log in to the gateway"; tail -20 "$OUT/gateway.log" >&2; exit 1; }
SLUG=$(curl -sSf --max-time 30 -X POST "http://127.0.0.1:$GW_PORT/a2a" \
  -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \
  -d "{\"name\":\"hello\",\"endpointUrl\":\"http://127.0.0.1:$AGENT_PORT\"}" | json_field slug) \
  || { log "could not register the agent with the gateway"; tail -20 "$OUT/gateway.log" >&2; exit 1; }
log "agent registered as /a2a/$SLUG; forwarder on :$FWD_PORT"

GATEWAY=http://127.0.0.1:$GW_PORT SLUG=$SLUG TOKEN=$TOKEN FWD_PORT=$FWD_PORT FWD_AUTH=$FWD_AUTH \
  CARD_A2A_VERSION=$CARD_A2A_VERSION "$NODE" "$HERE/forwarder.mjs" >"$OUT/forwarder.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$FWD_PORT/.well-known/agent-card.json" $! "$OUT/forwarder.log" || exit 1
curl -sf --max-time 10 -o "$OUT/gateway-card.json" "http://127.0.0.1:$FWD_PORT/.well-known/agent-card.json" \
  || true

if [[ $FWD_AUTH == card ]]; then
  GW_HEADERS="{\"A2A-Version\":\"1.0\",\"Authorization\":\"Bearer $TOKEN\"}"
else
  GW_HEADERS='{"A2A-Version":"1.0"}'
fi
run_tck gateway "http://127.0.0.1:$FWD_PORT" "$GW_HEADERS"

cleanup

# --- table ----------------------------------------------------------------------------------------------
if [[ -f $TCK_DIR/.tck-commit ]]; then
  TCK_COMMIT=$(cat "$TCK_DIR/.tck-commit")
else
  TCK_COMMIT=$(git -C "$TCK_DIR" rev-parse HEAD 2>/dev/null || echo unknown)
fi
rc=0
{
  echo "TCK $TCK_COMMIT ($TCK_PATHS, -m \"$TCK_MARKERS\", --transports jsonrpc)"
  echo "gateway $GATEWAY_DIST; hello agent $HELLO_DIST (HELLO_AGENT_FREE_TEXT=$TCK_FREE_TEXT)"
  echo "FWD_AUTH=$FWD_AUTH${CARD_A2A_VERSION:+; CARD_A2A_VERSION=$CARD_A2A_VERSION}"
  echo "output: $OUT"
  "$PYTHON" "$HERE/table.py" "$OUT/direct.xml" "$OUT/gateway.xml"
} | tee "$OUT/table.txt" || rc=$?
exit "$rc"
