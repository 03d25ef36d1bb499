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
# shellcheck source=../lib/build-common.sh
source "$script_dir/../lib/build-common.sh"
# `pstest -version` prints the build stamp alone.
version_flag=-version
installed_version() { "$binary" -version 2>/dev/null || true; }
build_init pstest

stamp="$(cat "$script_dir/main.go" "$script_dir/go.mod" "$script_dir/go.sum" | sha256sum | cut -c1-12)"

skip_if_up_to_date "$stamp" "build $stamp"
require_go pstest

log "building tools/pstest"
# -mod=readonly: go.sum pins every dependency; a missing entry is an error,
# never a silent update.
go_build "$script_dir" . -mod=readonly -ldflags="-s -w -X main.buildStamp=$stamp"
check_built "$stamp" "build $stamp"
