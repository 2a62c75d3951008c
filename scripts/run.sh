#!/usr/bin/env bash
# Set up (first time) and run the bot: ./scripts/run.sh [--config bot.toml]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/python -m bot run "$@"
