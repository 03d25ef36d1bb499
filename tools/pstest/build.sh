#!/usr/bin/env bash
# Builds the Pub/Sub test server (tools/pstest: Google's in-memory pstest
# server from cloud.google.com/go/pubsub/v2, behind a small command) into
# .cache/pstest/pstest. Idempotent: does nothing when the binary carries the
# stamp of the current sources (a hash of main.go, go.mod and go.sum).
#
# Needs the Go toolchain (the go directive in go.mod) and the Go module proxy
# on the first run; pure Go, about 75 seconds on 2 cores with an empty Go build cache.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/../.." && pwd)"
out_dir="$repo_root/.cache/pstest"
binary="$out_dir/pstest"

# One build at a time per server, whoever starts it (npm test, the bench, a shell): a second
# caller waits here, then finds the binary up to date.
mkdir -p "$out_dir"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$out_dir/.build.lock"
  flock 9
fi

log() { printf '[pstest-build] %s\n' "$*"; }

stamp="$(cat "$script_dir/main.go" "$script_dir/go.mod" "$script_dir/go.sum" | sha256sum | cut -c1-12)"

if [[ -x "$binary" ]]; then
  have="$("$binary" -version 2>/dev/null || true)"
  if [[ "$have" == "$stamp" ]]; then
    log "up to date: .cache/pstest/pstest is build $stamp, nothing to do"
    exit 0
  fi
  log "found .cache/pstest/pstest of build '${have:-<unknown>}', want $stamp: rebuilding"
fi

if ! command -v go >/dev/null 2>&1; then
  log "error: the Go toolchain is required to build pstest; install Go and retry" >&2
  exit 1
fi
log "using $(go version)"

mkdir -p "$out_dir"
start_s=$(date +%s)
log "building tools/pstest"
# -mod=readonly: go.sum pins every dependency; a missing entry is an error,
# never a silent update. -buildvcs=false: no VCS stamping from the enclosing
# repository.
(cd "$script_dir" && CGO_ENABLED=0 go build -mod=readonly -buildvcs=false -trimpath \
  -ldflags="-s -w -X main.buildStamp=$stamp" -o "$binary.tmp.$$" .)
mv -f "$binary.tmp.$$" "$binary"
log "built in $(( $(date +%s) - start_s ))s"

have="$("$binary" -version 2>/dev/null || true)"
if [[ "$have" != "$stamp" ]]; then
  log "error: built binary reports '${have:-<nothing>}', expected $stamp" >&2
  exit 1
fi
log "done: .cache/pstest/pstest (build $stamp)"
