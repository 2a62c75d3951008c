"""The emulator's time: Unix seconds that a test or the sandbox page can move forward.

By default it is the system time plus an offset that ``advance`` grows. Given the engine's
``Clock`` (``now() -> datetime``, e.g. the ``FakeClock`` the bot runs on), it reads that clock,
and ``advance`` moves that clock itself when it can, so the bot and the emulator stay on one
time line (the 48-hour window, token expiry and welcome codes are judged on it).
"""

from __future__ import annotations

from datetime import timedelta

from bot.engine.clock import Clock, SystemClock


class EmulatorClock:
    def __init__(self, base: Clock | None = None) -> None:
        self._base: Clock = base or SystemClock()
        self._offset = 0.0

    def time(self) -> float:
        """Now, in Unix seconds."""
        return self._base.now().timestamp() + self._offset

    def advance(self, seconds: float) -> None:
        """Move time forward (never back): the base clock if it can be moved, else an offset."""
        if seconds < 0:
            raise ValueError("the emulator's clock only moves forward")
        move = getattr(self._base, "advance", None)
        if callable(move):
            move(timedelta(seconds=seconds))
        else:
            self._offset += seconds
