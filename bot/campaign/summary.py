"""``python -m bot campaign check FILE``: valid → a one-screen summary; else one line per problem."""

from __future__ import annotations

from pathlib import Path

from bot.campaign.loader import load_campaign
from bot.config import PROJECT_ROOT
from bot.domain.languages import OFFICIAL_LANGUAGE
from bot.texts.render import Renderer


def cmd_campaign_check(path: Path) -> int:
    campaign = load_campaign(path)  # ConfigError → exit 2 in the CLI
    renderer = Renderer(PROJECT_ROOT / "templates")
    print(
        renderer.render(
            OFFICIAL_LANGUAGE,
            "campaign_summary",
            c=campaign,
            deadline=campaign.deadline.astimezone(campaign.zone),
        )
    )
    return 0
