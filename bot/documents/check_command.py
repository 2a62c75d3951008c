"""``python -m bot check FILE [--json] [--campaign FILE]``: no network, no database."""

from __future__ import annotations

from pathlib import Path

from bot.campaign.loader import load_campaign
from bot.config import DEFAULT_CAMPAIGN, PROJECT_ROOT
from bot.documents.case_cli import run_check
from bot.texts.render import Renderer
from bot.validation import ConfigError


def cmd_check(file: Path, as_json: bool, campaign_file: Path | None) -> int:
    campaign = load_campaign(campaign_file or PROJECT_ROOT / DEFAULT_CAMPAIGN)
    if campaign.case is None:
        raise ConfigError([f"{campaign_file}: case: this campaign has no case-study rules"])
    return run_check(file, campaign.case, as_json, Renderer(PROJECT_ROOT / "templates"))
