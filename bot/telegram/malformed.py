"""Updates the framework cannot read (a poll missing fields, a schema from the future).

Left as they are, one such update in a getUpdates batch fails the whole batch: python-telegram-bot
fetches the same batch again at once, for ever, and aiogram backs off and stalls, so every other
applicant waits. ``readable_updates`` replaces each unreadable update by its bare ``update_id``
(which both frameworks read, and the engine ignores), logging it once, so polling moves past it.
In webhook mode ``Adapter.process_webhook`` answers such an update 200 (Telegram then drops it).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)


def readable_updates(updates: Any, read: Callable[[dict[str, Any]], object]) -> Any:
    """``updates`` (getUpdates' result) with every update ``read`` fails on reduced to its id."""
    if not isinstance(updates, list):
        return updates
    return [_readable(update, read) for update in updates]


def _readable(update: Any, read: Callable[[dict[str, Any]], object]) -> Any:
    if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
        return update  # not even an id: nothing to move past; the framework reports it
    try:
        read(update)
    except Exception as exc:
        skipped(update["update_id"], exc)
        return {"update_id": update["update_id"]}
    return update


def skipped(update_id: object, exc: BaseException) -> None:
    """One log line for an unreadable update; its content (personal data) is not logged."""
    log.warning("update %s skipped: the framework cannot read it (%s)", update_id, type(exc).__name__)
