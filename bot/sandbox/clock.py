"""The sandbox's clock: the real time plus an offset the page moves forward ("⏩ 快进"), so that a
newcomer can see what happens after the deadline or after the 公示 period without waiting for it.
The offset is kept in the data folder (``clock.json``) with the rest, and emptied by ``--fresh``."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

CLOCK_FILE = "clock.json"
MAX_DAYS = 60  # one step at most: far enough for any period of the notice, not a typo's year


class SandboxClock:
    def __init__(self, folder: Path) -> None:
        self.path = folder / CLOCK_FILE
        try:
            days = float(json.loads(self.path.read_text(encoding="utf-8"))["offset_days"])
        except (OSError, ValueError, KeyError, TypeError):
            days = 0.0
        self.offset = timedelta(days=days)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, days: float) -> None:
        """Move the sandbox's time ``days`` ahead (never back: the bot's records would contradict)."""
        if not 0 < days <= MAX_DAYS:
            raise ValueError(f"days must be more than 0 and at most {MAX_DAYS}")
        self.offset += timedelta(days=days)
        self.path.write_text(json.dumps({"offset_days": self.offset_days}), encoding="utf-8")

    @property
    def offset_days(self) -> float:
        return self.offset / timedelta(days=1)
