"""``python -m bot purge --campaign ID --before DATE``: remove the applications (their personal
fields, upload rows and files) of a campaign past its retention, keeping counts and the audit
trail; prints what it removed. Files still named by another application stay."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.config import load_settings
from bot.validation import ConfigError

EXIT_OK = 0


def parse_day(text: str, campaign_zone: ZoneInfo) -> datetime:
    """``2025-09-01`` → the start of that day in the campaign's time zone."""
    try:
        day = datetime.strptime(text.strip(), "%Y-%m-%d").date()
    except ValueError:
        raise ConfigError([f"--before: {text!r} is not a date like 2025-09-01"]) from None
    return datetime.combine(day, time.min, tzinfo=campaign_zone)


async def cmd_purge(config: Path, campaign_id: str, before_text: str) -> int:
    from bot.engine.clock import SystemClock
    from bot.services import file_store, prepare_campaigns
    from bot.usecases.privacy import delete_files, purge_applications, unused_files
    from storage.db import Database
    from storage.repositories import Repositories

    settings = load_settings(config)
    campaign = next((c for c in prepare_campaigns(settings) if c.id == campaign_id), None)
    if campaign is None:
        raise ConfigError([f"--campaign: no campaign {campaign_id!r} in {config}"])
    before = parse_day(before_text, campaign.zone)
    database = Database(settings.database_url())
    files = file_store(settings)
    try:
        async with database.unit_of_work() as session:
            repos = Repositories(session)
            report, named = await purge_applications(repos, campaign, before, SystemClock().now(), files)
            unused = await unused_files(repos, named)
        report.files_removed = await delete_files(files, unused)
        report.files_kept = len(named) - len(unused)
    finally:
        await database.close()
    for line in report.lines():
        print(line)
    return EXIT_OK
