#!/usr/bin/env bash
# Set up (first time) and run the bot: ./scripts/run.sh [--config bot.toml]
# Without a token (no BOT_TOKEN, empty telegram.token in the config) it starts the browser
# sandbox instead: the real bot against an emulated Telegram, one address to open (docs/sandbox.md).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

config=bot.toml
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --config) config="${args[i + 1]:-}" ;;
    --config=*) config="${args[i]#--config=}" ;;
  esac
done

# Exit status 0 when a token is configured, or when the config can't be read (then `run` explains).
token_configured() {
  [ -n "${BOT_TOKEN:-}" ] && return 0
  .venv/bin/python - "$config" <<'PY'
import sys
import tomllib

try:
    with open(sys.argv[1], "rb") as file:
        telegram = tomllib.load(file).get("telegram", {})
except (OSError, tomllib.TOMLDecodeError):
    sys.exit(0)
sys.exit(0 if isinstance(telegram, dict) and telegram.get("token") else 1)
PY
}

if ! token_configured; then
  echo "No bot token (BOT_TOKEN or telegram.token in $config): starting the browser sandbox instead." >&2
  exec .venv/bin/python -m bot sandbox
fi
exec .venv/bin/python -m bot run "$@"
