"""What both adapters share: update dict → engine → effects performed in order.

An adapter only knows how to fetch updates and how to perform one effect with its
framework; the engine never sees a framework type.
"""

from __future__ import annotations

import asyncio
import logging
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from bot.documents.inspection import inspect
from bot.domain.languages import CLIENT_MENUS
from bot.engine.effects import ChatAction, Effect, Keyboard, Reply, RetryLater, SendFile, SetMenu
from bot.engine.events import Document
from bot.engine.runner import Engine, UpdateInProgress
from bot.telegram.malformed import skipped
from bot.telegram.ordering import ChatOrder, chat_key
from bot.telegram.updates import event_from_update

log = logging.getLogger(__name__)

MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024  # the cloud Bot API lets bots download at most 20 MB
# A file this large (or of unknown size) is shown as "sending a file…" while it is downloaded and
# read; a smaller one is answered within a second or so, and the status would only flash by.
SHOW_PROGRESS_FROM_BYTES = 1024 * 1024
# An update handled slower than this sends its last message itself rather than in the webhook
# answer: Telegram may have stopped waiting for the answer (it then redelivers the update).
ANSWER_WITHIN = 20.0


@dataclass(frozen=True)
class MenuCommand:
    command: str
    description: str


Menus = dict[str, list[MenuCommand]]  # language code ("" = default) → commands


@dataclass(frozen=True)
class ChatMenu:
    """A command menu for one chat only (Bot API ``BotCommandScopeChat``): the staff group, or a
    staff member's private chat (whose chat id is their user id)."""

    chat_id: int
    menus: Menus


@dataclass(frozen=True)
class AdapterConfig:
    token: str
    api_base: str
    menus: Menus
    polling_timeout: int = 10
    chat_menus: tuple[ChatMenu, ...] = ()
    concurrency: int = 32  # updates handled at once (of different chats; one chat's in order)


@dataclass(frozen=True)
class WebhookAnswer:
    """The answer to one webhook POST: a Bot API call Telegram performs itself (``params``, with
    ``file`` as its document), or nothing; ``update_id`` names the update whose replies are to be
    marked sent once the answer is out."""

    params: dict[str, Any] | None = None
    file: SendFile | None = None
    update_id: int | None = None


