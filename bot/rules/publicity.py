"""The 公示 period: when it starts and ends, and whether the list is final.

The period is counted in working days (mainland China's calendar: ``bot/rules/workdays.py``) from
the day after publication; the range printed on the list runs from the first of those working
days to the last, so it holds exactly the period's N working days. A period over a year whose
holiday schedule is not known is not computed (``CalendarUnknown``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

PublicityState = Literal["open", "objected", "final"]


def working_days_after(published: date, count: int, is_working: Callable[[date], bool]) -> list[date]:
    """The first ``count`` working days after ``published``."""
    days: list[date] = []
    day = published
    while len(days) < count:
        day += timedelta(days=1)
        if is_working(day):
            days.append(day)
    return days


@dataclass(frozen=True)
class Period:
    published: date  # the day the list went out
    start: date  # the first working day after it
    end: date  # the last working day of the period, included
    days: int

    def closes_at(self, zone: ZoneInfo) -> datetime:
        """The moment after the last day: the list can become final from then on."""
        return datetime.combine(self.end + timedelta(days=1), time(0), tzinfo=zone)


def publicity_period(
    published: datetime, working_days: int, zone: ZoneInfo, is_working: Callable[[date], bool]
) -> Period:
    """The period of a list published at ``published`` (its local day counts from the next)."""
    day = published.astimezone(zone).date()
    days = working_days_after(day, working_days, is_working)
    return Period(published=day, start=days[0], end=days[-1], days=working_days)


def publicity_state(period: Period, zone: ZoneInfo, now: datetime, objections: int) -> PublicityState:
    """``objected`` once any objection is recorded; ``final`` when the period passed without one."""
    if objections:
        return "objected"
    return "final" if now >= period.closes_at(zone) else "open"
