#!/usr/bin/env bash
# The release's reproducible-build check: a second clean build of this commit, in a fresh clone with a fresh
# `npm ci`, must give dist/ byte for byte as committed (CI's first clean build already compared equal).
# Usage: scripts/release/reproducible-build.sh   (from a checkout whose HEAD is the commit to check)
set -euo pipefail
cd "$(dirname "$0")/../.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone --quiet --no-hardlinks . "$work/clone"
git -C "$work/clone" checkout --quiet "$(git rev-parse HEAD)"
(cd "$work/clone" && npm ci --no-audit --no-fund --prefer-offline >/dev/null && npm run build >/dev/null)
committed="$(git ls-tree -r HEAD -- dist | sha256sum | cut -d' ' -f1)"
rebuilt="$(cd "$work/clone" && git add -A dist && git ls-files -s -- dist | awk '{print $2, $4}' | sha256sum | cut -d' ' -f1)"
expected="$(git ls-files -s -- dist | awk '{print $2, $4}' | sha256sum | cut -d' ' -f1)"
if [ "$rebuilt" != "$expected" ]; then
  echo "reproducible-build: a clean rebuild of $(git rev-parse --short HEAD) differs from the committed dist/:" >&2
  (cd "$work/clone" && git status --short -- dist) >&2
  exit 1
fi
echo "reproducible-build: a second clean build gives the committed dist/ byte for byte ($(git ls-files -- dist | wc -l) files, tree ${committed:0:12})"
