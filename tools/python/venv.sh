#!/usr/bin/env bash
# Creates (once) the Python virtualenv of the third-party clients the tests run
# (datacontract-cli, pyiceberg, schemathesis, openlineage-python: requirements.txt
# beside this file) in a per-user cache, and prints its bin directory as the LAST
# line of stdout. Everything else goes to stderr, so callers can do:
#
#   PATH="$(tools/python/venv.sh | tail -1):$PATH"
#
# The cache key is the requirements file and the interpreter's version: a changed
# requirements file builds a new venv, the old one is left for other checkouts
# (remove ~/.cache/meshplane/python to reclaim the space).
#
#   --check   print the bin directory if the venv for the current requirements is
#             ready, exit 1 otherwise; never installs (test/support/python.ts)
#
# MESHPLANE_PYTHON chooses the interpreter (default python3, 3.10 or later);
# MESHPLANE_CACHE_DIR the cache root (default ~/.cache/meshplane).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REQUIREMENTS="$SCRIPT_DIR/requirements.txt"
PYTHON="${MESHPLANE_PYTHON:-python3}"

log() { printf 'python-venv: %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

command -v "$PYTHON" >/dev/null || die "$PYTHON is not installed"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' ||
  die "$PYTHON is $("$PYTHON" --version 2>&1); the clients need Python 3.10 or later"

key="$({ cat "$REQUIREMENTS"; "$PYTHON" --version 2>&1; } | sha256sum | cut -c1-16)"
CACHE_ROOT="${MESHPLANE_CACHE_DIR:-$HOME/.cache/meshplane}/python"
VENV="$CACHE_ROOT/venv-$key"
READY="$VENV/.meshplane-ready"

if [[ -f "$READY" ]]; then
  log "using the cached venv $VENV"
  echo "$VENV/bin"
  exit 0
fi
[[ "${1:-}" == "--check" ]] && exit 1

# Two checkouts may build at once: one builds, the other waits and reuses it.
mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/venv-$key.lock"
flock 9
if [[ ! -f "$READY" ]]; then
  start=$SECONDS
  log "creating $VENV from $REQUIREMENTS with $("$PYTHON" --version 2>&1)"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
    --requirement "$REQUIREMENTS" >&2
  "$VENV/bin/datacontract" --version >&2 || die "datacontract-cli does not run in $VENV"
  touch "$READY"
  log "created in $((SECONDS - start))s"
fi
echo "$VENV/bin"
