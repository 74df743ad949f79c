#!/usr/bin/env bash
# Validates docker-compose.yml without a Docker engine, for CI and before committing:
#   docker/validate-compose.sh [COMPOSE_FILE]
#
# Runs `docker-compose config -q` (standalone Compose v1, e.g. Debian's 1.29:
# `apt-get install -y docker-compose`) and `docker compose config -q` (the Compose v2 plugin), whichever
# are installed; the file must pass every one that is. Exits non-zero when one fails or when neither is
# installed. Neither command talks to an engine: they parse, interpolate and check the schema only.
#
# The check interpolates variables, so it runs with a throwaway environment (`env -i`) plus PATH and HOME:
# a developer's exported TEMPORAL_ADDRESS or .env overrides cannot make it pass or fail by accident.
set -uo pipefail

cd "$(dirname "$0")/.." || exit 2
file="${1:-docker-compose.yml}"

if [ ! -f "$file" ]; then
  echo "validate-compose: $file not found" >&2
  exit 2
fi

clean_env=(env -i "PATH=$PATH" "HOME=${HOME:-/tmp}")
# An empty --env-file keeps a local .env out of the check (both v1 1.25+ and v2 accept the flag).
empty_env_file=$(mktemp)
trap 'rm -f "$empty_env_file"' EXIT

ran=0
failed=0

check() {
  local label="$1"
  shift
  local output
  ran=$((ran + 1))
  if output=$("${clean_env[@]}" "$@" 2>&1); then
    echo "validate-compose: OK   $label"
    # Warnings (for example obsolete keys) are printed even on success.
    [ -n "$output" ] && printf '%s\n' "$output" | sed 's/^/    /'
  else
    failed=$((failed + 1))
    echo "validate-compose: FAIL $label" >&2
    printf '%s\n' "$output" | sed 's/^/    /' >&2
  fi
}

if command -v docker-compose >/dev/null 2>&1; then
  version=$(docker-compose version --short 2>/dev/null || echo unknown)
  check "docker-compose $version: docker-compose -f $file config -q" \
    docker-compose --env-file "$empty_env_file" -f "$file" config -q
fi

if command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
  version=$(docker compose version --short 2>/dev/null || echo unknown)
  check "docker compose $version: docker compose -f $file config -q" \
    docker compose --env-file "$empty_env_file" -f "$file" config -q
fi

if [ "$ran" -eq 0 ]; then
  echo "validate-compose: neither docker-compose nor the docker compose plugin is installed;" >&2
  echo "  install one, e.g. apt-get update && apt-get install -y docker-compose" >&2
  exit 2
fi

if [ "$failed" -gt 0 ]; then
  echo "validate-compose: $file is invalid for $failed of $ran compose implementation(s)" >&2
  exit 1
fi
echo "validate-compose: $file is valid ($ran compose implementation(s) checked)"
