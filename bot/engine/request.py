"""What a handler gets for one update: the event, the applicant, repositories and helpers.

Handlers append effects through ``say``/``edit``/``answer``; the engine returns them to the
adapter after the unit of work has committed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from bot.campaign.registry import CampaignRegistry
from bot.engine.buttons import Payload
from bot.engine.channels import Capabilities, channel_of
from bot.engine.clock import Clock
from bot.engine.codec import CallbackCodec
from bot.engine.effects import (
    AnswerCallback,
    Edit,
    Effect,
    InlineButton,
    InlineKeyboard,
    Keyboard,
    Reply,
    SendFile,
    SetMenu,
)
from bot.engine.events import Event
from bot.engine.outbox_payload import message_payload
from bot.texts.render import Renderer
from storage.file_storage import FileStorage
from storage.models import Applicant
from storage.repositories import Repositories

PartT = TypeVar("PartT")


@dataclass
class BotIdentity:
    """Who the bot is on Telegram, known once the adapter has connected (for t.me links)."""

    username: str = ""


@dataclass(frozen=True)
class Deps:
    """Everything handlers may use, built once at start-up."""

    campaigns: CampaignRegistry
    renderer: Renderer
    codec: CallbackCodec
    clock: Clock
    files: FileStorage
    # The conversations' own configuration (who holds each role …), one object per type; the
    # engine carries them and never looks inside.
    parts: tuple[object, ...] = ()
    identity: BotIdentity = field(default_factory=BotIdentity)
    invite_ttl: timedelta = timedelta(hours=48)

    def part(self, kind: type[PartT]) -> PartT:
        """The part of type ``kind``; its defaults when none was given."""
        found = next((part for part in self.parts if isinstance(part, kind)), None)
        return found if found is not None else kind()


@dataclass
class Request:
    event: Event
    applicant: Applicant
    repos: Repositories
    deps: Deps
    # The role the sender acts in (a ``Role`` value, or a role of the table that the state machine
    # does not know), set by the router from the gate that let them through (None: no gate has yet).
    role: str | None = None
    effects: list[Effect] = field(default_factory=list)
    queued: bool = False  # an outbox row was written in this unit of work
    # The time of the step that offered the pressed button, when the press came within the
    # campaign's confirmation window (set by the router): the press counts as acted then.
    offered_at: datetime | None = None
    # Work to do once the unit of work has committed (removing files no row names any more):
    # never done when the update fails, so a rolled-back change never loses a file.
    after_commit: list[Callable[[], Awaitable[object]]] = field(default_factory=list)

    @property
    def lang(self) -> str:
        return self.applicant.lang

    @property
    def chat_id(self) -> int:
        return self.event.sender.chat_id

    @property
    def channel(self) -> Capabilities:
        """What the sender's channel can do (a text may say "press the button" only where there is one)."""
        return channel_of(self.chat_id)

    def now(self) -> datetime:
        return self.deps.clock.now()

    def text(self, name: str, /, **context: Any) -> str:
        return self.deps.renderer.render(self.lang, name, **context)

    def label(self, name: str, /, **context: Any) -> str:
        return self.deps.renderer.label(self.lang, name, **context)

    def button(self, text: str, payload: Payload) -> InlineButton:
        return InlineButton(text=text, data=self.deps.codec.encode(payload))

    def say(self, name: str, /, keyboard: Keyboard | None = None, **context: Any) -> None:
        self.effects.append(Reply(chat_id=self.chat_id, text=self.text(name, **context), keyboard=keyboard))

    def say_text(self, text: str, keyboard: Keyboard | None = None) -> None:
        """Send text that is already rendered (and escaped) by a template."""
        self.effects.append(Reply(chat_id=self.chat_id, text=text, keyboard=keyboard))

    def set_menu(self, language: str) -> None:
        """This chat's command menu in ``language`` (a private chat, after /lang)."""
        self.effects.append(SetMenu(chat_id=self.chat_id, language=language))

    def edit(self, message_id: int, text: str, keyboard: InlineKeyboard | None = None) -> None:
        self.effects.append(Edit(chat_id=self.chat_id, message_id=message_id, text=text, keyboard=keyboard))

    def send_file(self, file_name: str, data: bytes, caption: str | None = None) -> None:
        self.effects.append(SendFile(chat_id=self.chat_id, file_name=file_name, data=data, caption=caption))

    async def notify(self, chat_id: int, key: str, text: str, keyboard: InlineKeyboard | None = None) -> bool:
        """Queue a message to another chat in this unit of work (sent after commit by the
        outbox sender); a repeated ``key`` queues nothing."""
        queued = await self.repos.outbox.enqueue(key, chat_id, message_payload(text, keyboard), self.now())
        self.queued = self.queued or queued
        return queued

    def answer(self, callback_id: str, text: str | None = None, alert: bool = False) -> None:
        self.effects.append(AnswerCallback(callback_id=callback_id, text=text, alert=alert))


def keyboard(*rows: list[InlineButton]) -> InlineKeyboard:
    """An inline keyboard from rows, dropping empty rows."""
    return InlineKeyboard(rows=tuple(tuple(row) for row in rows if row))
