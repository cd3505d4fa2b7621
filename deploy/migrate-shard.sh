#!/bin/sh
# Runs in the migration container (POSIX sh), or on any machine with the `capsule` CLI. One copy of
# `capsule migrate bbb-to-pod`: it saves the two server profiles in its own library, then takes share
# INDEX of SHARDS. The index comes from whatever engine runs the copies: Kubernetes (JOB_COMPLETION_INDEX),
# Slurm (SLURM_ARRAY_TASK_ID) or anything else (SHARD_INDEX). Extra arguments go to the migrate command.
set -eu

: "${BBB_URL:?set BBB_URL to the BigBlueButton or Scalelite API address}"
: "${BBB_SECRET_FILE:?set BBB_SECRET_FILE to a file holding the shared secret}"
: "${POD_URL:?set POD_URL to the Pod server address}"
: "${POD_TOKEN_FILE:?set POD_TOKEN_FILE to a file holding a staff API token}"
: "${POD_ADMIN:?set POD_ADMIN to the Pod username of that token}"
: "${SHARDS:?set SHARDS to the number of copies (the Job completions, the array size)}"

INDEX="${JOB_COMPLETION_INDEX:-${SLURM_ARRAY_TASK_ID:-${SHARD_INDEX:-}}}"
if [ -z "$INDEX" ]; then
  echo "No shard index: set JOB_COMPLETION_INDEX (Kubernetes Indexed Job), SLURM_ARRAY_TASK_ID (Slurm --array=0-N) or SHARD_INDEX." >&2
  exit 2
fi

# One library per copy: two copies never share one (it is locked by the process using it).
export CAPSULE_LIBRARY="${CAPSULE_LIBRARY:-/var/lib/capsule/shard-$INDEX}"
REPORT_DIR="${REPORT_DIR:-$CAPSULE_LIBRARY}"
mkdir -p "$CAPSULE_LIBRARY" "$REPORT_DIR"

capsule bbb profile add bbb --url "$BBB_URL" --secret-file "$BBB_SECRET_FILE" --checksum "${BBB_CHECKSUM:-sha256}"
capsule pod profile add pod --url "$POD_URL" --token-file "$POD_TOKEN_FILE" --owner "$POD_ADMIN"

# exec: the migration is this process, so the engine's stop signal (SIGTERM) reaches it directly.
if [ -n "${OWNER_FROM:-}" ]; then
  exec capsule migrate bbb-to-pod --bbb-profile bbb --pod-profile pod --shard "$INDEX/$SHARDS" --owner-from "$OWNER_FROM" --report "$REPORT_DIR/shard-$INDEX.json" "$@"
fi
exec capsule migrate bbb-to-pod --bbb-profile bbb --pod-profile pod --shard "$INDEX/$SHARDS" --report "$REPORT_DIR/shard-$INDEX.json" "$@"
