#!/usr/bin/env bash
# Installs the npm packages pinned in <folder>/package.json and package-lock.json into
# <folder>/node_modules, running `npm ci` only when <package> is missing or not the pinned
# version. Used by the scripts that install a test's judge (iam-data.sh, amplify-transformer.sh).
#   scripts/npm-pinned.sh <folder> <package>
set -euo pipefail
cd "$1"
package="$2"
pinned=$(node -p "require('./package-lock.json').packages['node_modules/$package'].version")
installed=$(node -p "try { require('./node_modules/$package/package.json').version } catch { '' }")
if [ "$pinned" != "$installed" ]; then
  npm ci --no-audit --no-fund
fi
