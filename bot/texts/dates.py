"""The one way a date or time is shown to people: in the call's local time (Asia/Shanghai for the
shipped campaign), whatever zone the value carries.

Datetimes are stored in UTC (``storage``); shown as they come, an invitation made at 00:32 Beijing
time printed the day before (issue 30.4). Templates format every date with the ``local`` filter
(``{{ at|local('%m-%d %H:%M') }}``); ``tests/engine/test_dates_shown.py`` finds any other.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo

DEFAULT_ZONE = ZoneInfo("Asia/Shanghai")  # the shipped campaign's; services pass the campaign's own


def local(value: date | datetime, fmt: str, zone: tzinfo = DEFAULT_ZONE) -> str:
    """``value`` formatted with ``fmt`` in ``zone``; a naive datetime is taken as UTC (as stored),
    a date is shown as it is."""
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return aware.astimezone(zone).strftime(fmt)
    return value.strftime(fmt)
