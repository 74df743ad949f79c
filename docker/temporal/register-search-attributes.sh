#!/bin/sh
# Registers outreach-engine's custom search attributes (workflows/contract.ts) on one Temporal namespace.
# Safe to repeat: an attribute that already exists with the right type is left alone; one that exists with
# another type is an error (change the attribute name in the contract, never its type).
#
# Needs the `temporal` CLI (present in temporalio/auto-setup and temporalio/admin-tools images).
# Environment:
#   TEMPORAL_ADDRESS      host:port of the frontend          (default temporal:7233)
#   TEMPORAL_NAMESPACE    namespace to register on            (default default)
#   WAIT_SECONDS          how long to wait for server and namespace (default 180)
# Any other TEMPORAL_* variable the CLI understands (TLS, API key, ...) is passed through by the CLI itself.
#
# Self-hosted clusters only; Temporal Cloud namespaces take search attributes through tcld or the Cloud UI
# (docs/deployment.md).
set -eu

ADDRESS="${TEMPORAL_ADDRESS:-temporal:7233}"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
WAIT_SECONDS="${WAIT_SECONDS:-180}"

# name:type, as in workflows/contract.ts (searchAttributes).
ATTRIBUTES="OutreachSequence:Keyword OutreachSequenceVersion:Int OutreachLead:Keyword OutreachNode:Keyword OutreachStatus:Keyword"

log() { echo "register-search-attributes: $*"; }
fail() { echo "register-search-attributes: $*" >&2; exit 1; }

# Waits until "$@" succeeds, at most WAIT_SECONDS.
wait_for() {
  what="$1"; shift
  waited=0
  until "$@" >/dev/null 2>&1; do
    if [ "$waited" -ge "$WAIT_SECONDS" ]; then
      fail "gave up after ${WAIT_SECONDS}s waiting for $what at $ADDRESS"
    fi
    sleep 2
    waited=$((waited + 2))
  done
}

serving() { temporal operator cluster health --address "$ADDRESS" | grep -qw SERVING; }
list_attributes() { temporal operator search-attribute list --address "$ADDRESS" --namespace "$NAMESPACE"; }

# The line describing attribute $1 in `search-attribute list` output (table or JSON), if any.
attribute_line() {
  printf '%s\n' "$LISTING" | grep -E "(^|[^A-Za-z0-9_])$1([^A-Za-z0-9_]|\$)" || true
}

# True when that line names type $2 (Keyword / Int), whether printed as "Keyword" or INDEXED_VALUE_TYPE_KEYWORD.
line_has_type() {
  type_lower=$(printf '%s' "$2" | tr '[:upper:]' '[:lower:]')
  printf '%s\n' "$1" | tr '[:upper:]' '[:lower:]' \
    | grep -Eq "(^|[^a-z0-9_])(indexed_value_type_)?${type_lower}([^a-z0-9_]|\$)"
}

log "waiting for the Temporal frontend at $ADDRESS"
wait_for "the frontend to report SERVING" serving
# auto-setup creates the namespace in the background after the server starts; listing its search
# attributes also waits out the namespace cache refresh.
log "waiting for namespace $NAMESPACE"
wait_for "namespace $NAMESPACE" list_attributes

for entry in $ATTRIBUTES; do
  name=${entry%%:*}
  type=${entry#*:}
  attempt=1
  while :; do
    LISTING=$(list_attributes 2>&1) || fail "cannot list search attributes of namespace $NAMESPACE: $LISTING"
    line=$(attribute_line "$name")
    if [ -n "$line" ]; then
      if line_has_type "$line" "$type"; then
        log "$name ($type) already registered on $NAMESPACE"
        break
      fi
      fail "$name exists on namespace $NAMESPACE with another type ($(printf '%s' "$line" | tr -s ' \t' ' ' | sed 's/^ //; s/ $//')); expected $type"
    fi
    if output=$(temporal operator search-attribute create --address "$ADDRESS" --namespace "$NAMESPACE" \
      --name "$name" --type "$type" 2>&1); then
      log "$name ($type) registered on $NAMESPACE"
      break
    fi
    # Lost a race with another registrar, or the namespace cache is not warm yet: look again.
    if [ "$attempt" -ge 10 ]; then
      fail "could not register $name ($type) on $NAMESPACE: $output"
    fi
    log "retrying $name ($type) after: $output"
    attempt=$((attempt + 1))
    sleep 3
  done
done

log "done: $(echo "$ATTRIBUTES" | wc -w | tr -d ' ') search attributes present on namespace $NAMESPACE"
