"""Load and validate campaign files; errors name the file and the key, never a traceback."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError

from bot.campaign.schema import Campaign
from bot.validation import ConfigError, describe


def load_campaign(path: Path) -> Campaign:
    """Read one campaign file; raise ``ConfigError`` with one line per problem."""
    name = str(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError([f"{name}: file not found"]) from None
    except UnicodeDecodeError:
        raise ConfigError([f"{name}: not UTF-8 text"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([f"{name}: TOML syntax error: {exc}"]) from None
    try:
        return Campaign.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(describe(exc, name)) from None


def load_campaigns(paths: Iterable[Path]) -> list[Campaign]:
    """Load several files; every problem of every file is reported, and ids must be unique."""
    campaigns: list[Campaign] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    for path in paths:
        try:
            campaign = load_campaign(path)
        except ConfigError as exc:
            problems.extend(exc.lines)
            continue
        campaigns.append(campaign)
        if campaign.id in seen:
            problems.append(
                f"{path}: id: duplicate campaign id {campaign.id!r} (also in {seen[campaign.id]})"
            )
        seen[campaign.id] = str(path)
    if problems:
        raise ConfigError(problems)
    return campaigns


def with_deadline(campaign: Campaign, deadline: datetime | None, timezone: str | None) -> Campaign:
    """The campaign with ``bot.toml``'s overrides of deadline and time zone applied."""
    update: dict[str, object] = {}
    if deadline is not None:
        update["deadline"] = deadline
    if timezone is not None:
        update["timezone"] = timezone
    return campaign.model_copy(update=update) if update else campaign
