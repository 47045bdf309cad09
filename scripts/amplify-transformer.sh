#!/usr/bin/env bash
# Installs Amplify's GraphQL transformer (npm @aws-amplify/graphql-transformer, Apache-2.0, the
# library behind `amplify add api` and the AmplifyGraphqlApi CDK construct; versions pinned in
# tests/amplify-transformer/package.json and package-lock.json) into
# tests/amplify-transformer/node_modules. The model test (tests/amplify_models.rs) runs
# tests/amplify-transformer/transform.js with it and compares its output schema with ours.
# Idempotent: runs `npm ci` only when the package is missing or not the pinned version.
set -euo pipefail
root="$(dirname "$0")/.."
"$root/scripts/npm-pinned.sh" "$root/tests/amplify-transformer" "@aws-amplify/graphql-transformer"
