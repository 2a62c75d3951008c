"""Deadline arithmetic: the countdown shown in /start and /status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Countdown:
    passed: bool
    days: int = 0
    hours: int = 0
    minutes: int = 0


def countdown(deadline: datetime, now: datetime) -> Countdown:
    """Whole days, hours and minutes left until ``deadline`` (both aware datetimes)."""
    left = deadline - now
    if left.total_seconds() < 0:
        return Countdown(passed=True)
    minutes_total = int(left.total_seconds() // 60)
    days, rest = divmod(minutes_total, 24 * 60)
    hours, minutes = divmod(rest, 60)
    return Countdown(passed=False, days=days, hours=hours, minutes=minutes)
