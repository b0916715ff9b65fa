#!/usr/bin/env bash
# Builds the Pulumi CLI from its Go modules (through the Go module proxy) into a
# per-user cache, once, and prints the directory holding it as the LAST line of
# stdout. Everything else goes to stderr, so callers can do:
#
#   PATH="$(tools/pulumi-cli/build.sh | tail -1):$PATH"
#
# With --cached it builds nothing: it prints the directory when the cache (or an
# installed CLI, step 2) can be used as it is, and exits 3 otherwise.
#
# The directory holds what a Node.js Pulumi program needs from the CLI side:
#   pulumi                         the CLI (github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
#   pulumi-language-nodejs         Node.js language host (Meshplane's own, see
#                                  language-nodejs/main.go and README.md for why)
#   pulumi-resource-pulumi-nodejs  dynamic-provider shim (same script as the
#                                  official distribution ships)
#   pulumi-analyzer-policy         policy-pack shim (same script as the official
#                                  distribution ships)
#
# See README.md beside this file for the version choice and timings.
set -euo pipefail

CACHED_ONLY=false
[[ "${1:-}" == "--cached" ]] && CACHED_ONLY=true

# The npm package @pulumi/pulumi is 3.270.0, but the Go module proxy reachable
# here does not serve github.com/pulumi/pulumi/pkg/v3 source newer than v3.259.0
# (README.md). MESHPLANE_PULUMI_VERSION overrides, e.g. once v3.270.0 is served.
VERSION="${MESHPLANE_PULUMI_VERSION:-v3.259.0}"
# A `pulumi` already on PATH is used as it is if it reports one of these.
WANTED_VERSIONS=("v3.270.0" "$VERSION")

CACHE_ROOT="${MESHPLANE_CACHE_DIR:-$HOME/.cache/meshplane}/pulumi-cli/$VERSION"
BIN="$CACHE_ROOT/bin"
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
HOST_SRC="$SCRIPT_DIR/language-nodejs"

log() { printf 'pulumi-cli: %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

# Fingerprint of the language host's source: a change rebuilds the host.
host_hash() { cat "$HOST_SRC"/*.go | sha256sum | cut -d' ' -f1; }

version_of() { "$1" version 2>/dev/null | head -1 | tr -d '[:space:]' || true; }

is_wanted() {
  local v="$1" w
  for w in "${WANTED_VERSIONS[@]}"; do [[ "$v" == "$w" ]] && return 0; done
  return 1
}

# 1. The cache, when complete and current.
cli_ok=false host_ok=false
if [[ -x "$BIN/pulumi" && "$(version_of "$BIN/pulumi")" == "$VERSION" ]]; then cli_ok=true; fi
if [[ -x "$BIN/pulumi-language-nodejs" && -f "$CACHE_ROOT/language-nodejs.sha256" &&
  "$(cat "$CACHE_ROOT/language-nodejs.sha256")" == "$(host_hash)" ]]; then host_ok=true; fi
if $cli_ok && $host_ok && [[ -x "$BIN/pulumi-resource-pulumi-nodejs" && -x "$BIN/pulumi-analyzer-policy" ]]; then
  log "using cached Pulumi CLI $VERSION"
  echo "$BIN"
  exit 0
fi

# 2. A Pulumi CLI of the wanted version installed the official way.
if ! $cli_ok && on_path="$(command -v pulumi 2>/dev/null)"; then
  dir="$(cd "$(dirname "$on_path")" && pwd)"
  v="$(version_of "$on_path")"
  if [[ "$dir" != "$BIN" ]] && is_wanted "$v" &&
    [[ -x "$dir/pulumi-language-nodejs" && -x "$dir/pulumi-resource-pulumi-nodejs" ]]; then
    log "using the Pulumi CLI $v already installed in $dir"
    echo "$dir"
    exit 0
  fi
fi

if $CACHED_ONLY; then
  log "no usable Pulumi CLI $VERSION in $BIN (nothing built: --cached)"
  exit 3
fi

# 3. Build.
command -v go >/dev/null || die "go is not installed (needed to build the Pulumi CLI)"
export GOFLAGS=-mod=mod GOWORK=off CGO_ENABLED=0
start=$SECONDS
work="$(mktemp -d "${TMPDIR:-/tmp}/meshplane-pulumi-build.XXXXXX")"
trap 'rm -rf "$work"' EXIT

pkg_mod="github.com/pulumi/pulumi/pkg/v3"
sdk_mod="github.com/pulumi/pulumi/sdk/v3"
log "fetching $pkg_mod@$VERSION through the Go module proxy"
gomod="$(go mod download -json "$pkg_mod@$VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",*$/\1/p')"
[[ -f "$gomod" ]] || die "could not download $pkg_mod@$VERSION (is that version served by the Go module proxy?)"

# The CLI's go.mod replaces sdk/v3 with ../sdk, so `go install pkg@version`
# refuses it. A throwaway wrapper module requires pkg/v3 and sdk/v3 at the same
# version and repeats the CLI's replace directives that point at other modules.
replaces=()
while IFS= read -r r; do [[ -n "$r" ]] && replaces+=("-replace=$r"); done < <(
  awk '
    function emit(line,   parts, n, i, left, right, l, rr) {
      sub(/\/\/.*/, "", line)
      n = split(line, parts, "=>")
      if (n != 2) return
      split(parts[1], l, " "); split(parts[2], rr, " ")
      if (rr[1] ~ /^(\.|\/)/ || rr[2] == "") return   # local path: skip
      left = l[1]; if (l[2] != "") left = left "@" l[2]
      print left "=" rr[1] "@" rr[2]
    }
    /^replace[[:space:]]*\($/ { block = 1; next }
    block && /^\)/ { block = 0; next }
    block { emit($0); next }
    /^replace[[:space:]]/ { sub(/^replace[[:space:]]+/, ""); emit($0) }
  ' "$gomod"
)
go_version="$(awk '$1 == "go" { print $2; exit }' "$gomod")"
log "wrapper module: go ${go_version:-?}, ${#replaces[@]} replace(s) copied from $pkg_mod: ${replaces[*]:-none}"

