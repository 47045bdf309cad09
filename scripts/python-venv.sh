#!/usr/bin/env bash
# Creates (once) the Python virtual environment .venv/ at the repository root and installs the
# tools pinned in requirements-dev.txt (cfn-lint and checkov, used by tests/cfn_lint.rs). Safe to
# run again: the venv is reused and nothing is installed when the pinned versions are already
# there. Prints the venv's path on the last line of its output.
#
# Needs python3 with the venv module (Debian/Ubuntu: apt-get install python3-venv) and network
# access to PyPI the first time. PYTHON=/path/to/python3 picks another interpreter.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
venv="$root/.venv"
requirements="$root/requirements-dev.txt"
python=${PYTHON:-python3}

if [[ ! -x "$venv/bin/python" ]]; then
  echo "== creating $venv" >&2
  "$python" -m venv "$venv"
fi

# Every `name==version` line of requirements-dev.txt must be installed at exactly that version.
up_to_date() {
  local line name version installed
  while IFS= read -r line; do
    line=${line%%#*}
    line=${line//[[:space:]]/}
    [[ -z "$line" ]] && continue
    name=${line%%==*}
    name=${name%%\[*}   # `moto[server]` is installed as `moto`
    version=${line#*==}
    installed=$("$venv/bin/python" -m pip show "$name" 2>/dev/null |
      sed -n 's/^Version: //p') || true
    [[ "$installed" == "$version" ]] || return 1
  done < "$requirements"
  return 0
}

if up_to_date; then
  echo "== pinned tools already installed" >&2
else
  echo "== installing $(grep -v '^#' "$requirements" | xargs)" >&2
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" >&2
  up_to_date || { echo "error: the installed versions do not match $requirements" >&2; exit 1; }
fi
echo "$venv"
