"""The one place for an awaited reply: what the bot asked a person in a chat and waits for.

A prompt (a return reason, a new deadline, a district's opinion, the verified value of an item …)
is a ``Pending`` record: who was asked, in which chat, what kind of reply, for which application
(and which part of it). The text dispatch asks for it once (``awaited``) and hands the reply to the
handler of its kind in the role table (``RoleEntry.replies``), which checks again, when the reply
arrives, that the sender may still do what was asked. A new prompt in the same chat replaces the
old one; answering clears it (a handler that wants the next message too asks again)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from bot.engine.request import Request

KEY = "pending:{user}:{chat}"


@dataclass(frozen=True)
class Pending:
    user_id: int
    chat_id: int
    kind: str  # a key of some role's ``replies``
    application: int  # the application the reply is for
    part: int = 0  # which part of it (an item of the verification)


def _key(request: Request) -> str:
    sender = request.event.sender
    return KEY.format(user=sender.user_id, chat=sender.chat_id)


async def ask(request: Request, kind: str, application: int, part: int = 0) -> None:
    """Remember that the sender's next message in this chat answers ``kind`` for ``application``."""
    sender = request.event.sender
    record = Pending(sender.user_id, sender.chat_id, kind, application, part)
    await request.repos.settings.put(_key(request), json.dumps(asdict(record)))


async def awaited(request: Request) -> Pending | None:
    """What the sender was last asked in this chat (None: nothing, or a record no longer readable)."""
    raw = await request.repos.settings.get(_key(request))
    if raw is None:
        return None
    try:
        return Pending(**json.loads(raw))
    except (TypeError, ValueError):
        await clear(request)
        return None


async def clear(request: Request) -> None:
    await request.repos.settings.delete(_key(request))
