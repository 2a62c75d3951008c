#!/usr/bin/env bash
# Set up (first time) and run the checks: lint, types, then the tests (docs/testing.md).
#   ./scripts/test.sh           the fast tiers: rules, documents, transcripts against the recording
#                               stub, storage, outbox, sandbox, on SQLite (about 2 minutes)
#   ./scripts/test.sh --full    everything CI runs: also end to end against the emulator (both
#                               frameworks, polling and webhook, restarts, several instances), the
#                               browser, and every database test on PostgreSQL too when
#                               TEST_DATABASE_URL is set (e.g. postgresql+asyncpg://postgres@127.0.0.1/test)
# Other arguments go to pytest (e.g. -x, -k name, --durations=40).
set -euo pipefail
cd "$(dirname "$0")/.."
full=0
args=()
for arg in "$@"; do
  if [ "$arg" = "--full" ]; then full=1; else args+=("$arg"); fi
done
scripts/setup.sh test
.venv/bin/ruff check .
.venv/bin/mypy
# Compiled modules are kept between runs (and shared by the two workers).
unset PYTHONDONTWRITEBYTECODE
# The tests' folders (and their SQLite files, written with synchronous=FULL) in memory when
# there is a /dev/shm: a commit there costs no disk flush. pytest keeps only a failed test's folder.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
  export TMPDIR=/dev/shm
fi
workers=(-n 2)  # pytest-xdist: one worker per core of a 2-core machine
if [ "$full" -eq 1 ]; then
  exec .venv/bin/pytest "${workers[@]}" ${args[@]+"${args[@]}"}
else
  exec env -u TEST_DATABASE_URL .venv/bin/pytest "${workers[@]}" -m "not full" ${args[@]+"${args[@]}"}
fi
