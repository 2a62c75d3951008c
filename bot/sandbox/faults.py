"""Fault injection and optional flood control of the emulator."""

from __future__ import annotations

import math
import time
from collections import deque
from dataclasses import dataclass

from bot.sandbox.models import ApiError

_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


@dataclass
class _Fault:
    error: ApiError
    remaining: int


class Faults:
    """Scripted failures: ``fail_next`` per method plus sliding-window flood limits."""

    def __init__(self) -> None:
        self._faults: dict[str, list[_Fault]] = {}
        self._per_chat: int | None = None
        self._global: int | None = None
        self._chat_sends: dict[int, deque[float]] = {}
        self._all_sends: deque[float] = deque()

    def fail_next(
        self,
        method: str,
        error_code: int,
        description: str | None = None,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        if error_code == 429 and retry_after is None:
            retry_after = 1
        if description is None:
            description = (
                f"Too Many Requests: retry after {retry_after}"
                if error_code == 429
                else _DEFAULT_DESCRIPTIONS.get(error_code, "Error")
            )
        fault = _Fault(ApiError(error_code, description, retry_after), times)
        self._faults.setdefault(method.lower(), []).append(fault)

    def take(self, method: str) -> ApiError | None:
        """The error the next call of ``method`` must answer, if one is scripted."""
        queue = self._faults.get(method.lower())
        if not queue:
            return None
        fault = queue[0]
        fault.remaining -= 1
        if fault.remaining <= 0:
            queue.pop(0)
        return fault.error

    def clear(self) -> None:
        self._faults.clear()

    def flood_limits(self, per_chat_per_second: int | None = 1, global_per_second: int | None = 30) -> None:
        """Enable (or disable with ``None``) flood control on send* methods."""
        self._per_chat = per_chat_per_second
        self._global = global_per_second
        self._chat_sends.clear()
        self._all_sends.clear()

    def check_flood(self, chat_id: int) -> ApiError | None:
        """Count one send to ``chat_id``; a 429 error when a limit within the last second is hit."""
        if self._per_chat is None and self._global is None:
            return None
        now = time.monotonic()
        chat_sends = self._chat_sends.setdefault(chat_id, deque())
        for window in (chat_sends, self._all_sends):
            while window and window[0] <= now - 1.0:
                window.popleft()
        for window, limit in ((chat_sends, self._per_chat), (self._all_sends, self._global)):
            if limit is not None and len(window) >= limit:
                retry_after = max(1, math.ceil(window[0] + 1.0 - now))
                return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)
        chat_sends.append(now)
        self._all_sends.append(now)
        return None
