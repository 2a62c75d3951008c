#!/usr/bin/env bash
# Set up (first time) and run every check: lint, types, the test suite.
# PostgreSQL tests run too when TEST_DATABASE_URL is set (e.g. postgresql+asyncpg://postgres@127.0.0.1/test).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
.venv/bin/ruff check .
.venv/bin/mypy
exec .venv/bin/pytest "$@"
