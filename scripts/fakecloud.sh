#!/usr/bin/env bash
# Installs (once) the fakecloud AWS emulator into target/tools/bin/fakecloud, for the activity
# worker tests (workflow-deploy/tests/moto/fakecloud.rs): moto does not implement
# GetActivityTask, fakecloud runs activity tasks end to end. fakecloud is AGPL-licensed: it is
# only ever run as a separate test server process, never linked or depended on.
# Safe to run again: nothing is done when the pinned version is installed. Prints the binary's
# path on the last line.
set -euo pipefail
cd "$(dirname "$0")/.."
version=0.51.0
root="$(pwd)/target/tools"
bin="$root/bin/fakecloud"
if [[ -x "$bin" ]] && "$bin" --version 2>/dev/null | grep -q "$version"; then
  echo "$bin"
  exit 0
fi
echo "== installing fakecloud $version into $root (a few minutes the first time)" >&2
cargo install fakecloud --version "$version" --locked --root "$root" >&2
echo "$bin"
