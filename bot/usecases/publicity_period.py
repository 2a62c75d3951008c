"""The 公示 period of a campaign's list, from the time it was published, in mainland China's
working days (the campaign file's ``[[ranking.calendar]]`` for years the library lacks)."""

from __future__ import annotations

from datetime import datetime

from bot.campaign.schema import Campaign
from bot.rules.publicity import Period, publicity_period
from bot.rules.workdays import ExtraYear, working_day_rule


def period_of(campaign: Campaign, published_at: datetime) -> Period:
    """Raises ``CalendarUnknown`` when the period runs into a year no schedule is known for."""
    extra = [
        ExtraYear(y.year, frozenset(y.holidays), frozenset(y.workdays)) for y in campaign.ranking.calendar
    ]
    return publicity_period(
        published_at, campaign.ranking.publicity_days, campaign.zone, working_day_rule(extra)
    )
