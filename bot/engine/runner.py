"""The engine: one unit of work per update, at most once per update_id.

``Engine.handle`` claims the update id, loads (and locks) the applicant, lets the handlers
append effects, commits, and only then returns the effects for the adapter to perform.
A handler that raises is logged with the update; the user is asked to try again and the
transaction is rolled back, so a failing update changes nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

from bot import metrics
from bot.domain.languages import DEFAULT_LANGUAGE
from bot.engine import effect_codec
from bot.engine.boundary import clean_event
from bot.engine.channels import CHANNELS, TELEGRAM_NAME
from bot.engine.coalesce import coalesce
from bot.engine.effects import AnswerCallback, Effect, Reply
from bot.engine.events import Button, Document, Event
from bot.engine.limits import fit
from bot.engine.marks import SentMarks
from bot.engine.request import Deps, Request
from storage.db import Database
from storage.instance import Instance
from storage.models import Applicant
from storage.repositories import Repositories

log = logging.getLogger(__name__)

Dispatch = Callable[[Request], Awaitable[None]]


class UpdateInProgress(Exception):
    """The update was claimed moments ago by another process that has not yet sent its replies:
    answer Telegram with an error so that it delivers the update again a little later."""


# A claimed update whose replies were never marked sent is replayed at once when the instance
# that claimed it has died (storage/instance.py); while it lives it is given this long to send
# them (a 429 may make it wait), and a row from before owners were recorded this long.
REPLAY_AFTER = timedelta(seconds=20)
OWNER_GRACE = timedelta(minutes=2)


class Engine:
    def __init__(
        self,
        database: Database,
        deps: Deps,
        dispatch: Dispatch,
        instance: Instance | None = None,
        channel: str = TELEGRAM_NAME,
    ) -> None:
        self.database = database
        self.channel = CHANNELS[channel]  # every reply is made to fit its limits (bot/engine/limits.py)
        self.deps = deps
        self.dispatch = dispatch
        self.instance = instance or Instance(database)
        self.sent_marks = SentMarks(database, deps.clock)
        self.on_outbox: Callable[[], None] = lambda: None
        # The cheap checks on a sent file (consent, stage, deadline, declared size), asked before
        # it is downloaded; set by the wiring (``bot/services.py``). None: every file is fetched.
        self.file_check: Callable[[Request], Awaitable[object]] | None = None

    async def handle(self, event: Event) -> list[Effect]:
        """Process one event; the effects to perform. A duplicate gives nothing, or the stored
        effects of an update whose handler died before sending them (``UpdateInProgress``
        while that handler may still be at work)."""
        started = time.perf_counter()
        event = clean_event(event)  # the one input boundary for everything a person typed
        kind = type(event).__name__
        try:
            handled = await self._handle_once(event)
        except Exception:
            log.exception("handler failed on update %s (%s)", event.update_id, kind)
            self._count(kind, "error", started, event)
            return await self._failure_effects(event)
        if handled is None:
            replay = await self._replay(event)
            self._count(kind, "replayed" if replay else "duplicate", started, event)
            return replay
        effects, queued = handled
        if queued:
            self.on_outbox()
        self._count(kind, "ok", started, event)
        return effects

    async def wants_file(self, event: Document) -> bool:
        """Whether the file of ``event`` is worth downloading: ``file_check`` in a read-only unit
        of work, so a file that would be refused costs no download and holds no lock."""
        if self.file_check is None:
            return True
        async with self.database.unit_of_work() as session:
            repos = Repositories(session)
            applicant = await session.get(Applicant, event.sender.user_id)
            if applicant is None:
                return False
            request = Request(event=clean_event(event), applicant=applicant, repos=repos, deps=self.deps)
            await self.file_check(request)
            return not request.effects  # the check says nothing when the file would be taken

    async def performed(self, update_id: int) -> None:
        """The effects of ``update_id`` were sent: never replay them. Returns once the mark has
        committed, in one transaction with the marks of other chats' updates sent meanwhile
        (``bot/engine/marks.py``)."""
        await self.sent_marks.mark(update_id)

    @asynccontextmanager
    async def performing(self, update_id: int) -> AsyncIterator[None]:
        """Mark the effects of ``update_id`` sent once the block (a webhook answer) has run; a
        block that raises marks nothing, so the update is replayed if Telegram sends it again.

        On PostgreSQL, where several instances share the update log, the mark is written before
        the block and committed right after it: the row stays locked while the answer goes out,
        so another instance given a duplicate of the update cannot take it over in between and
        send its replies twice. On SQLite (one process) the mark is group-committed after the
        block (``performed``), so no transaction is held open while the answer is sent."""
        if self.database.dialect != "postgresql":
            yield
            await self.performed(update_id)
            return
        async with self.database.unit_of_work() as session:
            await Repositories(session).updates.mark_performed(update_id, self.deps.clock.now())
            yield

    def _count(self, kind: str, outcome: str, started: float, event: Event) -> None:
        """One log line and the metrics for every update."""
        elapsed = time.perf_counter() - started
        metrics.UPDATES.labels(kind=kind, outcome=outcome).inc()
        metrics.HANDLER_SECONDS.observe(elapsed)
        log.info(
            "update %s %s from %s: %s in %.1f ms",
            event.update_id,
            kind,
            event.sender.user_id,
            outcome,
            elapsed * 1000,
        )

    async def _handle_once(self, event: Event) -> tuple[list[Effect], bool] | None:
        now = self.deps.clock.now()
        async with self.database.unit_of_work() as session:
            repos = Repositories(session)
            if not await repos.updates.claim(event.update_id, now, owner=self.instance.id):
                return None
            applicant = await _applicant(repos, event, now)
            request = Request(event=event, applicant=applicant, repos=repos, deps=self.deps)
            await self.dispatch(request)
            effects = _with_callback_answer(event, fit(coalesce(request.effects, self.channel), self.channel))
            await self._store(repos, event.update_id, effects)
        await _run_after_commit(request)
        return effects, request.queued

    async def _store(self, repos: Repositories, update_id: int, effects: list[Effect]) -> None:
        stored = [await effect_codec.to_json(e, self.deps.files) for e in effects]
        await repos.updates.record_effects(update_id, stored)

    async def _replay(self, event: Event) -> list[Effect]:
        """The unsent replies of a redelivered update, taken over from a dead instance."""
        now = self.deps.clock.now()
        async with self.database.unit_of_work() as session:
            updates = Repositories(session).updates
            row = await updates.get(event.update_id)
            if row is None or row.performed_at is not None or not row.effects:
                return []
            alive = await self.instance.is_alive(session, row.owner)
            waited = now - row.processed_at
            if waited < (REPLAY_AFTER if alive is None else OWNER_GRACE) and alive is not False:
                raise UpdateInProgress(event.update_id)
            if not await updates.take_over(event.update_id, row.owner, self.instance.id, now):
                raise UpdateInProgress(event.update_id)
            stored = list(row.effects)
        log.warning("update %s: sending replies its instance never sent", event.update_id)
        return [await effect_codec.from_json(item, self.deps.files) for item in stored]

    async def _failure_effects(self, event: Event) -> list[Effect]:
        """Mark the update done (a redelivery would fail the same way) and apologise."""
        lang = DEFAULT_LANGUAGE
        text = self.deps.renderer.render(lang, "error")
        effects = _with_callback_answer(event, [Reply(chat_id=event.sender.chat_id, text=text)])
        try:
            async with self.database.unit_of_work() as session:
                repos = Repositories(session)
                await repos.updates.claim(event.update_id, self.deps.clock.now(), owner=self.instance.id)
                applicant = await repos.applicants.lock(event.sender.user_id)
                if applicant is not None and applicant.lang != lang:
                    text = self.deps.renderer.render(applicant.lang, "error")
                    effects = _with_callback_answer(event, [Reply(chat_id=event.sender.chat_id, text=text)])
                await self._store(repos, event.update_id, effects)
        except Exception:
            log.exception("could not record failed update %s", event.update_id)
        return effects


async def _applicant(repos: Repositories, event: Event, now: datetime) -> Applicant:
    """The sender as an applicant; in a group chat a transient one (nothing is stored)."""
    sender = event.sender
    if sender.is_private:
        return await repos.applicants.get_or_create(sender.user_id, sender.chat_id, DEFAULT_LANGUAGE, now)
    known = await repos.applicants.lock(sender.user_id)
    if known is not None:
        return known
    return Applicant(
        id=sender.user_id, chat_id=sender.chat_id, lang=DEFAULT_LANGUAGE, created_at=now, updated_at=now
    )


async def _run_after_commit(request: Request) -> None:
    """The handler's after-commit work; a failure is logged (the change itself has committed)."""
    for work in request.after_commit:
        try:
            await work()
        except Exception:
            log.exception("after-commit work of update %s failed", request.event.update_id)


def _with_callback_answer(event: Event, effects: list[Effect]) -> list[Effect]:
    """Every button press is answered (first), so the client's spinner stops."""
    if not isinstance(event, Button):
        return effects
    if any(isinstance(e, AnswerCallback) for e in effects):
        answers = [e for e in effects if isinstance(e, AnswerCallback)]
        return answers + [e for e in effects if not isinstance(e, AnswerCallback)]
    return [AnswerCallback(callback_id=event.callback_id), *effects]
