# Sourced by tools/<server>/build.sh, each of which builds one Go binary into
# .cache/<server>/<server>. The caller sets `script_dir` (its own folder),
# sources this file, redefines `version_flag` and `installed_version` if its
# binary reports its version otherwise, then calls build_init <server>. tools/provision.ts reads a run that ends in
# 'nothing to do' as "already built".

# Sets repo_root, out_dir, binary and binary_rel, and takes the build lock: one
# build at a time per server, whoever starts it (npm test, the bench, a shell);
# a second caller waits here, then finds the binary up to date.
build_init() {
  build_name="$1"
  repo_root="$(cd "$script_dir/../.." && pwd)"
  out_dir="$repo_root/.cache/$build_name"
  binary="$out_dir/$build_name"
  binary_rel=".cache/$build_name/$build_name"
  mkdir -p "$out_dir"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$out_dir/.build.lock"
    flock 9
  fi
}

# The flag that makes the binary print its version, and the version it reports
# (nothing when there is no binary or it does not run).
version_flag=--version
installed_version() {
  # FerretDB and the BigQuery emulator print "version: <version>" among other lines.
  "$binary" --version 2>/dev/null | sed -n 's/^version:[[:space:]]*//p' | head -n 1 || true
}

log() { printf '[%s-build] %s\n' "$build_name" "$*"; }

# skip_if_up_to_date WANT [LABEL]: exits 0 when the binary reports WANT; LABEL is
# how the line names it (default WANT). Otherwise says why it rebuilds.
skip_if_up_to_date() {
  local want="$1" label="${2:-$1}" have
  [[ -x "$binary" ]] || return 0
  have="$(installed_version)"
  if [[ "$have" == "$want" ]]; then
    log "up to date: $binary_rel is $label, nothing to do"
    exit 0
  fi
  log "found $binary_rel reporting '${have:-<nothing>}', want $want: rebuilding"
}

# require_go WHAT [MIN_VERSION]: fails unless the Go toolchain is on PATH.
require_go() {
  if ! command -v go >/dev/null 2>&1; then
    log "error: the Go toolchain${2:+ (go >= $2)} is required to build $1; install Go and retry" >&2
    exit 1
  fi
  log "using $(go version)"
}

# Makes build_dir, a temporary folder removed when the script exits.
make_build_dir() {
  build_dir="$(mktemp -d "${TMPDIR:-/tmp}/$build_name-build.XXXXXX")"
  trap 'rm -rf "$build_dir"' EXIT
}

# go_module_dir MODULE VERSION: prints the module cache directory of
# MODULE@VERSION (read-only), downloading it if needed. Needs build_dir.
go_module_dir() {
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

# go_build DIR PACKAGE [FLAGS...]: builds PACKAGE in DIR (pure Go, no VCS
# stamping: DIR is no checkout of the server, and an enclosing repository must
# not be picked up) into $binary through a temporary file, and says how long it took.
go_build() {
  local dir="$1" package="$2" start_s
  shift 2
  mkdir -p "$out_dir"
  start_s=$(date +%s)
  (cd "$dir" && CGO_ENABLED=0 go build -buildvcs=false -trimpath "$@" -o "$binary.tmp.$$" "$package")
  mv -f "$binary.tmp.$$" "$binary"
  log "built in $(($(date +%s) - start_s))s"
}

# check_built WANT [LABEL]: fails unless the new binary reports WANT, then says
# it is done; LABEL is how that line names it (default WANT).
check_built() {
  local have
  have="$(installed_version)"
  if [[ "$have" != "$1" ]]; then
    log "error: built binary reports version '${have:-<nothing>}', expected $1" >&2
    "$binary" "$version_flag" >&2 || true
    exit 1
  fi
  log "done: $binary_rel (${2:-$1})"
}
