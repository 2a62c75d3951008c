"""``python -m bot …``: run | db upgrade | campaign check | check | purge (see CONTRACTS.md)."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from pathlib import Path

from bot.campaign.schema import Campaign
from bot.config import Settings, load_settings
from bot.sandbox import command as sandbox_command
from bot.validation import ConfigError

EXIT_OK, EXIT_CONFIG = 0, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot", description="Shenbao application assistant (Telegram bot)"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="start the bot")
    run.add_argument("--config", default="bot.toml", type=Path)
    db = sub.add_parser("db", help="database maintenance")
    db.add_argument("action", choices=["upgrade"])
    db.add_argument("--config", default="bot.toml", type=Path)
    export = sub.add_parser("export", help="every application to .xlsx")
    export.add_argument("--config", default="bot.toml", type=Path)
    export.add_argument("--out", required=True, type=Path)
    backup = sub.add_parser("backup", help="copy the database and the files to a folder")
    backup.add_argument("--config", default="bot.toml", type=Path)
    backup.add_argument("--out", required=True, type=Path)
    restore = sub.add_parser("restore", help="put a backup back (stop the bot first)")
    restore.add_argument("--config", default="bot.toml", type=Path)
    restore.add_argument("--from", dest="source", required=True, type=Path)
    campaign = sub.add_parser("campaign", help="campaign files")
    campaign.add_argument("action", choices=["check"])
    campaign.add_argument("file", type=Path)
    check = sub.add_parser("check", help="check a case study .docx")
    check.add_argument("file", type=Path)
    check.add_argument("--json", action="store_true")
    check.add_argument("--campaign", type=Path, default=None)
    purge = sub.add_parser("purge", help="remove a closed campaign's personal data past its retention")
    purge.add_argument("--config", default="bot.toml", type=Path)
    purge.add_argument("--campaign", required=True)
    purge.add_argument("--before", required=True, help="applications last changed before this day")
    sandbox_command.add_arguments(sub.add_parser("sandbox", help="try the bot in a browser, no token needed"))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "run":
            return cmd_run(args.config)
        if args.command == "sandbox":
            return sandbox_command.cmd_sandbox(
                args.port, args.framework, args.data_dir, args.fresh, args.config
            )
        if args.command == "db":
            return cmd_db_upgrade(args.config)
        if args.command == "export":
            return asyncio.run(cmd_export(args.config, args.out))
        if args.command == "purge":
            from bot.purge_command import cmd_purge

            return asyncio.run(cmd_purge(args.config, args.campaign, args.before))
        if args.command in ("backup", "restore"):
            return cmd_backup_restore(args)
        if args.command == "campaign":
            from bot.campaign.summary import cmd_campaign_check

            return cmd_campaign_check(args.file)
        from bot.documents.check_command import cmd_check

        return cmd_check(args.file, args.json, args.campaign)
    except ConfigError as error:
        for line in error.lines:
            print(line, file=sys.stderr)
        return EXIT_CONFIG


def cmd_db_upgrade(config: Path) -> int:
    from storage.db import upgrade

    settings = load_settings(config)
    upgrade(settings.database_url())
    print("database is up to date")
    return EXIT_OK


async def cmd_export(config: Path, out: Path) -> int:
    """One file per campaign: ``out`` itself for one campaign, ``out-<id>.xlsx`` for several."""
    from bot.services import TEMPLATES_DIR, prepare_campaigns
    from bot.texts.render import Renderer
    from bot.usecases.districts import build_districts
    from bot.usecases.exports import build_exports
    from storage.db import Database
    from storage.repositories import Repositories

    settings = load_settings(config)
    campaigns = prepare_campaigns(settings)
    database = Database(settings.database_url())
    try:
        async with database.unit_of_work() as session:
            districts = build_districts(settings.districts, campaigns, settings.config_file)
            files = await build_exports(Repositories(session), campaigns, Renderer(TEMPLATES_DIR), districts)
    finally:
        await database.close()
    for campaign, (_, data) in zip(campaigns, files, strict=True):
        target = out if len(campaigns) == 1 else out.with_name(f"{out.stem}-{campaign.id}{out.suffix}")
        target.write_bytes(data)
        print(target)
    return EXIT_OK


def cmd_backup_restore(args: argparse.Namespace) -> int:
    from bot import backup

    settings = load_settings(args.config)
    if args.command == "backup":
        for path in backup.backup(settings, args.out):
            print(path)
    else:
        backup.restore(settings, args.source)
        print("restored")
    return EXIT_OK


def cmd_run(config: Path) -> int:
    from bot.logs import redact, secrets_of, setup_logging
    from bot.services import prepare_campaigns
    from bot.startup import StartupFailed, describe_failure
    from storage.db import upgrade

    settings = load_settings(config)
    campaigns = prepare_campaigns(settings)
    token = settings.telegram.token.get_secret_value()
    if not token:
        raise ConfigError(
            [f"{config}: telegram.token: missing; set it or the BOT_TOKEN environment variable"]
        )
    secrets = secrets_of(settings)
    setup_logging(settings.logging.level, settings.logging.format, secrets)
    try:
        url = settings.database_url()
        if url.startswith("sqlite"):
            try:
                upgrade(url)
            except Exception as exc:
                raise StartupFailed() from exc
        asyncio.run(serve(settings, campaigns))
    except StartupFailed as failed:
        print(f"start-up failed: {redact(describe_failure(failed.__cause__), secrets)}", file=sys.stderr)
        return EXIT_CONFIG
    return EXIT_OK


async def serve(settings: Settings, campaigns: list[Campaign]) -> None:
    """Run until SIGINT or SIGTERM, then stop cleanly."""
    from bot.startup import start_runtime

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    runtime = await start_runtime(settings, campaigns)
    try:
        await stop.wait()
    finally:
        await runtime.stop()
