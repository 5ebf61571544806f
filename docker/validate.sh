#!/usr/bin/env bash
# Checks the deployment files in docker/ with whichever validators this machine has, and says what it
# skipped and why. Not part of CI. Usage: bash docker/validate.sh
# It runs only the real tools — docker compose / docker-compose, nginx, hadolint, docker build, helm, kubeconform —
# and skips what is missing; it never stands in for one of them. On a machine without Docker or Helm (the CI box)
# most of it is skipped: see docker/README.md for what cannot be built or rendered there.
set -uo pipefail
DOCKER_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$DOCKER_DIR")
CHART="$DOCKER_DIR/helm/switchboard"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
PASSED=() FAILED=() SKIPPED=()
have() { command -v "$1" >/dev/null 2>&1; }
section() { printf '\n== %s\n' "$*"; }
check() { # name command...: run it, record the outcome
  local name=$1
  shift
  if "$@"; then PASSED+=("$name"); echo "   ok: $name"; else FAILED+=("$name"); echo "   FAILED: $name"; fi
}
skip() { SKIPPED+=("$1 — $2"); echo "   skipped: $1 — $2"; }

# Dummy values for the variables the compose file requires (compose refuses to interpolate without them).
export_dummy_secrets() {
  export ADMIN_PASSWORD=validate-admin-password JWT_SECRET=validate-jwt-secret-0123456789 \
    ENCRYPTION_KEY=validate-encryption-key-0123456789abcdef
}

