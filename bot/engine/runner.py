"""The engine: one unit of work per update, at most once per update_id.

``Engine.handle`` claims the update id, loads (and locks) the applicant, lets the handlers
append effects, commits, and only then returns the effects for the adapter to perform.
A handler that raises is logged with the update; the user is asked to try again and the
transaction is rolled back, so a failing update changes nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from datetime import datetime

from bot import metrics
from bot.engine.effects import AnswerCallback, Effect, Reply
from bot.engine.events import Button, Event
from bot.engine.request import Deps, Request
from storage.db import Database
from storage.models import Applicant
from storage.repositories import Repositories

log = logging.getLogger(__name__)

Dispatch = Callable[[Request], Awaitable[None]]
DEFAULT_LANG = "zh_CN"


class Engine:
    def __init__(self, database: Database, deps: Deps, dispatch: Dispatch) -> None:
        self.database = database
        self.deps = deps
        self.dispatch = dispatch
        self.on_outbox: Callable[[], None] = lambda: None

    async def handle(self, event: Event) -> list[Effect]:
        """Process one event; return the effects to perform (empty for a duplicate)."""
        started = time.perf_counter()
        kind = type(event).__name__
        try:
            effects = await self._handle_once(event)
        except Exception:
            log.exception("handler failed on update %s (%s)", event.update_id, kind)
            self._count(kind, "error", started, event)
            return await self._failure_effects(event)
        if effects is None:
            self._count(kind, "duplicate", started, event)
            return []
        if self._queued:
            self.on_outbox()
        self._count(kind, "ok", started, event)
        return _with_callback_answer(event, effects)

    def _count(self, kind: str, outcome: str, started: float, event: Event) -> None:
        """One log line and the metrics for every update."""
        elapsed = time.perf_counter() - started
        metrics.UPDATES.labels(kind=kind, outcome=outcome).inc()
        metrics.HANDLER_SECONDS.observe(elapsed)
        log.info("update %s %s from %s: %s in %.1f ms", event.update_id, kind, event.sender.user_id, outcome,
                 elapsed * 1000)

    async def _handle_once(self, event: Event) -> list[Effect] | None:
        self._queued = False
        now = self.deps.clock.now()
        async with self.database.unit_of_work() as session:
            repos = Repositories(session)
            if not await repos.updates.claim(event.update_id, now):
                return None
            applicant = await _applicant(repos, event, now)
            request = Request(event=event, applicant=applicant, repos=repos, deps=self.deps)
            await self.dispatch(request)
            self._queued = request.queued
            return request.effects

    async def _failure_effects(self, event: Event) -> list[Effect]:
        """Mark the update done (a redelivery would fail the same way) and apologise."""
        lang = DEFAULT_LANG
        try:
            async with self.database.unit_of_work() as session:
                repos = Repositories(session)
                await repos.updates.claim(event.update_id, self.deps.clock.now())
                applicant = await repos.applicants.lock(event.sender.user_id)
                lang = applicant.lang if applicant else lang
        except Exception:
            log.exception("could not record failed update %s", event.update_id)
        text = self.deps.renderer.render(lang, "error")
        effects: list[Effect] = [Reply(chat_id=event.sender.chat_id, text=text)]
        return _with_callback_answer(event, effects)


async def _applicant(repos: Repositories, event: Event, now: datetime) -> Applicant:
    """The sender as an applicant; in a group chat a transient one (nothing is stored)."""
    sender = event.sender
    if sender.is_private:
        return await repos.applicants.get_or_create(sender.user_id, sender.chat_id, DEFAULT_LANG, now)
    known = await repos.applicants.lock(sender.user_id)
    if known is not None:
        return known
    return Applicant(
        id=sender.user_id, chat_id=sender.chat_id, lang=DEFAULT_LANG, created_at=now, updated_at=now
    )


def _with_callback_answer(event: Event, effects: list[Effect]) -> list[Effect]:
    """Every button press is answered (first), so the client's spinner stops."""
    if not isinstance(event, Button):
        return effects
    if any(isinstance(e, AnswerCallback) for e in effects):
        answers = [e for e in effects if isinstance(e, AnswerCallback)]
        return answers + [e for e in effects if not isinstance(e, AnswerCallback)]
    return [AnswerCallback(callback_id=event.callback_id), *effects]
