#!/usr/bin/env bash
# Builds DocumentDB 0.108 (MongoDB wire protocol over PostgreSQL 15: the pg_documentdb_core and
# pg_documentdb extensions plus the Rust gateway) into .cache/documentdb/ for the suites, the bench
# and the load run. Idempotent: does nothing when the stamp names this exact recipe and the files
# are there. One build at a time (flock).
#
# Sources: the archives in $DOCUMENTDB_SOURCES when that variable names a directory (CI and
# developers point it at a folder of them), otherwise the same versions downloaded by exact commit
# from the projects' public source archives.
#
# Nothing goes into the system PostgreSQL directories. Debian's PostgreSQL binaries find their lib
# and share folders relative to where they stand, so .cache/documentdb/root/usr/lib/postgresql/15/bin
# holds copies of them, the built extensions are installed under that root (DESTDIR), and every
# other file of Debian's lib and share folders is linked in.
set -euo pipefail

PG_MAJOR=15
DOCUMENTDB_VERSION="0.108-0"
DOCUMENTDB_COMMIT="b2e220c47d85ec6fed1651f03968da2317f71c10"
LIBBSON_VERSION="1.28.0"
LIBBSON_COMMIT="a463a46c38cb6b552f2da4b3ae63e393dfe0a9a6"
PGVECTOR_VERSION="0.8.0"
PGVECTOR_COMMIT="2627c5ff775ae6d7aef0c430121ccf857842d2f2"
PGCRON_VERSION="1.6.3"
PGCRON_COMMIT="9d0576c64edd90fb3d8ac30763296a8106315638"
# Bump the last field when the recipe changes without a version change.
BUILD_KEY="documentdb $DOCUMENTDB_VERSION libbson $LIBBSON_VERSION pgvector $PGVECTOR_VERSION pg_cron $PGCRON_VERSION pg $PG_MAJOR recipe 2"

# Debian packages: PostgreSQL and its headers, the extensions' Debian-packaged dependencies
# (PostGIS, RUM), and the libraries and tools the builds need.
PACKAGES=(
  "postgresql-$PG_MAJOR" "postgresql-server-dev-$PG_MAJOR" "postgresql-$PG_MAJOR-postgis-3" "postgresql-$PG_MAJOR-rum"
  libpcre2-dev libintelrdfpmath-dev libicu-dev libkrb5-dev libssl-dev systemtap-sdt-dev cmake pkg-config make gcc openssl
)

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib/build-common.sh
source "$script_dir/../lib/build-common.sh"
build_init documentdb

stamp="$out_dir/built.txt"
root="$out_dir/root"
binary="$out_dir/bin/documentdb_gateway"
binary_rel=".cache/documentdb/bin/documentdb_gateway"
pg_bin_debian="/usr/lib/postgresql/$PG_MAJOR/bin"
pg_config="$pg_bin_debian/pg_config"

installed_version() {
  [[ -x "$binary" && -f "$root/usr/lib/postgresql/$PG_MAJOR/lib/pg_documentdb.so" && -f "$stamp" ]] || return 0
  cat "$stamp"
}

missing_packages() {
  local p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || printf '%s ' "$p"
  done
}

ensure_packages() {
  command -v dpkg-query >/dev/null 2>&1 || {
    log "error: this build expects Debian or Ubuntu (dpkg); it needs: ${PACKAGES[*]}" >&2
    exit 1
  }
  local missing start_s
  missing="$(missing_packages)"
  [[ -z "$missing" ]] && return 0
  if [[ "$(id -u)" != 0 ]]; then
    log "error: missing Debian packages; run: sudo apt-get install -y --no-upgrade $missing" >&2
    exit 1
  fi
  start_s=$(date +%s)
  log "installing Debian packages: $missing"
  # shellcheck disable=SC2086 # one word per package
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-upgrade --no-install-recommends $missing >"$out_dir/apt.log" 2>&1 || {
    DEBIAN_FRONTEND=noninteractive apt-get update >>"$out_dir/apt.log" 2>&1 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y --no-upgrade --no-install-recommends $missing >>"$out_dir/apt.log" 2>&1
  } || {
    log "error: apt-get install failed; the last lines of its log:" >&2
    tail -n 20 "$out_dir/apt.log" >&2
    exit 1
  }
  log "packages in $(($(date +%s) - start_s))s"
}

