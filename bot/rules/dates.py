"""Dates typed by staff: a day means the end of that day in the campaign's time zone."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.rules.errors import RuleError

END_OF_DAY = time(23, 59, 59)


def parse_deadline(text: str, zone: ZoneInfo) -> datetime:
    """``2022-08-20`` → 2022-08-20 23:59:59 local; an ISO date-time is taken as given (local if naive)."""
    raw = text.strip().replace("/", "-")
    try:
        if len(raw) <= 10:
            return datetime.combine(date.fromisoformat(raw), END_OF_DAY, tzinfo=zone)
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise RuleError("date_format", text=text) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)
