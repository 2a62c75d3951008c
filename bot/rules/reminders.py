"""When reminders are due: N days before the deadline, at a local time of day.

Only the most recent due reminder is ever sent, and only to applications that existed when it
fell due: someone who starts late gets the next reminder, never a burst of old ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo


def reminder_instant(deadline: datetime, zone: ZoneInfo, days_before: int, at: time) -> datetime:
    """The moment of the reminder ``days_before`` days before the deadline's local date."""
    local_day = deadline.astimezone(zone).date() - timedelta(days=days_before)
    return datetime.combine(local_day, at, tzinfo=zone)


def due_reminder(
    deadline: datetime,
    zone: ZoneInfo,
    days_before: Sequence[int],
    at: time,
    now: datetime,
    started_at: datetime,
) -> int | None:
    """The ``days_before`` of the reminder to send now, or None.

    Nothing after the deadline; nothing whose moment came before the application existed.
    """
    if now >= deadline:
        return None
    due = [(reminder_instant(deadline, zone, d, at), d) for d in days_before]
    passed = [(moment, d) for moment, d in due if moment <= now and moment < deadline]
    if not passed:
        return None
    moment, days = max(passed)
    return days if moment >= started_at else None


EARLY_LEAD = timedelta(hours=2)  # how long before a person's window closes a reminder goes early


def early_reminder(
    deadline: datetime,
    zone: ZoneInfo,
    days_before: Sequence[int],
    at: time,
    now: datetime,
    window_closes: datetime,
    lead: timedelta = EARLY_LEAD,
) -> int | None:
    """The ``days_before`` of the next reminder, to send now rather than at its time, when the
    person's window (WeChat: 48 hours after their last message) closes before that time and
    closes within ``lead``; None otherwise."""
    if now >= window_closes or window_closes - now > lead or now >= deadline:
        return None
    upcoming = sorted(
        (moment, d)
        for d in days_before
        if now < (moment := reminder_instant(deadline, zone, d, at)) < deadline
    )
    if not upcoming:
        return None
    moment, days = upcoming[0]
    return days if moment > window_closes else None
