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
repo_root="$(cd "$script_dir/../.." && pwd)"
patch_dir="$script_dir/patches"
emulator_patch="$patch_dir/bigquery-emulator-$EMULATOR_VERSION.patch"
engine_patch="$patch_dir/googlesqlite-$ENGINE_VERSION.patch"
out_dir="$repo_root/.cache/bigquery-emulator"
binary="$out_dir/bigquery-emulator"

# One build at a time per server, whoever starts it (npm test, the bench, a shell): a second
# caller waits here, then finds the binary up to date.
mkdir -p "$out_dir"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$out_dir/.build.lock"
  flock 9
fi

log() { printf '[bigquery-emulator-build] %s\n' "$*"; }

for f in "$emulator_patch" "$engine_patch"; do
  if [[ ! -f "$f" ]]; then
    log "error: missing patch ${f#"$repo_root"/}" >&2
    exit 1
  fi
done
patch_hash="$(cat "$emulator_patch" "$engine_patch" | sha256sum | cut -c1-12)"
# What `bigquery-emulator --version` prints for this exact build.
want_version="$EMULATOR_VERSION ($EMULATOR_COMMIT+patches.$patch_hash)"

installed_version() {
  # `bigquery-emulator --version` prints "version: <version> (<revision>)".
  "$binary" --version 2>/dev/null | sed -n 's/^version:[[:space:]]*//p' | head -n 1 || true
}

if [[ -x "$binary" ]]; then
  have="$(installed_version)"
  if [[ "$have" == "$want_version" ]]; then
    log "up to date: .cache/bigquery-emulator/bigquery-emulator is $want_version, nothing to do"
    exit 0
  fi
  log "found .cache/bigquery-emulator/bigquery-emulator reporting '${have:-<nothing>}', want $want_version: rebuilding"
fi

if ! command -v go >/dev/null 2>&1; then
  log "error: the Go toolchain (go >= 1.25) is required to build the BigQuery emulator; install Go and retry" >&2
  exit 1
fi
log "using $(go version)"

build_dir="$(mktemp -d "${TMPDIR:-/tmp}/bigquery-emulator-build.XXXXXX")"
cleanup() { rm -rf "$build_dir"; }
trap cleanup EXIT

# Prints the module cache directory of module@version, downloading it if needed.
module_dir() {
  local json dir
  json="$(cd "$build_dir" && go mod download -json "$1@$2")"
  dir="$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir":[[:space:]]*"\(.*\)",\{0,1\}$/\1/p' | head -n 1)"
  if [[ -z "$dir" || ! -f "$dir/go.mod" ]]; then
    log "error: could not find the downloaded directory of $1@$2; go mod download said:" >&2
    printf '%s\n' "$json" >&2
    return 1
  fi
  printf '%s\n' "$dir"
}

log "downloading $EMULATOR_MODULE@$EMULATOR_VERSION and $ENGINE_MODULE@$ENGINE_VERSION"
emulator_mod_dir="$(module_dir "$EMULATOR_MODULE" "$EMULATOR_VERSION")"
engine_mod_dir="$(module_dir "$ENGINE_MODULE" "$ENGINE_VERSION")"

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

mkdir -p "$out_dir"
start_s=$(date +%s)
log "building ./cmd/bigquery-emulator (pure Go; about 5 minutes on 2 cores the first time)"
# -buildvcs=false: the copy is not a git checkout of the emulator, and VCS
# stamping must not pick up an enclosing repository.
(cd "$src_dir" && CGO_ENABLED=0 go build -buildvcs=false -trimpath \
  -ldflags="-s -w -X main.version=$EMULATOR_VERSION -X main.revision=$EMULATOR_COMMIT+patches.$patch_hash" \
  -o "$binary.tmp.$$" ./cmd/bigquery-emulator)
mv -f "$binary.tmp.$$" "$binary"
log "built in $(( $(date +%s) - start_s ))s"

have="$(installed_version)"
if [[ "$have" != "$want_version" ]]; then
  log "error: built binary reports version '${have:-<nothing>}', expected $want_version" >&2
  "$binary" --version >&2 || true
  exit 1
fi
log "done: .cache/bigquery-emulator/bigquery-emulator ($have)"
