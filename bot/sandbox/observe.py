"""Test-side observation of what the bot did: messages, waits, answers, recorded calls."""

from __future__ import annotations

import asyncio
import time

from bot.sandbox.models import ApiCall, ChatRef, JsonDict, SentMessage, chat_id_of
from bot.sandbox.state import SandboxState


class Observer(SandboxState):
    """Reading the emulator state from tests, and waiting for the bot."""

    def __init__(self, token: str, bot_id: int, bot_username: str) -> None:
        super().__init__(token, bot_id, bot_username)
        self._cursors: dict[int, int] = {}

    def messages(self, chat: ChatRef) -> list[SentMessage]:
        """All messages the bot sent to ``chat`` (a chat id, user or group), oldest first."""
        return list(self.sent_in(chat_id_of(chat)))

    def last_message(self, chat: ChatRef) -> SentMessage | None:
        sent = self.sent_in(chat_id_of(chat))
        return sent[-1] if sent else None

    def mark_read(self, chat: ChatRef) -> None:
        """Move the ``next_message`` cursor of ``chat`` past every message sent so far."""
        chat_id = chat_id_of(chat)
        self._cursors[chat_id] = len(self.sent_in(chat_id))

    async def next_message(self, chat: ChatRef, timeout: float = 10.0) -> SentMessage:
        """The next message sent to ``chat`` not yet returned by this method (one cursor per chat)."""
        chat_id = chat_id_of(chat)
        cursor = self._cursors.get(chat_id, 0)
        await self.wait_for(
            lambda: len(self.sent_in(chat_id)) > cursor,
            timeout,
            describe=lambda: f"No new message in chat {chat_id}. {self.describe_chat(chat_id)}",
        )
        self._cursors[chat_id] = cursor + 1
        return self.sent_in(chat_id)[cursor]

    async def wait_idle(self, chat: ChatRef | None = None, quiet: float = 0.3, timeout: float = 10.0) -> None:
        """Wait until the bot fetched every queued update, no request of it is being processed,
        and nothing happened (in ``chat``, if given) for ``quiet`` seconds."""
        chat_id = None if chat is None else chat_id_of(chat)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            remaining = deadline - loop.time()
            busy = self.undelivered_count() > 0 or self.in_flight > 0
            since = max(self._last_delivery, self._activity.get(chat_id, 0.0))
            wait = remaining if busy else quiet - (time.monotonic() - since)
            if not busy and wait <= 0:
                return
            if remaining <= 0:
                raise TimeoutError(
                    f"bot not idle within {timeout:g}s: {self.undelivered_count()} undelivered update(s), "
                    f"{self.in_flight} request(s) in flight. {self.describe_chat(chat_id)}"
                )
            await self.wait_change(min(wait, remaining))

    def describe_chat(self, chat_id: int | None) -> str:
        """Human-readable recent history of a chat plus the bot's failed calls, for failure messages."""
        lines: list[str] = []
        if chat_id is not None:
            sent = self.sent_in(chat_id)
            cursor = self._cursors.get(chat_id, 0)
            lines.append(f"{len(sent)} message(s) sent to chat {chat_id}, {cursor} consumed; last ones:")
            lines += [f"  {m.describe()}" for m in sent[-5:]]
        failed = [c for c in self.calls if c.status >= 400][-5:]
        if failed:
            lines.append("Recent failed bot API calls:")
            lines += [
                f"  {c.method}(chat_id={c.params.get('chat_id')}) -> {c.status} {c.error}" for c in failed
            ]
        lines.append(f"Updates not fetched by the bot: {self.undelivered_count()}.")
        return "\n".join(lines)

    def calls_of(self, method: str) -> list[ApiCall]:
        """Recorded calls of one method (case-insensitive name)."""
        return [c for c in self.calls if c.method.lower() == method.lower()]

    def file_bytes(self, file_id: str) -> bytes:
        return self.files[file_id].data

    def get_commands(self, scope: str = "default", language_code: str = "") -> list[JsonDict]:
        """Commands stored by setMyCommands for a scope key ("default", "all_private_chats", "chat:42")."""
        return self.commands.get((scope, language_code), [])

    def menu_for(self, chat_id: int, user_id: int, language_code: str | None = None) -> list[JsonDict]:
        """The menu a client shows ``user_id`` in ``chat_id``, as Telegram picks it: the narrowest
        scope with commands (chat member, chat, all private or all group chats, default); within a
        scope the user's language before the default list."""
        kind = "all_private_chats" if chat_id > 0 else "all_group_chats"
        scopes = (f"chat_member:{chat_id}:{user_id}", f"chat:{chat_id}", kind, "default")
        language = (language_code or "")[:2]
        for scope in scopes:
            for code in (language, "") if language else ("",):
                if (scope, code) in self.commands:
                    return self.commands[(scope, code)]
        return []