ensure_packages
skip_if_up_to_date "$BUILD_KEY" "DocumentDB $DOCUMENTDB_VERSION"

if ! command -v cargo >/dev/null 2>&1; then
  log "error: the Rust toolchain (cargo) is required to build the DocumentDB gateway; install Rust (rustup) and retry" >&2
  exit 1
fi
make_build_dir
jobs="$(nproc 2>/dev/null || echo 2)"

# fetch NAME ARCHIVE URL: unpacks the sources of NAME into $build_dir/NAME.
fetch() {
  local name="$1" archive="$2" url="$3" file
  if [[ -n "${DOCUMENTDB_SOURCES:-}" ]]; then
    file="$DOCUMENTDB_SOURCES/$archive"
    [[ -f "$file" ]] || {
      log "error: DOCUMENTDB_SOURCES=$DOCUMENTDB_SOURCES has no $archive" >&2
      exit 1
    }
  else
    file="$build_dir/$archive"
    log "downloading $url"
    curl -fsSL --retry 3 -o "$file" "$url"
  fi
  mkdir -p "$build_dir/$name"
  tar -xzf "$file" -C "$build_dir/$name" --strip-components=1
}

step_start=0
step() {
  step_start=$(date +%s)
  log "$1"
}
step_done() { log "  ... $(($(date +%s) - step_start))s"; }

fetch documentdb "documentdb-$DOCUMENTDB_VERSION-${DOCUMENTDB_COMMIT:0:8}.tar.gz" \
  "https://github.com/documentdb/documentdb/archive/$DOCUMENTDB_COMMIT.tar.gz"
fetch libbson "mongo-c-driver-$LIBBSON_VERSION-libbson.tar.gz" \
  "https://github.com/mongodb/mongo-c-driver/archive/$LIBBSON_COMMIT.tar.gz"
fetch pgvector "pgvector-$PGVECTOR_VERSION.tar.gz" "https://github.com/pgvector/pgvector/archive/$PGVECTOR_COMMIT.tar.gz"
fetch pg_cron "pg_cron-$PGCRON_VERSION.tar.gz" "https://github.com/citusdata/pg_cron/archive/$PGCRON_COMMIT.tar.gz"

# The gateway first, in the background: it takes the longest and is independent of the rest.
gw_log="$out_dir/gateway-build.log"
step "building the gateway (Rust, crates from the registry; about 3 to 5 minutes)"
gw_start=$(date +%s)
(cd "$build_dir/documentdb/pg_documentdb_gw" && CARGO_TARGET_DIR="$out_dir/gateway-target" cargo build --release --locked) >"$gw_log" 2>&1 &
gw_pid=$!

# Fresh private root and prefix.
rm -rf "$root.new" "$out_dir/prefix"
prefix="$out_dir/prefix"
mkdir -p "$prefix/lib/pkgconfig"

step "libbson $LIBBSON_VERSION into a private prefix"
(
  cd "$build_dir/libbson" && mkdir -p cmake-build && cd cmake-build &&
    cmake -DENABLE_MONGOC=OFF -DENABLE_TESTS=OFF -DENABLE_EXAMPLES=OFF -DENABLE_ICU=OFF -DENABLE_MAN_PAGES=OFF \
      -DENABLE_HTML_DOCS=OFF -DBUILD_VERSION="$LIBBSON_VERSION" -DCMAKE_C_FLAGS=-fPIC -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_INSTALL_LIBDIR=lib .. &&
    make -j"$jobs" install
) >"$out_dir/libbson-build.log" 2>&1 || {
  tail -n 30 "$out_dir/libbson-build.log" >&2
  exit 1
}
step_done

