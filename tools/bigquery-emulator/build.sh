#!/usr/bin/env bash
# Builds goccy/bigquery-emulator (BigQuery REST API over GoogleSQL-on-SQLite)
# into .cache/bigquery-emulator/bigquery-emulator for the integration tests.
# Idempotent: does nothing when the binary already exists and reports the
# expected version.
#
# The emulator's SQL engine (googlesqlite) is pure Go (the GoogleSQL analyzer
# is compiled to Go through wasm2go), so this needs the Go toolchain only: no
# cgo, no C++ compiler. A first build takes about 5 minutes on 2 cores
# (downloads included); later builds reuse Go's build cache.
#
# The build applies the patches in tools/bigquery-emulator/patches/ (see the
# README there): v0.8.1 as released cannot run the deal store's statements
# (STRUCT / ARRAY<STRUCT> query parameters, NULL members in them, MERGE whose
# source is a subquery). The patch set's hash is stamped into `--version`, so
# editing a patch makes the next run rebuild.
#
# Why not `go install ...@version`: it also asks the module proxy for the
# module's version list (deprecation check), which the proxy refuses for this
# module. Downloading the exact module versions and building from writable
# copies needs only the pinned versions and the pinned dependencies from go.sum.
set -euo pipefail

EMULATOR_MODULE="github.com/goccy/bigquery-emulator"
EMULATOR_VERSION="v0.8.1"
# The commit the v0.8.1 tag points at.
EMULATOR_COMMIT="a531d3de"
# The emulator's SQL engine, as v0.8.1's go.mod requires it; patched too.
ENGINE_MODULE="github.com/goccy/googlesqlite"
ENGINE_VERSION="v0.3.1"

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib/build-common.sh
source "$script_dir/../lib/build-common.sh"
build_init bigquery-emulator

patch_dir="$script_dir/patches"
emulator_patch="$patch_dir/bigquery-emulator-$EMULATOR_VERSION.patch"
engine_patch="$patch_dir/googlesqlite-$ENGINE_VERSION.patch"
for f in "$emulator_patch" "$engine_patch"; do
  if [[ ! -f "$f" ]]; then
    log "error: missing patch ${f#"$repo_root"/}" >&2
    exit 1
  fi
done
patch_hash="$(cat "$emulator_patch" "$engine_patch" | sha256sum | cut -c1-12)"
# What `bigquery-emulator --version` prints for this exact build.
want_version="$EMULATOR_VERSION ($EMULATOR_COMMIT+patches.$patch_hash)"

skip_if_up_to_date "$want_version"
require_go "the BigQuery emulator" 1.25
make_build_dir

log "downloading $EMULATOR_MODULE@$EMULATOR_VERSION and $ENGINE_MODULE@$ENGINE_VERSION"
emulator_mod_dir="$(go_module_dir "$EMULATOR_MODULE" "$EMULATOR_VERSION")"
engine_mod_dir="$(go_module_dir "$ENGINE_MODULE" "$ENGINE_VERSION")"

# The module cache is read-only: build from writable copies.
src_dir="$build_dir/bigquery-emulator"
engine_dir="$build_dir/googlesqlite"
log "copying sources to a temporary build directory"
cp -R "$emulator_mod_dir" "$src_dir"
cp -R "$engine_mod_dir" "$engine_dir"
chmod -R u+w "$src_dir" "$engine_dir"

if ! grep -q "^[[:space:]]*$ENGINE_MODULE $ENGINE_VERSION\$" "$src_dir/go.mod"; then
  log "error: $EMULATOR_MODULE@$EMULATOR_VERSION does not require $ENGINE_MODULE $ENGINE_VERSION; update the patches" >&2
  exit 1
fi

log "applying patches/$(basename "$emulator_patch") and patches/$(basename "$engine_patch")"
(cd "$src_dir" && git apply -p1 "$emulator_patch")
(cd "$engine_dir" && git apply -p1 "$engine_patch")
(cd "$src_dir" && go mod edit -replace "$ENGINE_MODULE=../googlesqlite")

log "building ./cmd/bigquery-emulator (pure Go; about 5 minutes on 2 cores the first time)"
go_build "$src_dir" ./cmd/bigquery-emulator \
  -ldflags="-s -w -X main.version=$EMULATOR_VERSION -X main.revision=$EMULATOR_COMMIT+patches.$patch_hash"
check_built "$want_version"
