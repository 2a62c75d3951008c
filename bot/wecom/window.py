"""WeChat's delivery rules for one person, kept in ``channel_contact``: the bot may write only within
48 hours of the person's last message and at most 5 messages per message of theirs.

A message the person sends opens the window anew, restarts the budget and makes what waited for
them (the outbox's rows put back by ``OutsideWindow``) due at once. Every message sent takes its
place in the budget first, in one statement, so two instances never exceed it. The first time a
person writes they are told the rule once.
"""

from __future__ import annotations

from datetime import datetime

from bot.domain.languages import DEFAULT_LANGUAGE
from bot.engine.channels import WECOM, WECOM_NAME
from bot.engine.clock import Clock
from bot.texts.render import Renderer
from storage.db import Database
from storage.models import Applicant
from storage.repositories import Repositories

assert WECOM.window is not None and WECOM.replies_per_message is not None
WINDOW = WECOM.window
BUDGET = WECOM.replies_per_message


class DeliveryWindow:
    def __init__(self, database: Database, clock: Clock, renderer: Renderer) -> None:
        self.database = database
        self.clock = clock
        self.renderer = renderer

    async def seen(self, address: int, external_id: str, wrote_at: datetime | None) -> tuple[int, str | None]:
        """Record the person (``wrote_at``: their message's time; None: they only opened the chat).
        The number of waiting messages now due, and the rule to tell them if never told."""
        at = wrote_at or self.clock.now()
        async with self.database.unit_of_work() as session:
            repos = Repositories(session)
            await repos.contacts.seen(address, WECOM_NAME, external_id, at, opens_window=wrote_at is not None)
            if wrote_at is None:
                return 0, None
            released = await repos.outbox.release_waiting(address, self.clock.now())
            if not await repos.contacts.tell_window_once(address, self.clock.now()):
                return released, None
            applicant = await session.get(Applicant, address)
            lang = applicant.lang if applicant is not None else DEFAULT_LANGUAGE
            return released, self.renderer.render(
                lang, "wecom/window_rule", hours=int(WINDOW.total_seconds() // 3600)
            )

    async def take(self, address: int, wanted: int, partial: bool = True) -> int:
        """Take up to ``wanted`` messages of the budget; how many were granted (0: window closed).
        Not ``partial``: all of them or none, so a message that cannot go whole spends nothing."""
        now = self.clock.now()
        async with self.database.unit_of_work() as session:
            contacts = Repositories(session).contacts
            if await contacts.reserve(address, wanted, now, WINDOW, BUDGET):
                return wanted
            if not partial:
                return 0
            contact = await contacts.get(address)
            if contact is None or contact.last_inbound_at is None or contact.last_inbound_at <= now - WINDOW:
                return 0
            left = BUDGET - contact.sent_since_inbound
            if left > 0 and await contacts.reserve(address, left, now, WINDOW, BUDGET):
                return left
            return 0
