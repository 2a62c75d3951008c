"""A recording stub of Telegram for transcript tests: events straight into the engine,
effects recorded per chat, message ids assigned so that buttons can be pressed."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.campaign.schema import Campaign
from bot.config import Settings
from bot.engine.clock import FakeClock
from bot.engine.effects import AnswerCallback, Edit, Effect, InlineKeyboard, Reply
from bot.engine.events import Button, Command, Contact, Document, Event, Sender, Text, Unsupported
from bot.services import Services, build_services

TAGS = re.compile(r"<[^>]+>")


@dataclass
class Message:
    message_id: int
    text: str
    keyboard: object | None

    @property
    def plain(self) -> str:
        return TAGS.sub("", self.text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")

    def buttons(self) -> list[tuple[str, str]]:
        if not isinstance(self.keyboard, InlineKeyboard):
            return []
        return [(b.text, b.data) for row in self.keyboard.rows for b in row]


@dataclass
class Stub:
    services: Services
    clock: FakeClock
    chats: dict[int, list[Message]] = field(default_factory=dict)
    answers: list[AnswerCallback] = field(default_factory=list)
    last_effects: list[Effect] = field(default_factory=list)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1000))  # type: ignore[type-arg]

    def sender(self, user_id: int, chat_id: int | None = None) -> Sender:
        chat = chat_id or user_id
        return Sender(
            user_id=user_id,
            chat_id=chat,
            chat_type="private" if chat > 0 else "supergroup",
            first_name="张三",
        )

    async def feed(self, event: Event) -> list[Message]:
        """Deliver one event; return the new messages it produced."""
        effects = await self.services.engine.handle(event)
        if effects:  # as an adapter does once the replies are sent
            await self.services.engine.performed(event.update_id)
        self.last_effects = effects
        new: list[Message] = []
        for effect in effects:
            if isinstance(effect, Reply):
                message = Message(next(self._ids), effect.text, effect.keyboard)
                self.chats.setdefault(effect.chat_id, []).append(message)
                new.append(message)
            elif isinstance(effect, Edit):
                for message in self.chats.get(effect.chat_id, []):
                    if message.message_id == effect.message_id:
                        message.text, message.keyboard = effect.text, effect.keyboard
            elif isinstance(effect, AnswerCallback):
                self.answers.append(effect)
        return new

    def next_update_id(self) -> int:
        return next(self._ids)

    async def command(self, user_id: int, text: str, chat_id: int | None = None) -> list[Message]:
        name, _, args = text.lstrip("/").partition(" ")
        sender = self.sender(user_id, chat_id)
        return await self.feed(Command(update_id=self.next_update_id(), sender=sender, name=name, args=args))

    async def text(self, user_id: int, text: str) -> list[Message]:
        return await self.feed(Text(update_id=self.next_update_id(), sender=self.sender(user_id), text=text))

    async def contact(self, user_id: int, phone: str) -> list[Message]:
        return await self.feed(
            Contact(update_id=self.next_update_id(), sender=self.sender(user_id), phone_number=phone)
        )

    async def sticker(self, user_id: int) -> list[Message]:
        return await self.feed(
            Unsupported(update_id=self.next_update_id(), sender=self.sender(user_id), kind="sticker")
        )

    async def press_data(
        self, user_id: int, data: str, message_id: int | None = None, chat_id: int | None = None
    ) -> list[Message]:
        sender = self.sender(user_id, chat_id)
        event = Button(
            update_id=self.next_update_id(),
            sender=sender,
            data=data,
            callback_id=str(self.next_update_id()),
            message_id=message_id,
        )
        return await self.feed(event)

    async def text_in(self, user_id: int, chat_id: int, text: str) -> list[Message]:
        return await self.feed(
            Text(update_id=self.next_update_id(), sender=self.sender(user_id, chat_id), text=text)
        )

    async def document(self, user_id: int, file_name: str, data: bytes) -> list[Message]:
        event = Document(
            update_id=self.next_update_id(),
            sender=self.sender(user_id),
            file_id=file_name,
            file_name=file_name,
            file_size=len(data),
            data=data,
        )
        return await self.feed(event)

    async def press(self, user_id: int, label: str) -> list[Message]:
        """Press the button whose text contains ``label`` on the latest message that has one."""
        for message in reversed(self.chats.get(user_id, [])):
            for text, data in message.buttons():
                if label in text:
                    return await self.press_data(user_id, data, message.message_id)
        raise AssertionError(f"no button {label!r}; last: {self.last(user_id).buttons()}")

    def last(self, user_id: int) -> Message:
        return self.chats[user_id][-1]


STAFF_USER, STAFF_CHAT = 900001, -1001234
BEFORE_DEADLINE = datetime(2022, 8, 1, 1, 0, tzinfo=UTC)  # the shipped campaign's call is open


async def make_stub(
    database_url: str,
    campaigns: list[Campaign],
    now: datetime,
    files_dir: str = "",
    districts: dict[str, dict[str, object]] | None = None,
    experts: list[int] | None = None,
) -> Stub:
    settings = Settings.model_validate(
        {
            "districts": districts or {},
            "review": {"expert_user_ids": experts or []},
            "database": {"url": database_url},
            "storage": {"files_dir": files_dir or f"/tmp/shenbao-test-files-{abs(hash(database_url))}"},
            "telegram": {"staff_user_ids": [STAFF_USER], "staff_chat_id": STAFF_CHAT},
        }
    )
    clock = FakeClock(now)
    services = await build_services(settings, campaigns, clock=clock)
    return Stub(services=services, clock=clock)
