"""The WeCom 微信客服 adapter: callback → ``kf/sync_msg`` → engine → ``kf/send_msg``.

A callback only says that messages wait; they are fetched with ``kf/sync_msg`` from the cursor
stored in the database (``setting``), page after page while ``has_more``, and the cursor is stored
after each page is handled: a restart resumes at the first page not finished, and a message
fetched twice (by a restart, or by two instances) is acted on once, because its ``msgid`` is the
update id the engine claims (``bot/engine/channels.py:update_id``). A customer's messages are
handled in order, different customers' at once (``ChatOrder``). Replies are made fit for WeChat
(``bot/engine/adapt.py``) and sent with a ``msgid`` of ours, so a repeated send is not a second
message. The window and message budget are the outbox's (``bot/wecom/window.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import replace

from bot.config import WeComSettings
from bot.documents.inspection import inspect
from bot.engine.adapt import adapt, one_message
from bot.engine.channels import WECOM, OutsideWindow
from bot.engine.effects import Effect, Reply, SendFile, Undeliverable
from bot.engine.events import Document
from bot.engine.runner import Engine, UpdateInProgress
from bot.telegram.ordering import ChatOrder
from bot.wecom.api import Credentials, WeComApi
from bot.wecom.callback import CallbackCrypto, Notice
from bot.wecom.messages import Incoming, body_of, readable
from bot.wecom.window import DeliveryWindow
from storage.repositories import Repositories

log = logging.getLogger(__name__)
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024  # as on Telegram: larger files are not read


class WeComAdapter:
    def __init__(self, settings: WeComSettings, engine: Engine, concurrency: int = 32) -> None:
        self.settings = settings
        self.engine = engine
        self.database = engine.database
        credentials = Credentials(
            settings.api_base, settings.corp_id, settings.secret.get_secret_value(), settings.open_kfid
        )
        self.api = WeComApi(credentials, engine.database, engine.deps.clock)
        self.crypto = CallbackCrypto(
            settings.token.get_secret_value(), settings.aes_key.get_secret_value(), settings.corp_id
        )
        self.order = ChatOrder(concurrency)
        self._cursor_key = f"wecom_cursor:{settings.open_kfid}"
        self._token = ""
        self._kick = asyncio.Event()
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._externals: dict[int, str] = {}
        self.sync_limit = 1000  # messages per kf/sync_msg page (WeCom's most)
        self.window = DeliveryWindow(engine.database, engine.deps.clock, engine.deps.renderer)

    async def start(self) -> None:
        """Fetch at once (what came while stopped, or a page a restart interrupted), then on
        every callback."""
        self._kick.set()
        self._task = asyncio.create_task(self._sync_loop())

    async def stop(self) -> None:
        self._stop.set()
        self._kick.set()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(self._task, timeout=35)
        await self.order.drain(30)
        await self.api.close()

    def notice(self, notice: Notice) -> None:
        """A callback said messages wait: fetch them with its token."""
        if notice.open_kfid and notice.open_kfid != self.settings.open_kfid:
            return
        self._token = notice.token or self._token
        self._kick.set()

    async def _sync_loop(self) -> None:
        while not self._stop.is_set():
            await self._kick.wait()
            self._kick.clear()
            if self._stop.is_set():
                return
            try:
                await self.sync()
            except Exception as exc:
                log.warning("WeCom sync failed (%s); trying again shortly", exc)
                await asyncio.sleep(2)
                self._kick.set()

    async def sync(self) -> int:
        """Fetch and handle every waiting page; the number of messages fetched."""
        fetched = 0
        async with self.database.unit_of_work() as session:
            cursor = await Repositories(session).settings.get(self._cursor_key) or ""
        while not self._stop.is_set():
            page = await self.api.sync(cursor, self._token, self.sync_limit)
            messages = list(page.get("msg_list") or [])
            fetched += len(messages)
            await self.handle_page(messages)
            cursor = str(page.get("next_cursor") or cursor)
            async with self.database.unit_of_work() as session:
                await Repositories(session).settings.upsert(self._cursor_key, cursor)
            if not page.get("has_more"):
                break
        return fetched

    async def handle_page(self, messages: list[dict[str, object]]) -> None:
        """Every message of a page handled, each customer's in order. If handling one failed (the
        database away a moment) the first failure is raised once all are done, so the cursor stays
        before the page and it is fetched again: the messages handled already are claimed and do
        nothing twice, the failed one is not lost."""
        tasks = []
        for message in messages:
            item = readable(message)
            if item is None:
                continue
            await self.order.admit()
            tasks.append(self.order.submit(item.event.sender.chat_id, self._job(item), admitted=True))
        outcomes = await asyncio.gather(*tasks, return_exceptions=True)
        failed = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
        if failed:
            raise failed[0]

    def _job(self, item: Incoming) -> Callable[[], Awaitable[None]]:
        return lambda: self._handle(item)

    async def _handle(self, item: Incoming) -> None:
        event = item.event
        self._externals[event.sender.chat_id] = item.external_userid
        rule = await self._seen(item)
        if isinstance(event, Document):
            event = await self._with_data(event)
        try:
            effects = await self.engine.handle(event)
        except UpdateInProgress:
            log.info("WeCom message %s is being handled elsewhere", event.update_id)
            return
        if rule is not None and effects:
            effects = [Reply(chat_id=event.sender.chat_id, text=rule), *effects]  # joined to the reply
        if not effects:
            return
        await self.send_replies(event.update_id, event.sender.chat_id, effects, item.welcome_code)
        await self.engine.performed(event.update_id)

    async def _seen(self, item: Incoming) -> str | None:
        """The person's row (a message of theirs opens the window and makes what waited for them
        due); the window's rule when they are to be told it."""
        event = item.event
        wrote_at = None if item.welcome_code else (event.sent_at or self.engine.deps.clock.now())
        released, rule = await self.window.seen(event.sender.chat_id, item.external_userid, wrote_at)
        if released:
            self.engine.on_outbox()
        return rule

    async def send_replies(
        self, update_id: int, chat_id: int, effects: list[Effect], welcome: str = ""
    ) -> None:
        """An update's replies as WeChat messages, each with a msgid made of the update's, so a
        replay sends none twice. An entering is answered with its welcome code, by one message."""
        if welcome:
            await self._welcome(update_id, chat_id, effects, welcome)
            return
        fitted = adapt(effects, WECOM, chat_id)
        granted = await self.window.take(chat_id, len(fitted))
        if granted < len(fitted):
            log.info("update %s: %d messages, %d allowed by WeChat", update_id, len(fitted), granted)
        for index, effect in enumerate(within(fitted, granted, chat_id)):
            try:
                await self._send(effect, f"u{abs(update_id)}x{index}")
            except Exception as exc:
                log.warning("could not send a WeCom reply of update %s: %s", update_id, exc)

    async def _welcome(self, update_id: int, chat_id: int, effects: list[Effect], code: str) -> None:
        squeezed = one_message(effects, WECOM, chat_id)
        if squeezed is None:
            return
        try:
            await self.api.send_on_event(code, f"u{abs(update_id)}x0", body_of(*squeezed))
        except Exception as exc:
            log.warning("could not send the WeCom welcome of update %s: %s", update_id, exc)

    async def perform(self, effect: Effect) -> None:
        """One effect from the outbox (its row's key makes the msgid)."""
        key = getattr(effect, "key", None) or uuid.uuid4().hex
        fitted = adapt([effect], WECOM)
        chat_id = getattr(effect, "chat_id", 0)
        if await self.window.take(chat_id, len(fitted), partial=False) < len(fitted):
            raise OutsideWindow(chat_id)
        for index, message in enumerate(fitted):
            await self._send(message, f"{key}x{index}"[:32])

    async def _send(self, effect: Effect | tuple[Reply, str], msgid: str) -> None:
        if isinstance(effect, tuple):
            await self.api.send(await self._external(effect[0].chat_id), msgid, body_of(*effect))
            return
        if not isinstance(effect, Reply | SendFile):
            return
        external = await self._external(effect.chat_id)
        if isinstance(effect, SendFile):
            media_id = await self.api.upload(effect.file_name, effect.data)
            await self.api.send(external, msgid, {"msgtype": "file", "file": {"media_id": media_id}})
        elif effect.text or effect.keyboard is not None:
            await self.api.send(external, msgid, body_of(effect))

    async def _external(self, chat_id: int) -> str:
        known = self._externals.get(chat_id)
        if known is None:
            async with self.database.unit_of_work() as session:
                known = await Repositories(session).contacts.external_id(chat_id)
            if known is None:
                raise Undeliverable(f"no WeCom contact for {chat_id}")  # never retried
            self._externals[chat_id] = known
        return known

    async def _with_data(self, event: Document) -> Document:
        """The file fetched (``media/get`` gives its name) and read off the event loop, before the
        engine's transaction."""
        if not await self.engine.wants_file(event):
            return event
        try:
            name, data = await self.api.download(event.file_id)
        except Exception as exc:
            log.warning("could not download the file of WeCom message %s: %s", event.update_id, exc)
            return event
        if len(data) > MAX_DOWNLOAD_BYTES:
            return replace(event, file_name=name, file_size=len(data))
        try:
            inspection = await asyncio.to_thread(inspect, data, name)
        except Exception:  # a reader's bug on one crafted file must not hold the page for ever
            log.exception("could not read the file of WeCom message %s", event.update_id)
            return event
        return replace(event, file_name=name, file_size=len(data), data=data, inspection=inspection)


def within(fitted: list[Effect], granted: int, chat_id: int) -> list[Effect | tuple[Reply, str]]:
    """An update's messages within the ``granted`` budget: the last one allowed carries what
    does not fit in its own message (a menu's head and tail)."""
    if len(fitted) <= granted:
        return list(fitted)
    if granted == 0:
        return []
    rest = one_message(fitted[granted - 1 :], WECOM, chat_id)
    return [*fitted[: granted - 1], *([rest] if rest is not None else [])]
