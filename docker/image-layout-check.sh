#!/usr/bin/env bash
# What `docker build -f docker/Dockerfile` does, without Docker: the same stages in a scratch directory
# (full install + build; a separate production-only install from the manifests; the runtime layout the
# Dockerfile assembles), then the runtime layout is started the way the image starts it — as uid 1000,
# NODE_ENV=production, code read-only — against the local PostgreSQL. It proves the image's file layout and
# production dependencies are enough to run; it does not prove the Dockerfile syntax or the base image.
#
# Keep the stage commands in step with docker/Dockerfile. Needs Node ≥ 20.19, npm, the npm registry, and for
# the boot checks a PostgreSQL server (PG_SERVER, default postgres://postgres@127.0.0.1:5432) and root (to
# drop to uid 1000 with setpriv). Takes a few minutes. Usage: bash docker/image-layout-check.sh [--keep]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/switchboard-image.XXXXXX)
chmod 755 "$WORK"
PG_SERVER=${PG_SERVER:-postgres://postgres@127.0.0.1:5432}
KEEP=${1:-}
PIDS=()
DBS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for db in "${DBS[@]}"; do psql "$PG_SERVER/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true; done
  if [ "$KEEP" = --keep ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
export NX_DAEMON=false NX_NO_CLOUD=true CI=true NX_SKIP_NX_CACHE=true

step "build context (files git would commit, roughly what .dockerignore lets through)"
mkdir -p "$WORK/build" "$WORK/prod"
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | grep -zv '^docker/helm/' |
  xargs -0 tar -cf - 2>/dev/null) | tar -xf - -C "$WORK/build"
[ -e "$WORK/build/.env" ] && fail ".env made it into the build context"

step "stage manifests → prod-deps: npm install --omit=dev"
(cd "$ROOT" && tar -cf - package.json package-lock.json .npmrc apps/*/package.json libs/*/package.json e2e/package.json) |
  tar -xf - -C "$WORK/prod"
(cd "$WORK/prod" && npm install --omit=dev --no-audit --no-fund --loglevel=error)

step "stage build: npm install, nx run-many -t build -p api web hello-agent"
(cd "$WORK/build" && npm install --no-audit --no-fund --loglevel=error &&
  npx nx run-many -t build -p api web hello-agent --outputStyle=static >"$WORK/nx-build.log" 2>&1) ||
  { tail -40 "$WORK/nx-build.log"; fail "build"; }

step "runtime layouts (as the Dockerfile's runtime, api and hello-agent stages copy them)"
for target in api hello-agent; do
  app="$WORK/$target"
  mkdir -p "$app/libs/a2a-protocol" "$app/libs/api-contract" "$app/apps"
  cp "$WORK/prod/package.json" "$app/"
  cp -a "$WORK/prod/node_modules" "$app/node_modules"
  for lib in a2a-protocol api-contract; do
    cp "$WORK/build/libs/$lib/package.json" "$app/libs/$lib/"
    cp -a "$WORK/build/libs/$lib/dist" "$app/libs/$lib/dist"
  done
done
mkdir -p "$WORK/api/apps/api" "$WORK/api/apps/web" "$WORK/hello-agent/apps/hello-agent"
cp "$WORK/build/apps/api/package.json" "$WORK/api/apps/api/"
cp -a "$WORK/build/apps/api/dist" "$WORK/api/apps/api/dist"
cp -a "$WORK/build/apps/web/dist" "$WORK/api/apps/web/dist"
cp -a "$WORK/build/node_modules/a2a-sdk-v03" "$WORK/build/node_modules/uuid" "$WORK/hello-agent/node_modules/"
cp "$WORK/build/apps/hello-agent/package.json" "$WORK/hello-agent/apps/hello-agent/"
cp -a "$WORK/build/apps/hello-agent/dist" "$WORK/hello-agent/apps/hello-agent/dist"
du -sh "$WORK/api" "$WORK/api/node_modules" "$WORK/hello-agent" | sed 's/^/  size: /'
# The image's files belong to root and the app runs as uid 1000: it can read them, never write them.
chmod -R a-w "$WORK/api" "$WORK/hello-agent"
touch "$WORK/layout-done"

step "every module the compiled code requires resolves in the runtime layout"
for target in api hello-agent; do
  (cd "$WORK/$target" && node - "$target" <<'EOF'
const { readdirSync, readFileSync, statSync } = require('node:fs');
const { join, dirname } = require('node:path');
const { builtinModules, createRequire } = require('node:module');
const target = process.argv[2];
const roots = ['libs/a2a-protocol/dist', 'libs/api-contract/dist', `apps/${target}/dist`];
const files = [];
const walk = (d) => { for (const f of readdirSync(d)) { const p = join(d, f); statSync(p).isDirectory() ? walk(p) : p.endsWith('.js') && files.push(p); } };
roots.forEach(walk);
const missing = new Set();
let checked = 0;
for (const file of files) {
  const src = readFileSync(file, 'utf8');
  for (const m of src.matchAll(/require\(["']([^"'./][^"']*)["']\)/g)) {
    const spec = m[1];
    if (spec.startsWith('node:') || builtinModules.includes(spec)) continue;
    checked++;
    try { createRequire(join(process.cwd(), file)).resolve(spec); } catch { missing.add(`${spec} (from ${file})`); }
  }
}
if (missing.size) { console.error(`${target}: unresolvable:\n  ${[...missing].join('\n  ')}`); process.exit(1); }
console.log(`  ${target}: ${checked} require() calls in ${files.length} files, all resolve`);
EOF
  )
done

AS_APP=(setpriv --reuid=1000 --regid=1000 --clear-groups)
wait_http() { # url seconds
  for _ in $(seq 1 "$2"); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 1; done; return 1; }
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

if [ "$(id -u)" != 0 ] || ! psql "$PG_SERVER/postgres" -qAtc 'select 1' >/dev/null 2>&1; then
  echo "SKIPPED the boot checks: they need root (setpriv to uid 1000) and PostgreSQL at $PG_SERVER"
  exit 0
fi

step "hello-agent starts from its layout (uid 1000) in each protocol mode"
for protocol in 1.0 0.3; do
  port=$(free_port)
  (cd "$WORK/hello-agent" && exec env NODE_ENV=production HELLO_AGENT_HOST=127.0.0.1 HELLO_AGENT_PORT=$port \
    HELLO_AGENT_PROTOCOL=$protocol "${AS_APP[@]}" node apps/hello-agent/dist/main.js >"$WORK/hello-$protocol.log" 2>&1) &
  PIDS+=($!)
  wait_http "http://127.0.0.1:$port/.well-known/agent-card.json" 20 || { cat "$WORK/hello-$protocol.log"; fail "hello-agent $protocol"; }
  echo "  protocol $protocol: agent card served on :$port"
  if [ "$protocol" = 1.0 ]; then HELLO_PORT=$port; fi
done

api_env() { # db port
  echo NODE_ENV=production HOST=127.0.0.1 PORT="$2" DATABASE_URL="$PG_SERVER/$1" WEB_DIST_DIR="$WORK/api/apps/web/dist" \
    ADMIN_EMAIL=admin@example.com ADMIN_PASSWORD=image-check-password JWT_SECRET=image-check-jwt-secret-0123456789 \
    ENCRYPTION_KEY=image-check-encryption-key-0123456789abcdef OUTBOUND_ALLOW_PRIVATE=true \
    DEMO_AGENT_URL="http://127.0.0.1:$HELLO_PORT/" DATA_DIR=/nonexistent/embedded-mode-must-not-run
}
start_api() { # db port log
  (cd "$WORK/api" && exec env $(api_env "$1" "$2") "${AS_APP[@]}" node apps/api/dist/main.js >"$3" 2>&1) &
  PIDS+=($!)
  LAST_PID=$!
}

step "production mode refuses the default secrets"
port=$(free_port)
if (cd "$WORK/api" && env NODE_ENV=production PORT="$port" DATABASE_URL="$PG_SERVER/postgres" "${AS_APP[@]}" \
  timeout 60 node apps/api/dist/main.js >"$WORK/defaults.log" 2>&1); then fail "started with default secrets"; fi
grep -o 'Refusing to start in production with default secrets[^.]*' "$WORK/defaults.log" | head -1 | sed 's/^/  /'

step "two API replicas started at the same moment on one fresh database (code read-only, uid 1000)"
db="switchboard_image_$$"
DBS+=("$db")
psql "$PG_SERVER/postgres" -qc "CREATE DATABASE $db"
p1=$(free_port); p2=$(free_port)
start_api "$db" "$p1" "$WORK/api-1.log"; pid1=$LAST_PID
start_api "$db" "$p2" "$WORK/api-2.log"; pid2=$LAST_PID
ok1=0; ok2=0
wait_http "http://127.0.0.1:$p1/health" 90 && ok1=1
wait_http "http://127.0.0.1:$p2/health" 30 && ok2=1
echo "  replica 1 healthy: $ok1 · replica 2 healthy: $ok2"
for n in 1 2; do
  if ! grep -q 'Switchboard is up' "$WORK/api-$n.log"; then
    echo "  replica $n did not come up; its last lines:"
    grep -o '"msg":"[^"]*"\|Switchboard failed to start: [^\\]*' "$WORK/api-$n.log" | tail -3 | sed 's/^/    /'
  fi
done
[ $ok1 = 1 ] || [ $ok2 = 1 ] || { tail -20 "$WORK/api-1.log"; fail "no replica came up"; }
port=$([ $ok1 = 1 ] && echo "$p1" || echo "$p2")
if [ $ok1 = 0 ] || [ $ok2 = 0 ]; then
  echo "  restarting the replica that failed (what Docker's restart policy or Kubernetes would do)"
  [ $ok1 = 0 ] && { start_api "$db" "$p1" "$WORK/api-1b.log"; wait_http "http://127.0.0.1:$p1/health" 60 || fail "replica 1 restart"; }
  [ $ok2 = 0 ] && { start_api "$db" "$p2" "$WORK/api-2b.log"; wait_http "http://127.0.0.1:$p2/health" 60 || fail "replica 2 restart"; }
  echo "  both healthy after the restart"
fi

step "what the image serves"
for path in /health /ready /admin/ /docs/openapi.json; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$path")
  echo "  GET $path → $code"
  [ "$code" = 200 ] || fail "$path"
done
token=$(curl -fsS "http://127.0.0.1:$port/auth/login" -H 'content-type: application/json' \
  -d '{"email":"admin@example.com","password":"image-check-password"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).accessToken')
echo "  login with the configured admin: ok"
agents=$(curl -fsS "http://127.0.0.1:$port/a2a" -H "authorization: Bearer $token" | node -pe 'JSON.parse(require("fs").readFileSync(0)).items.map(a=>a.name).join(",")')
echo "  catalog: ${agents:-<empty>}"
answer=$(curl -sS "http://127.0.0.1:$port/a2a/hello_world_agent/invoke" -H "authorization: Bearer $token" \
  -H 'content-type: application/json' -d '{"message":"ping"}' | head -c 300)
echo "  invoke hello_world_agent: $answer"
writes=$(find "$WORK/api" -newer "$WORK/layout-done" 2>/dev/null | head -5)
[ -z "$writes" ] || fail "the API wrote into its code directory: $writes"
[ ! -e /nonexistent ] || fail "DATA_DIR was created"
echo "  no file written under the app directory, DATA_DIR untouched"

if command -v nginx >/dev/null 2>&1 && [ $ok1 = 1 ] && [ $ok2 = 1 ]; then
  step "docker/nginx.conf in front of both replicas (upstreams pointed at them, listening on a free port)"
  proxy_port=$(free_port)
  mkdir -p "$WORK/nginx"
  sed -E "s/api-1:4444/127.0.0.1:$p1/; s/api-2:4444/127.0.0.1:$p2/; s/listen 8080;/listen 127.0.0.1:$proxy_port;/" \
    "$ROOT/docker/nginx.conf" >"$WORK/nginx/default.conf"
  printf 'pid %s/nginx.pid;\nerror_log %s/error.log;\ndaemon off;\nevents {}\nhttp {\n  access_log off;\n  include %s/default.conf;\n}\n' \
    "$WORK/nginx" "$WORK/nginx" "$WORK/nginx" >"$WORK/nginx/nginx.conf"
  nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" &
  PIDS+=($!)
  wait_http "http://127.0.0.1:$proxy_port/nginx-health" 10 || fail "nginx did not start"
  for i in $(seq 1 10); do curl -fsS -o /dev/null "http://127.0.0.1:$proxy_port/health?rr-probe-$i" || fail "proxy /health"; done
  n1=$(grep -c 'rr-probe-' "$WORK/api-1.log" || true); n2=$(grep -c 'rr-probe-' "$WORK/api-2.log" || true)
  echo "  10 requests through the proxy: replica 1 logged $n1, replica 2 logged $n2"
  [ "$n1" -gt 0 ] && [ "$n2" -gt 0 ] || fail "the proxy did not spread requests over both replicas"
  # A stream whose second event comes 3 s after its first: unbuffered, the first event arrives at once.
  ptoken=$(curl -fsS "http://127.0.0.1:$proxy_port/auth/login" -H 'content-type: application/json' \
    -d '{"email":"admin@example.com","password":"image-check-password"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).accessToken')
  curl -sN "http://127.0.0.1:$proxy_port/a2a/hello_world_agent/stream" -H "authorization: Bearer $ptoken" \
    -H 'content-type: application/json' -d '{"message":"slow:3000"}' | node -e '
      const start = Date.now(); const seen = []; let buf = "";
      process.stdin.on("data", (d) => { buf += d; const events = buf.split("\n\n"); buf = events.pop();
        for (const e of events) if (e.includes("data:")) seen.push(Date.now() - start); });
      process.stdin.on("end", () => {
        console.log(`  SSE through the proxy: ${seen.length} events at ${seen.map((t) => t + " ms").join(", ")}`);
        process.exit(seen.length >= 2 && seen[0] < 1500 && seen[seen.length - 1] >= 2500 ? 0 : 1);
      });' || fail "SSE through the proxy was buffered or incomplete"
fi

step "the Dockerfile's HEALTHCHECK commands, run as written"
healthcheck_of() { # stage → its HEALTHCHECK CMD JSON array
  awk -v stage="$1" '/^FROM /{on = ($NF == stage)} on && /^HEALTHCHECK/{grab=1} grab && /CMD \[/{sub(/.*CMD /, ""); print; exit}' "$ROOT/docker/Dockerfile"
}
for stage in api hello-agent; do
  json=$(healthcheck_of "$stage")
  [ -n "$json" ] || fail "no HEALTHCHECK found for stage $stage"
  mapfile -t argv < <(node -e 'for (const a of JSON.parse(process.argv[1])) console.log(a)' "$json")
  if [ "$stage" = api ]; then dir="$WORK/api"; envs=(PORT="$port"); else dir="$WORK/hello-agent"; envs=(HELLO_AGENT_PORT="$HELLO_PORT"); fi
  (cd "$dir" && env "${envs[@]}" "${AS_APP[@]}" "${argv[@]}") && echo "  $stage: healthy" || fail "$stage HEALTHCHECK failed against a running process"
  (cd "$dir" && env PORT=1 HELLO_AGENT_PORT=1 "${AS_APP[@]}" "${argv[@]}") && fail "$stage HEALTHCHECK passed with nothing listening" || echo "  $stage: unhealthy when nothing listens"
done

step "first-boot race: two replicas at once on a fresh database, ${RACE_TRIALS:=3} more times"
raced=0
for trial in $(seq 1 "$RACE_TRIALS"); do
  rdb="switchboard_image_race_${$}_$trial"
  DBS+=("$rdb")
  psql "$PG_SERVER/postgres" -qc "CREATE DATABASE $rdb"
  r1=$(free_port); r2=$(free_port)
  start_api "$rdb" "$r1" "$WORK/race-$trial-1.log"; q1=$LAST_PID
  start_api "$rdb" "$r2" "$WORK/race-$trial-2.log"; q2=$LAST_PID
  up=0
  wait_http "http://127.0.0.1:$r1/health" 90 && up=$((up + 1))
  wait_http "http://127.0.0.1:$r2/health" 30 && up=$((up + 1))
  admins=$(psql "$PG_SERVER/$rdb" -qAtc "select count(*) from users" 2>/dev/null || echo '?')
  echo "  trial $trial: $up of 2 replicas came up; admin users: $admins"
  [ "$up" = 2 ] || { raced=$((raced + 1)); grep -ho 'Switchboard failed to start: [^\\]*' "$WORK"/race-"$trial"-*.log | head -1 | cut -c1-200 | sed 's/^/    /'; }
  kill "$q1" "$q2" 2>/dev/null || true
  wait "$q1" "$q2" 2>/dev/null || true
done
echo "  a replica failed its first boot in $raced of $RACE_TRIALS trials (restarting it is enough; compose starts api-2 after api-1 anyway)"

step "SIGTERM stops a replica cleanly"
kill -TERM "$pid1" 2>/dev/null || true
for _ in $(seq 1 20); do kill -0 "$pid1" 2>/dev/null || break; sleep 0.5; done
kill -0 "$pid1" 2>/dev/null && fail "replica 1 still running 10 s after SIGTERM"
wait "$pid1" && echo "  exited 0" || echo "  exited $?"
echo
echo "image layout check: passed"