(
  cd "$work"
  go mod init meshplane.invalid/pulumi-cli-build >/dev/null 2>&1
  go mod edit ${go_version:+-go="$go_version"} -require="$pkg_mod@$VERSION" -require="$sdk_mod@$VERSION" \
    "${replaces[@]}"
  mkdir pulumi-language-nodejs
  cp "$HOST_SRC"/*.go pulumi-language-nodejs/
  # Keeps the CLI's packages in the module graph for `go mod tidy`.
  printf '//go:build tools\n\npackage tools\n\nimport _ "%s/cmd/pulumi"\n' "$pkg_mod" >tools.go
  log "resolving dependencies (go mod tidy)"
  go mod tidy >&2
)

targets=()
$cli_ok || targets+=("$pkg_mod/cmd/pulumi")
targets+=("./pulumi-language-nodejs")
log "compiling ${targets[*]} (the first build takes a while; later ones reuse $(go env GOCACHE))"
mkdir -p "$work/out"
(
  cd "$work"
  go build -trimpath -tags osusergo,grpcnotrace \
    -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$VERSION" \
    -o "$work/out/" "${targets[@]}" >&2
)

mkdir -p "$BIN"
$cli_ok || install -m 0755 "$work/out/pulumi" "$BIN/pulumi"
install -m 0755 "$work/out/pulumi-language-nodejs" "$BIN/pulumi-language-nodejs"

# The official distribution's shims (sdk/nodejs/dist in the pulumi repository).
cat >"$BIN/pulumi-resource-pulumi-nodejs" <<'EOF'
#!/bin/sh
PULUMI_DYNAMIC_PROVIDER_SCRIPT_PATH=$(node -e "console.log(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))")
if [ ! -z "$PULUMI_DYNAMIC_PROVIDER_SCRIPT_PATH" ]; then
    node "$PULUMI_DYNAMIC_PROVIDER_SCRIPT_PATH" $@
fi
EOF
cat >"$BIN/pulumi-analyzer-policy" <<'EOF'
#!/bin/sh
PULUMI_RUN_SCRIPT_PATH=$(node -e "try { console.log(require.resolve('@pulumi/pulumi/cmd/run-policy-pack')) } catch (e) { console.error(e.message) }")
if [ ! -z "$PULUMI_RUN_SCRIPT_PATH" ]; then
    node "$PULUMI_RUN_SCRIPT_PATH" $@
fi
EOF
chmod 0755 "$BIN/pulumi-resource-pulumi-nodejs" "$BIN/pulumi-analyzer-policy"
host_hash >"$CACHE_ROOT/language-nodejs.sha256"

got="$(version_of "$BIN/pulumi")"
[[ "$got" == "$VERSION" ]] || die "built pulumi reports version '$got', expected $VERSION"
log "built Pulumi CLI $VERSION in $((SECONDS - start))s into $BIN"
echo "$BIN"