# Debian's Intel decimal library ships no pkg-config file; without one the extensions link but
# PostgreSQL refuses to load them (undefined symbol: __bid128_sin).
multiarch="$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)"
cat >"$prefix/lib/pkgconfig/intelmathlib.pc" <<EOF
Name: intelmathlib
Description: Intel decimal floating-point math library (Debian's libintelrdfpmath)
Version: 2.0
Cflags: -I/usr/include
Libs: -L/usr/lib/$multiarch -lbidgcc000
EOF

# pgxs_install DIR LOG: builds a PGXS extension in DIR and installs it under the private root
# (no LLVM bitcode for JIT: it doubles the build and the suites never use JIT).
pgxs_install() {
  (
    cd "$1" &&
      PKG_CONFIG_PATH="$prefix/lib/pkgconfig" make PG_CONFIG="$pg_config" with_llvm=no -j"$jobs" &&
      PKG_CONFIG_PATH="$prefix/lib/pkgconfig" make PG_CONFIG="$pg_config" with_llvm=no DESTDIR="$root.new" install
  ) >"$out_dir/$2" 2>&1 || {
    tail -n 30 "$out_dir/$2" >&2
    exit 1
  }
}

step "pgvector $PGVECTOR_VERSION and pg_cron $PGCRON_VERSION (Debian's pg_cron is too old)"
pgxs_install "$build_dir/pgvector" pgvector-build.log
pgxs_install "$build_dir/pg_cron" pg_cron-build.log
step_done

step "the pg_documentdb_core, pg_documentdb and pg_documentdb_extended_rum extensions"
pgxs_install "$build_dir/documentdb/pg_documentdb_core" documentdb-core-build.log
pgxs_install "$build_dir/documentdb/pg_documentdb" documentdb-build.log
# DocumentDB's own RUM index code, which the server is told to load instead of Debian's RUM
# (tools/documentdb/server.ts); it links against the pg_documentdb.so just built.
pgxs_install "$build_dir/documentdb/internal/pg_documentdb_extended_rum" documentdb-extended-rum-build.log
step_done

# link_tree SRC DST: links every entry of SRC into DST that DST does not have, descending into
# folders both have.
link_tree() {
  local src="$1" dst="$2" entry name
  mkdir -p "$dst"
  for entry in "$src"/* "$src"/.[!.]*; do
    [[ -e "$entry" || -L "$entry" ]] || continue
    name="$(basename "$entry")"
    if [[ ! -e "$dst/$name" && ! -L "$dst/$name" ]]; then
      ln -s "$entry" "$dst/$name"
    elif [[ -d "$entry" && -d "$dst/$name" && ! -L "$dst/$name" ]]; then
      link_tree "$entry" "$dst/$name"
    fi
  done
}

step "the private PostgreSQL root (copied binaries, Debian's files linked)"
mkdir -p "$root.new/usr/lib/postgresql/$PG_MAJOR/bin"
cp -a "$pg_bin_debian/." "$root.new/usr/lib/postgresql/$PG_MAJOR/bin/"
link_tree "/usr/lib/postgresql/$PG_MAJOR/lib" "$root.new/usr/lib/postgresql/$PG_MAJOR/lib"
link_tree "/usr/share/postgresql/$PG_MAJOR" "$root.new/usr/share/postgresql/$PG_MAJOR"
# The server runs as another OS user when this runs as root: it must read the root and the cache.
chmod -R a+rX "$root.new" "$prefix"
step_done

step "waiting for the gateway build"
if ! wait "$gw_pid"; then
  log "error: the gateway build failed; the last lines of its log:" >&2
  tail -n 30 "$gw_log" >&2
  exit 1
fi
log "  ... gateway built in $(($(date +%s) - gw_start))s"
mkdir -p "$out_dir/bin"
cp -f "$out_dir/gateway-target/release/documentdb_gateway" "$binary.tmp.$$"
mv -f "$binary.tmp.$$" "$binary"
cp -f "$build_dir/documentdb/pg_documentdb_gw/SetupConfiguration.json" "$out_dir/SetupConfiguration.json"

# A release gateway refuses to start without a certificate, even with TLS not enforced.
if [[ ! -f "$out_dir/cert/key.pem" ]]; then
  mkdir -p "$out_dir/cert"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=localhost" \
    -keyout "$out_dir/cert/key.pem" -out "$out_dir/cert/cert.pem" >/dev/null 2>&1
fi
chmod -R a+rX "$out_dir/cert" "$out_dir/bin"

rm -rf "$root"
mv "$root.new" "$root"
printf '%s\n' "$BUILD_KEY" >"$stamp"
log "done: $binary_rel and the PostgreSQL root in .cache/documentdb/root (DocumentDB $DOCUMENTDB_VERSION)"