class Adapter(ABC):
    def __init__(self, config: AdapterConfig, engine: Engine) -> None:
        self.config = config
        self.engine = engine
        self._bot_username: str | None = None
        self.order = ChatOrder(config.concurrency)
        # told of every message a reply sends (the outbox's rate limiter counts them: Telegram's
        # 30 messages/s are shared by replies and announcements)
        self.on_send: Callable[[int], None] = lambda _chat_id: None

    @property
    def bot_username(self) -> str | None:
        return self._bot_username

    @bot_username.setter
    def bot_username(self, name: str | None) -> None:
        """Known after connecting; handlers need it for t.me links (``Deps.identity``)."""
        self._bot_username = name
        if self.engine is not None:  # an adapter made only to send (tests) has no engine
            self.engine.deps.identity.username = name or ""

    @abstractmethod
    async def start(self) -> None:
        """Connect, set the command menu, and start fetching updates in the background."""

    @abstractmethod
    async def start_webhook(self, url: str, secret: str) -> None:
        """Connect, set the command menu, and register the webhook (no polling)."""

    @abstractmethod
    def parse_raw(self, data: dict[str, Any]) -> dict[str, Any]:
        """One update as Telegram posted it, read by the framework, as a plain dict."""

    @abstractmethod
    def markup_params(self, keyboard: Keyboard | None) -> dict[str, Any] | None:
        """``reply_markup`` as Bot API JSON, built with the framework's own types."""

    def answer_params(self, effect: Reply | SendFile) -> dict[str, Any]:
        """The Bot API call (``method`` and its parameters, the document excepted) that carries
        ``effect`` in the answer to a webhook POST."""
        if isinstance(effect, Reply):
            params: dict[str, Any] = {"method": "sendMessage", "chat_id": effect.chat_id, "text": effect.text}
        else:
            params = {"method": "sendDocument", "chat_id": effect.chat_id}
            if effect.caption:
                params["caption"] = effect.caption
        params["parse_mode"] = "HTML"
        markup = self.markup_params(effect.keyboard)
        if markup is not None:
            params["reply_markup"] = markup
        return params

    @abstractmethod
    async def set_menu(self, commands: list[MenuCommand], language: str, chat_id: int | None) -> None:
        """setMyCommands for one language ("" = default), for every chat or one chat only."""

    async def set_menus(self) -> None:
        """The default menu, then each chat's own. A chat-scoped menu can be refused (Telegram
        answers "chat not found" for a staff member who never opened the bot): that is logged and
        the others are still set."""
        for language, commands in self.config.menus.items():
            await self.set_menu(commands, language, None)
        for chat in self.config.chat_menus:
            for language, commands in chat.menus.items():
                try:
                    await self.set_menu(commands, language, chat.chat_id)
                except Exception as exc:
                    log.warning("could not set the command menu of chat %s: %s", chat.chat_id, exc)

    async def set_chat_language(self, effect: SetMenu) -> None:
        """A person's choice of language (/lang): their private chat's menu in it, whatever their
        app's language — the chat's role menu when it has one, else the applicants'. Set for every
        client language of that chat, since a chat-scoped menu for the app's language wins."""
        code = next((c for c, lang in CLIENT_MENUS.items() if lang == effect.language), "")
        chat_menus = [c.menus for c in self.config.chat_menus if c.chat_id == effect.chat_id]
        own = chat_menus[0] if chat_menus else self.config.menus
        commands = own.get(code) or own.get("", [])
        for client_language in ("", *CLIENT_MENUS):
            await self.set_menu(commands, client_language, effect.chat_id)

    @abstractmethod
    async def stop(self) -> None:
        """Stop fetching, finish the update in hand, and close connections."""

    @abstractmethod
    async def perform(self, effect: Effect) -> None:
        """Carry out one effect with the framework's Bot API methods."""

    @abstractmethod
    async def download(self, file_id: str) -> bytes:
        """The bytes of a file a user sent (getFile, then the file URL)."""

    async def process(self, update: dict[str, Any]) -> None:
        """Polling: queue one update behind the earlier ones of its chat and return, so that the
        framework fetches on while it is handled (``ChatOrder``); waits only while the backlog
        is full. ``finish_in_hand`` waits for the queued updates on stop."""
        await self.order.admit()
        self.order.submit(chat_key(update), lambda: self._process(update), admitted=True)

    async def _process(self, update: dict[str, Any]) -> None:
        """Handle one update and send its replies; then mark them sent. An update that another
        process is still handling is left to it."""
        try:
            handled = await self._handle(update)
        except UpdateInProgress as busy:
            log.info("update %s is being handled elsewhere", busy.args[0] if busy.args else "?")
            return
        except Exception:
            log.exception("update %s could not be handled", update.get("update_id"))
            return
        if handled is not None:
            update_id, effects = handled
            for effect in effects:
                await self._perform_safely(effect)
            await self.engine.performed(update_id)

    async def process_webhook(self, data: dict[str, Any]) -> WebhookAnswer:
        """Webhook: handle one update; perform its replies but the last message, which goes back
        in the answer to Telegram (see ``bot/web.py``). ``UpdateInProgress`` propagates."""
        started = time.monotonic()
        try:
            update = self.parse_raw(data)
        except Exception as exc:  # answered 200: Telegram would only post it again, for ever
            skipped(data.get("update_id"), exc)
            return WebhookAnswer()
        handled = await self._handle(update)
        if handled is None:
            return WebhookAnswer()
        update_id, effects = handled
        last = effects[-1] if isinstance(effects[-1], Reply | SendFile) else None
        for effect in effects[:-1] if last is not None else effects:
            await self._perform_safely(effect)
        if last is not None and time.monotonic() - started < ANSWER_WITHIN:
            self.on_send(last.chat_id)
            return WebhookAnswer(
                self.answer_params(last), last if isinstance(last, SendFile) else None, update_id
            )
        if last is not None:  # too late to trust the answer to arrive: send it ourselves
            await self._perform_safely(last)
        await self.engine.performed(update_id)
        return WebhookAnswer()

    async def finish_in_hand(self, timeout: float = 30) -> None:
        """Wait for the updates being handled to send their replies and mark them sent."""
        await self.order.drain(timeout)

    async def _handle(self, update: dict[str, Any]) -> tuple[int, list[Effect]] | None:
        """The effects of one update (None: nothing to do), from the engine."""
        try:
            event = event_from_update(update, self.bot_username)
        except (KeyError, TypeError, ValueError) as exc:
            skipped(update.get("update_id"), exc)
            return None
        if event is None:
            return None
        if isinstance(event, Document):
            event = await self._with_data(event)
        effects = await self.engine.handle(event)
        return (event.update_id, effects) if effects else None

    async def _with_data(self, event: Document) -> Document:
        """Download a sent file and read it (``bot/documents/inspection.py``) before the
        engine's transaction, off the event loop, so no lock is held meanwhile.

        Files over the cloud Bot API's download limit are not even tried; the handler explains.
        """
        if not event.sender.is_private or (event.file_size or 0) > MAX_DOWNLOAD_BYTES:
            return event
        if not await self.engine.wants_file(event):  # refused anyway: not worth a getFile
            return event
        if event.file_size is None or event.file_size >= SHOW_PROGRESS_FROM_BYTES:
            await self._perform_safely(ChatAction(chat_id=event.sender.chat_id, action="upload_document"))
        try:
            data = await self.download(event.file_id)
        except Exception as exc:
            log.warning("could not download file of update %s: %s", event.update_id, exc)
            return event
        inspection = await asyncio.to_thread(inspect, data, event.file_name)
        return replace(event, data=data, inspection=inspection)

    async def _perform_safely(self, effect: Effect) -> None:
        """One retry after a 429; any other failure is logged and the next effect goes on."""
        if isinstance(effect, Reply | SendFile):
            self.on_send(effect.chat_id)
        for attempt in (1, 2):
            try:
                await self.perform(effect)
                return
            except RetryLater as wait:
                if attempt == 2:
                    log.warning("gave up on %s after a second 429", type(effect).__name__)
                    return
                await asyncio.sleep(min(wait.seconds, 30))
            except Exception as exc:
                log.warning("could not perform %s: %s", type(effect).__name__, exc)
                return
