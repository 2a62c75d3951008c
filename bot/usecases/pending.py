"""The one place for an awaited reply: what the bot asked a person in a chat and waits for.

A prompt (a return reason, a new deadline, a district's opinion, the verified value of an item …)
is a ``Pending`` record: who was asked, in which chat, what kind of reply, for which application
(and which part of it). The text dispatch (``handlers/router.py``) asks for it once and hands the
reply to the handler of its kind in the role table (``RoleEntry.replies``), which checks again, when
the reply arrives, that the sender may still do what was asked. A new prompt in the same chat
replaces the old one; answering clears it (a handler that wants the next message too asks again).
A prompt lives ``LIFETIME``: a message typed later (in a group, about something else) is not taken
as its answer — a return reason goes to the applicant word for word. Erasing an application forgets
the prompts about it (``bot/usecases/erasure.py``).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from storage.models import Setting
from storage.repositories import Repositories

PREFIX = "pending:"
LIFETIME = timedelta(hours=1)  # longer than anyone takes to type a reason, shorter than a day's chat


@dataclass(frozen=True)
class Pending:
    user_id: int
    chat_id: int
    kind: str  # a key of some role's ``replies``
    application: int  # the application the reply is for
    part: int = 0  # which part of it (an item of the verification)
    asked_at: str = ""  # ISO time of the prompt; "" (a record from before): no age known


def _key(user_id: int, chat_id: int) -> str:
    return f"{PREFIX}{user_id}:{chat_id}"


async def ask(repos: Repositories, asked: Pending) -> None:
    """Remember that the person's next message in that chat answers ``asked``."""
    await repos.settings.put(_key(asked.user_id, asked.chat_id), json.dumps(asdict(asked)))


def _read(raw: str) -> Pending | None:
    try:
        return Pending(**json.loads(raw))
    except (TypeError, ValueError):
        return None


async def awaited(
    repos: Repositories, user_id: int, chat_id: int, now: datetime | None = None
) -> Pending | None:
    """What the person was last asked in that chat (None: nothing, a record no longer readable, or,
    given ``now``, one asked more than ``LIFETIME`` ago, which is then forgotten)."""
    raw = await repos.settings.get(_key(user_id, chat_id))
    asked = _read(raw) if raw is not None else None
    if asked is not None and now is not None and _expired(asked, now):
        await clear(repos, user_id, chat_id)
        return None
    return asked


def _expired(asked: Pending, now: datetime) -> bool:
    try:
        return bool(asked.asked_at) and now - datetime.fromisoformat(asked.asked_at) > LIFETIME
    except (TypeError, ValueError):
        return True


async def clear(repos: Repositories, user_id: int, chat_id: int) -> None:
    await repos.settings.delete(_key(user_id, chat_id))


async def forget_application(repos: Repositories, application_id: int) -> None:
    """Drop every prompt about ``application_id`` (it is being erased)."""
    rows = await repos.session.scalars(select(Setting).where(Setting.key.startswith(PREFIX)))
    for row in list(rows):
        asked = _read(row.value)
        if asked is None or asked.application == application_id:
            await repos.session.delete(row)
