#!/usr/bin/env bash
# Fetches (once) the official Iceberg Java client's jars listed in jars.txt beside this file from
# Maven Central, checks each one's pinned sha256, and prints the directory holding them as the
# LAST line of stdout (everything else goes to stderr), for
#
#   java -cp "$(bash tools/iceberg-java/fetch.sh | tail -1)/*" tools/iceberg-java/ValidateResponses.java …
#
# The cache key is jars.txt: a changed list fetches into a new directory.
#   --check   print the directory if it is complete, exit 1 otherwise; never downloads
# MESHPLANE_CACHE_DIR chooses the cache root (default ~/.cache/meshplane);
# MESHPLANE_MAVEN_URL the repository (default Maven Central).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LIST="$SCRIPT_DIR/jars.txt"
MAVEN="${MESHPLANE_MAVEN_URL:-https://repo1.maven.org/maven2}"

log() { printf 'iceberg-java: %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

key="$(sha256sum "$LIST" | cut -c1-16)"
CACHE_ROOT="${MESHPLANE_CACHE_DIR:-$HOME/.cache/meshplane}/iceberg-java"
DIR="$CACHE_ROOT/jars-$key"
READY="$DIR/.meshplane-ready"

if [[ -f "$READY" ]]; then
  echo "$DIR"
  exit 0
fi
[[ "${1:-}" == "--check" ]] && exit 1
command -v curl >/dev/null || die "curl is not installed"

mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/jars-$key.lock"
flock 9
if [[ ! -f "$READY" ]]; then
  rm -rf "$DIR.partial"
  mkdir -p "$DIR.partial"
  while read -r path sha256; do
    [[ -z "$path" || "$path" == \#* ]] && continue
    file="$DIR.partial/$(basename "$path")"
    log "fetching $path"
    curl -fsSL --retry 3 --max-time 300 -o "$file" "$MAVEN/$path" || die "cannot fetch $MAVEN/$path"
    echo "$sha256  $file" | sha256sum --check --quiet - >&2 || die "$path: sha256 differs from jars.txt"
  done <"$LIST"
  rm -rf "$DIR"
  mv "$DIR.partial" "$DIR"
  touch "$READY"
fi
echo "$DIR"
