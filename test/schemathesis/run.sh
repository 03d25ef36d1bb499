#!/usr/bin/env bash
# Runs schemathesis (from PyPI, into a venv under .cache/) against the local host's /openapi.json:
# every operation, every check; fails on any server error or schema violation.
# Usage: bash test/schemathesis/run.sh [max examples per operation, default 100]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
venv=.cache/schemathesis
if [[ ! -x "$venv/bin/schemathesis" ]]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet 'schemathesis>=4,<5'
fi
port=$((19000 + RANDOM % 1000))
PORT=$port setsid npx tsx tools/local-host/main.ts > .cache/schemathesis-host.log 2>&1 &
host=$!
trap 'kill -- -$host 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
token=$(curl -sf -X POST "http://127.0.0.1:$port/_dev/token" -H 'content-type: application/json' -d '{"sub":"schemathesis","roles":["admin"]}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
"$venv/bin/schemathesis" --config-file test/schemathesis/schemathesis.toml run "http://127.0.0.1:$port/openapi.json" \
  --url "http://127.0.0.1:$port" -H "Authorization: Bearer $token" --checks all --max-examples "${1:-100}"
