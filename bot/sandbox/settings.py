"""The settings the sandbox runs the bot with: the sandbox's own, or a ``--config`` file's.

A ``--config`` file (a bot.toml) gives its campaign, districts, experts, reminders and the rest;
the sandbox always decides where the bot talks (the emulator, by polling, with the sandbox's
token) and where it keeps its data (the data folder), so a production bot.toml can be tried
without touching its database. A role the file leaves empty gets the sandbox's people
(``roles.DEFAULT_ROLES``), and a single campaign's deadline moves ``DEADLINE_DAYS`` ahead unless
the file sets ``[campaign] deadline``.
"""

from __future__ import annotations

import tomllib
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from pydantic import SecretStr, ValidationError

from bot.campaign.loader import load_campaigns
from bot.campaign.schema import Campaign
from bot.config import PROJECT_ROOT, Settings, load_settings
from bot.sandbox.roles import with_default_roles
from bot.validation import ConfigError, describe

DEADLINE_DAYS = 30
DATABASE_FILE = "sandbox.db"
FILES_DIR = "sandbox-files"
DEADLINE_FILE = "deadline.txt"
# Sections and keys of a --config file the sandbox replaces with its own.
SANDBOX_OWNS = ("database", "storage", "webhook", "wecom")
TELEGRAM_OWNS = ("token", "api_base", "mode", "framework")


def moved_deadline(campaign: Campaign, now: datetime) -> datetime:
    """The end of the day ``DEADLINE_DAYS`` from ``now``, in the campaign's time zone."""
    day = (now.astimezone(campaign.zone) + timedelta(days=DEADLINE_DAYS)).date()
    return datetime.combine(day, time(23, 59, 59), tzinfo=campaign.zone)


def own_settings(config: Path | None) -> dict[str, Any]:
    """What a --config file sets (checked as the bot checks it), minus what the sandbox decides."""
    if config is None:
        return {}
    load_settings(config, {})  # the same one-line-per-problem errors as `run --config`
    raw = tomllib.loads(config.read_text(encoding="utf-8"))
    kept = {key: value for key, value in raw.items() if key not in SANDBOX_OWNS}
    kept["telegram"] = {k: v for k, v in raw.get("telegram", {}).items() if k not in TELEGRAM_OWNS}
    return kept


def sandbox_settings(
    folder: Path, token: str, framework: str, config: Path | None, now: datetime
) -> tuple[Settings, datetime | None]:
    """The bot's settings (``telegram.api_base`` is set once the emulator listens), and the
    campaign's own deadline when the sandbox moved it (the page says so)."""
    raw = with_default_roles(own_settings(config))
    raw["telegram"] = {**raw["telegram"], "framework": framework, "mode": "polling"}
    raw["database"] = {"url": f"sqlite+aiosqlite:///{(folder / DATABASE_FILE).as_posix()}"}
    raw["storage"] = {"files_dir": (folder / FILES_DIR).as_posix()}
    raw.setdefault("logging", {}).setdefault("level", "WARNING")
    source = config or folder / "bot.toml"
    try:
        settings = Settings.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(describe(exc, str(source))) from None
    settings.base_dir = source.resolve().parent if config else PROJECT_ROOT
    settings.config_file = source
    settings.telegram.token = SecretStr(token)
    if settings.campaign.deadline is not None or settings.campaign.files:
        return settings, None
    [campaign] = load_campaigns(settings.campaign_paths())
    settings.campaign.deadline = kept_deadline(folder, campaign, now)
    return settings, campaign.deadline


def kept_deadline(folder: Path, campaign: Campaign, now: datetime) -> datetime:
    """The moved deadline of the first start, kept with the data (a restart, or time moved ahead
    with ⏩, must not reopen a closed call); a new one after ``--fresh``."""
    path = folder / DEADLINE_FILE
    try:
        return datetime.fromisoformat(path.read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        deadline = moved_deadline(campaign, now)
        path.write_text(deadline.isoformat(), encoding="utf-8")
        return deadline
