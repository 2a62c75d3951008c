"""The ``sandbox`` sub-command: try the bot in a browser, without a token or Telegram.

Wired into ``python -m bot`` by ``bot/cli.py``; ``python -m bot.sandbox.command`` runs it too.
Importing this module is cheap (the parser of every sub-command uses it); the sandbox itself,
with the bot's services and frameworks, is imported only when it runs.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

EXIT_OK, EXIT_CANNOT_START, EXIT_CONFIG = 0, 1, 2
DATA_DIR = Path("var/sandbox")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8088, help="port on 127.0.0.1 (0: any free port)")
    parser.add_argument("--framework", choices=["ptb", "aiogram"], default="ptb")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=DATA_DIR,
        help="the sandbox's database, files and chats, kept across restarts (default: %(default)s)",
    )
    parser.add_argument("--fresh", action="store_true", help="start empty: delete the data of earlier runs")
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help="a bot.toml with your own campaign, districts, experts… (the sandbox keeps its own "
        "Telegram address, database and files)",
    )


def cmd_sandbox(
    port: int, framework: str, data_dir: Path = DATA_DIR, fresh: bool = False, config: Path | None = None
) -> int:
    """Run until Ctrl-C / SIGTERM; stdout gets only the page's address, stderr where the data is
    kept (and warnings)."""
    from bot.logs import setup_logging
    from bot.sandbox.run import SandboxError, new_token, run_sandbox
    from bot.validation import ConfigError

    token = new_token()  # this run's only: never printed, kept out of every log line
    setup_logging("WARNING", "text", [token])
    try:
        asyncio.run(
            run_sandbox(token, port=port, framework=framework, data_dir=data_dir, fresh=fresh, config=config)
        )
    except SandboxError as error:
        print(f"sandbox: {error}", file=sys.stderr)
        return EXIT_CANNOT_START
    except ConfigError as error:
        print("\n".join(error.lines), file=sys.stderr)
        return EXIT_CONFIG
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot sandbox", description=__doc__)
    add_arguments(parser)
    args = parser.parse_args(argv)
    return cmd_sandbox(args.port, args.framework, args.data_dir, args.fresh, args.config)


if __name__ == "__main__":
    sys.exit(main())
