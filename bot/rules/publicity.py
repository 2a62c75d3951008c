"""The 公示 period: when it ends, and whether the list is final.

The period is counted in working days (Monday to Friday) from the day after publication, as
government notices count them; public holidays are not known here, so a period spanning one
ends a little early (staff can see the dates on the list before publishing it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

PublicityState = Literal["open", "objected", "final"]
WEEKEND = (5, 6)


def period_end(published: date, working_days: int) -> date:
    """The last day of a period of ``working_days`` that starts the day after ``published``."""
    day, left = published, working_days
    while left > 0:
        day += timedelta(days=1)
        if day.weekday() not in WEEKEND:
            left -= 1
    return day


@dataclass(frozen=True)
class Period:
    start: date  # the day of publication
    end: date  # the last working day of the period, included

    def closes_at(self, zone: ZoneInfo) -> datetime:
        """The moment after the last day: the list can become final from then on."""
        return datetime.combine(self.end + timedelta(days=1), time(0), tzinfo=zone)


def publicity_period(published: datetime, working_days: int, zone: ZoneInfo) -> Period:
    start = published.astimezone(zone).date()
    return Period(start=start, end=period_end(start, working_days))


def publicity_state(period: Period, zone: ZoneInfo, now: datetime, objections: int) -> PublicityState:
    """``objected`` once any objection is recorded; ``final`` when the period passed without one."""
    if objections:
        return "objected"
    return "final" if now >= period.closes_at(zone) else "open"
