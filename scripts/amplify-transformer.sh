#!/usr/bin/env bash
# Installs Amplify's GraphQL transformer (npm @aws-amplify/graphql-transformer, Apache-2.0, the
# library behind `amplify add api` and the AmplifyGraphqlApi CDK construct; versions pinned in
# tests/amplify-transformer/package.json and package-lock.json) into
# tests/amplify-transformer/node_modules. The model test (tests/amplify_models.rs) runs
# tests/amplify-transformer/transform.js with it and compares its output schema with ours.
# Idempotent: runs `npm ci` only when the package is missing or not the pinned version.
set -euo pipefail
cd "$(dirname "$0")/../tests/amplify-transformer"
pinned=$(node -p 'require("./package-lock.json").packages["node_modules/@aws-amplify/graphql-transformer"].version')
installed=$(node -p 'try { require("./node_modules/@aws-amplify/graphql-transformer/package.json").version } catch { "" }')
if [ "$pinned" != "$installed" ]; then
  npm ci --no-audit --no-fund
fi
