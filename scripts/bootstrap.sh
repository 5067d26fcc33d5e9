#!/usr/bin/env bash
# Installs everything the tests, the demo and the benchmark need on a fresh Debian machine, and
# nothing that is already there: Debian's docker-registry (Docker Distribution 2.8) and apache2-utils
# (htpasswd), the pinned cosign v3 and v2 CLIs and syft built with `go install`, the referrers
# registry (tools/referrers-registry) built with `go build`, the pinned zizmor (the workflow security
# linter `npm run lint` runs) in a Python venv, all cached outside the checkout, and the npm
# dependencies from the lockfile. Safe to run again; a second run takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

tools_dir="${SIGIL_TOOLS_DIR:-$HOME/.cache/sigil-tools}"
sudo_cmd=""
if [ "$(id -u)" != "0" ]; then sudo_cmd="sudo"; fi

need_apt=()
command -v docker-registry >/dev/null 2>&1 || [ -x /usr/bin/docker-registry ] || need_apt+=(docker-registry)
command -v htpasswd >/dev/null 2>&1 || need_apt+=(apache2-utils)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
# zizmor is installed into a venv: Debian splits `venv`'s pip bootstrap (ensurepip) into python3-venv.
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || need_apt+=(python3-venv)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "bootstrap: installing ${need_apt[*]} from Debian"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
# The package's own service is not wanted: tests start their own registries on free loopback ports.

if ! command -v go >/dev/null 2>&1; then
  echo "bootstrap: Go is required to build the pinned cosign and syft CLIs and the referrers registry." >&2
  exit 1
fi

version_of() { node -e "process.stdout.write(require('./tools/versions.json').cosign['$1'])"; }
build_cosign() { # major module-path
  local version dir
  version="$(version_of "$1")"
  dir="$tools_dir/cosign-$version"
  if [ -x "$dir/cosign" ] && "$dir/cosign" version 2>/dev/null | grep -q "${version#v}"; then
    echo "bootstrap: cosign $version cached at $dir"
    return
  fi
  echo "bootstrap: building cosign $version (go install, cached in $dir)"
  mkdir -p "$dir.tmp"
  GOBIN="$(cd "$dir.tmp" && pwd)" GOFLAGS=-trimpath go install "$2/cmd/cosign@$version"
  rm -rf "$dir" && mv "$dir.tmp" "$dir"
}
build_cosign v3 github.com/sigstore/cosign/v3
build_cosign v2 github.com/sigstore/cosign/v2

# syft generates the SBOMs of attest-sbom's tests. `go install` leaves the version unset, so it is
# stamped in as the release build does: SBOMs then name their creator "Tool: syft-<version>".
build_syft() {
  local version dir
  version="$(node -e "process.stdout.write(require('./tools/versions.json').syft)")"
  dir="$tools_dir/syft-$version"
  if [ -x "$dir/syft" ] && "$dir/syft" version 2>/dev/null | grep -q "^Version:[[:space:]]*${version#v}$"; then
    echo "bootstrap: syft $version cached at $dir"
    return
  fi
  echo "bootstrap: building syft $version (go install, cached in $dir)"
  mkdir -p "$dir.tmp"
  GOBIN="$(cd "$dir.tmp" && pwd)" GOFLAGS=-trimpath \
    go install -ldflags "-X main.version=${version#v}" "github.com/anchore/syft/cmd/syft@$version"
  rm -rf "$dir" && mv "$dir.tmp" "$dir"
}
build_syft

# The registry with the OCI 1.1 referrers API that tests start beside Docker Distribution (which has
# none): go-containerregistry's pkg/registry behind our tools/referrers-registry/main.go, at the
# version its go.mod pins (and tools/versions.json records). A hash of its sources, kept beside the
# binary, rebuilds it when they change; the launcher (packages/testing) checks the same hash.
build_referrers_registry() {
  local version src hash dir
  version="$(node -e "process.stdout.write(require('./tools/versions.json')['go-containerregistry'])")"
  src=tools/referrers-registry
  if ! grep -Eq "^(require)?[[:space:]]*github.com/google/go-containerregistry $version( |\$)" "$src/go.mod"; then
    echo "bootstrap: $src/go.mod does not require go-containerregistry $version (tools/versions.json)" >&2
    exit 1
  fi
  hash="$(cat "$src/go.mod" "$src/go.sum" "$src/main.go" | sha256sum | cut -c1-16)"
  dir="$tools_dir/referrers-registry-$version"
  if [ -x "$dir/referrers-registry" ] && [ "$(cat "$dir/source.sha256" 2>/dev/null)" = "$hash" ]; then
    echo "bootstrap: referrers-registry (go-containerregistry $version) cached at $dir"
    return
  fi
  echo "bootstrap: building referrers-registry (go-containerregistry $version, go build, cached in $dir)"
  mkdir -p "$dir.tmp"
  (cd "$src" && go build -mod=readonly -trimpath -buildvcs=false -ldflags "-s -w" \
    -o "$(cd "$dir.tmp" && pwd)/referrers-registry" .)
  echo "$hash" >"$dir.tmp/source.sha256"
  rm -rf "$dir" && mv "$dir.tmp" "$dir"
}
build_referrers_registry

# zizmor, the GitHub Actions security linter that scripts/lint-workflows.mjs runs. PyPI ships it as a
# wheel holding one Rust binary; pip installs every file by the sha256 that tools/zizmor.requirements.txt
# pins (PyPI's own digests), wheels only, nothing else. A venv records its own absolute path, so it is
# made in place rather than in a .tmp folder that is renamed; the version check below is what marks an
# install complete (an interrupted one fails it and is made again).
install_zizmor() {
  local version requirements dir
  version="$(node -e "process.stdout.write(require('./tools/versions.json').zizmor)")"
  requirements=tools/zizmor.requirements.txt
  if ! grep -Eq "^zizmor==${version//./\\.}[[:space:]]" "$requirements"; then
    echo "bootstrap: $requirements does not pin zizmor==$version (tools/versions.json)" >&2
    exit 1
  fi
  dir="$tools_dir/zizmor-$version"
  if [ -x "$dir/bin/zizmor" ] && [ "$("$dir/bin/zizmor" --version 2>/dev/null)" = "zizmor $version" ]; then
    echo "bootstrap: zizmor $version cached at $dir"
    return
  fi
  echo "bootstrap: installing zizmor $version from PyPI (pip --require-hashes, venv in $dir)"
  rm -rf "$dir"
  mkdir -p "$tools_dir"
  python3 -m venv "$dir"
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
    --require-hashes --only-binary=:all: --no-deps -r "$requirements"
  if [ "$("$dir/bin/zizmor" --version 2>/dev/null)" != "zizmor $version" ]; then
    echo "bootstrap: $dir/bin/zizmor does not report version $version" >&2
    exit 1
  fi
}
install_zizmor

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "bootstrap: npm ci"
  npm ci --no-audit --no-fund
else
  echo "bootstrap: node_modules up to date"
fi
# The workspace packages' compiled lib/ folders are what the demo and benchmark import.
npx tsc -b
echo "bootstrap: ready"