# --- YAML syntax of the files that are plain YAML (chart templates are not, until rendered) -------------
section "YAML syntax"
YAML_FILES=("$DOCKER_DIR/docker-compose.yml" "$CHART/Chart.yaml" "$CHART/values.yaml" "$DOCKER_DIR"/helm/test-values/*.yaml)
NODE_YAML=""
for candidate in "$ROOT/node_modules/yaml"; do
  [ -f "$candidate/package.json" ] && NODE_YAML=$candidate && break
done
if have node && [ -n "$NODE_YAML" ]; then
  parse_yaml() {
    node -e '
      const { parseAllDocuments } = require(process.argv[1]);
      let bad = 0;
      for (const f of process.argv.slice(2)) {
        const errors = parseAllDocuments(require("fs").readFileSync(f, "utf8")).flatMap((d) => [...d.errors, ...d.warnings]);
        if (errors.length) { bad++; console.error(`   ${f}: ${errors.map((e) => e.message).join("; ")}`); }
      }
      process.exit(bad ? 1 : 0);' "$NODE_YAML" "${YAML_FILES[@]}"
  }
  check "YAML parses (node yaml ${NODE_YAML#"$ROOT/"}): ${#YAML_FILES[@]} files" parse_yaml
else
  skip "YAML parse with node's yaml package" "no node or no node_modules/yaml (run npm install at the root)"
fi
if have yamllint; then
  check "yamllint (relaxed, no line-length rule)" yamllint -d '{extends: relaxed, rules: {line-length: disable}}' "${YAML_FILES[@]}"
else
  skip yamllint "not installed (apt-get install yamllint)"
fi

# --- docker compose --------------------------------------------------------------------------------------
section "Compose file"
COMPOSE=()
if have docker && docker compose version >/dev/null 2>&1; then
  COMPOSE=(docker compose)
elif have docker-compose; then
  COMPOSE=(docker-compose)
fi
if [ ${#COMPOSE[@]} -gt 0 ]; then
  compose_config() { (export_dummy_secrets && "${COMPOSE[@]}" -f "$DOCKER_DIR/docker-compose.yml" config -q); }
  compose_requires_secrets() {
    local out
    out=$(env -u ADMIN_PASSWORD -u JWT_SECRET -u ENCRYPTION_KEY "${COMPOSE[@]}" -f "$DOCKER_DIR/docker-compose.yml" config -q 2>&1) &&
      { echo "   compose accepted the file without the production secrets"; return 1; }
    grep -q 'set ADMIN_PASSWORD' <<<"$out"
  }
  check "${COMPOSE[*]} config (with the three secrets set)" compose_config
  check "${COMPOSE[*]} config refuses to run without ADMIN_PASSWORD/JWT_SECRET/ENCRYPTION_KEY" compose_requires_secrets
else
  skip "docker compose config" "neither the docker compose plugin nor docker-compose is installed"
fi

# --- nginx -----------------------------------------------------------------------------------------------
section "nginx config"
if have nginx; then
  nginx_test() {
    # The upstream names exist only on the compose network: point them at loopback for the syntax check.
    sed -E 's/api-[12]:4444/127.0.0.1:4444/' "$DOCKER_DIR/nginx.conf" >"$TMP/default.conf"
    printf 'pid %s/nginx.pid;\nerror_log stderr;\nevents {}\nhttp {\n  access_log off;\n  include %s/default.conf;\n}\n' \
      "$TMP" "$TMP" >"$TMP/nginx.conf"
    nginx -t -q -p "$TMP" -c "$TMP/nginx.conf"
  }
  check "nginx -t (docker/nginx.conf inside an http block)" nginx_test
else
  skip "nginx -t" "nginx not installed (apt-get install nginx)"
fi

# --- Dockerfile ------------------------------------------------------------------------------------------
section "Dockerfile"
if have hadolint; then
  check "hadolint docker/Dockerfile" hadolint "$DOCKER_DIR/Dockerfile"
else
  skip hadolint "not installed (not packaged in Debian 12)"
fi
if have node; then
  # The manifests stage must copy every workspace's package.json, or the image misses its node_modules link.
  workspaces_listed() {
    (cd "$ROOT" && node -e '
      const fs = require("fs"), path = require("path");
      const dockerfile = fs.readFileSync("docker/Dockerfile", "utf8");
      const dirs = JSON.parse(fs.readFileSync("package.json", "utf8")).workspaces.flatMap((w) =>
        w.endsWith("/*") ? fs.readdirSync(w.slice(0, -2)).map((d) => path.join(w.slice(0, -2), d)) : [w]);
      const missing = dirs.filter((d) => fs.existsSync(path.join(d, "package.json")))
        .filter((d) => !dockerfile.includes(`COPY ${d}/package.json ${d}/`));
      if (missing.length) { console.error("   not copied by the manifests stage: " + missing.join(", ")); process.exit(1); }')
  }
  check "every npm workspace's package.json is copied by the Dockerfile's manifests stage" workspaces_listed
fi
if have docker && docker info >/dev/null 2>&1; then
  check "docker build --target api" docker build -q -f "$DOCKER_DIR/Dockerfile" --target api -t switchboard:validate "$ROOT"
  check "docker build --target hello-agent" docker build -q -f "$DOCKER_DIR/Dockerfile" --target hello-agent -t switchboard-hello-agent:validate "$ROOT"
else
  skip "docker build" "no Docker engine reachable"
fi

# --- Helm chart ------------------------------------------------------------------------------------------
section "Helm chart"
RENDER=()
if have helm; then
  RENDER=(helm template release "$CHART")
  check "helm lint (minimal values)" helm lint "$CHART" -f "$DOCKER_DIR/helm/test-values/minimal.yaml"
else
  skip "helm lint / helm template" "helm is not installed (not packaged in Debian 12)"
fi
if ! have kubeconform; then
  skip kubeconform "not installed (not packaged in Debian 12; its schemas need the internet)"
fi

if [ ${#RENDER[@]} -gt 0 ]; then
  for values in "$DOCKER_DIR"/helm/test-values/*.yaml; do
    name=$(basename "$values" .yaml)
    render_ok() { "${RENDER[@]}" -f "$1" >"$TMP/$2.yaml" 2>"$TMP/$2.err" || { sed 's/^/   /' "$TMP/$2.err" | tail -5; return 1; }; }
    check "render with test-values/$name.yaml" render_ok "$values" "$name"
    if have kubeconform && [ -s "$TMP/$name.yaml" ]; then
      check "kubeconform of test-values/$name.yaml" kubeconform -strict -summary "$TMP/$name.yaml"
    fi
  done
  # What the chart must refuse, and the message it gives.
  refuses() { # expected-message values-args...
    local expected=$1
    shift
    if "${RENDER[@]}" "$@" >/dev/null 2>"$TMP/refusal.err"; then echo "   rendered, but should have failed"; return 1; fi
    grep -q "$expected" "$TMP/refusal.err" || { echo "   failed without saying: $expected"; tail -2 "$TMP/refusal.err"; return 1; }
  }
  check "refuses the default values (no database)" refuses "a database is required"
  check "refuses a missing jwtSecret" refuses "secrets.jwtSecret is required" \
    -f "$DOCKER_DIR/helm/test-values/minimal.yaml" --set-string secrets.jwtSecret=
  check "refuses a short encryptionKey" refuses "at least 32 characters" \
    -f "$DOCKER_DIR/helm/test-values/minimal.yaml" --set-string secrets.encryptionKey=too-short
  check "refuses the bundled PostgreSQL without a password" refuses "postgresql.auth.password is required" \
    -f "$DOCKER_DIR/helm/test-values/minimal.yaml" --set-string database.url= --set-string postgresql.enabled=true
  check "refuses several replicas without Redis" refuses "several replicas need Redis" \
    -f "$DOCKER_DIR/helm/test-values/minimal.yaml" --set-string replicaCount=3
fi

section "Summary"
echo "${#PASSED[@]} passed, ${#FAILED[@]} failed, ${#SKIPPED[@]} skipped"
for f in "${FAILED[@]}"; do echo "  failed: $f"; done
for s in "${SKIPPED[@]}"; do echo "  skipped: $s"; done
[ ${#FAILED[@]} -eq 0 ]
