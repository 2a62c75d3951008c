"""The 公示 period of a campaign's list, from the time it was published."""

from __future__ import annotations

from datetime import datetime

from bot.campaign.schema import Campaign
from bot.rules.publicity import Period, publicity_period


def period_of(campaign: Campaign, published_at: datetime) -> Period:
    return publicity_period(published_at, campaign.ranking.publicity_days, campaign.zone)
