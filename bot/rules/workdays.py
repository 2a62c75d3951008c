"""Mainland China's working days: statutory holidays off, 调休 weekend days on.

The official schedule (国务院办公厅关于…年部分节假日安排的通知) comes out each winter for the next
year; ``chinese-calendar`` carries the published years. Years it does not know yet can be given in
the campaign file (``[[ranking.calendar]]``); a day of a year neither knows is never guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

import chinese_calendar

WEEKEND = (5, 6)


class CalendarUnknown(Exception):
    """No holiday schedule is known for ``year``."""

    def __init__(self, year: int) -> None:
        super().__init__(f"no holiday schedule known for {year}")
        self.year = year


@dataclass(frozen=True)
class ExtraYear:
    """One year's schedule from the campaign file: the days off and the 调休 working weekends."""

    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]


def working_day_rule(extra: Iterable[ExtraYear] = ()) -> Callable[[date], bool]:
    """``is_working(day)``: the campaign file's schedule for its years, the library's for the
    rest; raises ``CalendarUnknown`` for a year neither has."""
    given = {y.year: y for y in extra}

    def is_working(day: date) -> bool:
        year = given.get(day.year)
        if year is not None:
            return day in year.workdays or (day.weekday() not in WEEKEND and day not in year.holidays)
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError as error:
            raise CalendarUnknown(day.year) from error

    return is_working
