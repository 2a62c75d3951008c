"""In-memory Telegram state of the emulator: chats, messages, files and the update queue.

Everything runs on one event loop, so no locks are needed. Every state change calls
``_notify()``, which wakes all coroutines waiting in ``wait_change`` (long polls and
test-side waits) without any busy polling.
"""

from __future__ import annotations

import asyncio
import itertools
import secrets
import time
from collections.abc import Callable

from bot.sandbox.models import (
    ApiCall,
    CallbackAnswer,
    ChatActionRecord,
    Delivery,
    JsonDict,
    SandboxChat,
    SandboxUser,
    SentMessage,
    StoredFile,
)

NO_WEBHOOK: JsonDict = {"url": "", "secret_token": None, "allowed_updates": None, "max_connections": 40}

# What Telegram delivers when allowed_updates was never set (or set to an empty list).
DEFAULT_UPDATE_TYPES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "callback_query",
        "inline_query",
        "chosen_inline_result",
        "shipping_query",
        "pre_checkout_query",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
        "business_message",
    }
)


class SandboxState:
    """Storage shared by the HTTP method handlers and the test-side API."""

    def __init__(self, token: str, bot_id: int, bot_username: str) -> None:
        self.token = token
        self.bot_id = bot_id
        self.bot_username = bot_username
        self.bot_user: JsonDict = {
            "id": bot_id,
            "is_bot": True,
            "first_name": "Shenbao Test Bot",
            "username": bot_username,
        }
        self.calls: list[ApiCall] = []
        self.callback_answers: list[CallbackAnswer] = []
        self.chat_actions: list[ChatActionRecord] = []
        self.webhook: JsonDict = dict(NO_WEBHOOK)
        self.webhook_deliveries: list[Delivery] = []  # every webhook POST attempt, oldest first
        self.webhook_last_error: tuple[int, str] | None = None  # (unix time, message) for getWebhookInfo
        # (scope key, language_code) -> commands; scope key is e.g. "default" or "chat:42".
        self.commands: dict[tuple[str, str], list[JsonDict]] = {}
        self.users: dict[int, SandboxUser] = {}
        self.groups: dict[int, SandboxChat] = {}
        self.blocked: set[int] = set()
        self.files: dict[str, StoredFile] = {}
        self.files_by_path: dict[str, StoredFile] = {}
        self.open_callback_queries: set[str] = set()
        self._sent: dict[int, list[SentMessage]] = {}
        self._by_id: dict[tuple[int, int], SentMessage] = {}
        self._user_messages: dict[tuple[int, int], JsonDict] = {}
        self._last_message_id: dict[int, int] = {}
        self._counter = itertools.count(1)
        self._update_ids = itertools.count(1)
        self._history: dict[int, JsonDict] = {}
        self._pending: list[JsonDict] = []  # unconfirmed updates, by increasing update_id
        self._redeliver: list[JsonDict] = []
        self._delivered: set[int] = set()
        self._allowed_updates: frozenset[str] = DEFAULT_UPDATE_TYPES
        self._changed = asyncio.Event()
        self._activity: dict[int | None, float] = {None: time.monotonic()}
        self._last_delivery = time.monotonic()
        self.in_flight = 0
        self.poll_generation = 0  # a newer getUpdates ends a waiting one with 409, as on Telegram
        self.closing = False

    # ----- change notification -------------------------------------------------------------

    def _notify(self) -> None:
        event, self._changed = self._changed, asyncio.Event()
        event.set()

    async def wait_change(self, timeout: float) -> bool:
        """Wait until the next state change; False on time-out."""
        if timeout <= 0:
            return False
        try:
            await asyncio.wait_for(self._changed.wait(), timeout)
        except TimeoutError:
            return False
        return True

    async def wait_for(
        self, predicate: Callable[[], bool], timeout: float = 10.0, describe: Callable[[], str] | None = None
    ) -> None:
        """Wait until ``predicate()`` holds (re-checked on every state change)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                detail = describe() if describe else "condition still false"
                raise TimeoutError(f"timed out after {timeout:g}s: {detail}")
            await self.wait_change(remaining)

    def touch(self, chat_id: int | None = None) -> None:
        """Record bot activity (in a chat) for ``wait_idle`` and wake waiters."""
        now = time.monotonic()
        self._activity[None] = now
        if chat_id is not None:
            self._activity[chat_id] = now
        self._notify()

    # ----- chats and messages ---------------------------------------------------------------

    def chat_json(self, chat_id: int) -> JsonDict | None:
        """The Chat object of a chat the emulator knows, else None ("chat not found")."""
        if chat_id in self.users:
            return self.users[chat_id].to_chat()
        if chat_id in self.groups:
            return self.groups[chat_id].to_chat()
        return None

    def new_message_id(self, chat_id: int) -> int:
        self._last_message_id[chat_id] = self._last_message_id.get(chat_id, 0) + 1
        return self._last_message_id[chat_id]

    def add_sent(self, message: SentMessage) -> None:
        self._sent.setdefault(message.chat_id, []).append(message)
        self._by_id[(message.chat_id, message.message_id)] = message
        self.touch(message.chat_id)

    def sent_in(self, chat_id: int) -> list[SentMessage]:
        return self._sent.get(chat_id, [])

    def bot_message(self, chat_id: int, message_id: int) -> SentMessage | None:
        return self._by_id.get((chat_id, message_id))

    def user_message(self, chat_id: int, message_id: int) -> JsonDict | None:
        return self._user_messages.get((chat_id, message_id))

    def delete_user_message(self, chat_id: int, message_id: int) -> bool:
        """Mark a user's message deleted; False if there is no such (undeleted) message."""
        return self._user_messages.pop((chat_id, message_id), None) is not None

    def message_json(self, message: SentMessage) -> JsonDict:
        chat = self.chat_json(message.chat_id) or {"id": message.chat_id, "type": "private"}
        return message.to_api(chat, self.bot_user)

    def unique_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._counter)}-{secrets.token_hex(4)}"

    # ----- files -----------------------------------------------------------------------------

    def store_file(
        self, data: bytes, file_name: str | None, mime_type: str | None, folder: str = "documents"
    ) -> StoredFile:
        number = next(self._counter)
        suffix = f".{file_name.rsplit('.', 1)[-1]}" if file_name and "." in file_name else ""
        stored = StoredFile(
            file_id=f"BQAC{number:06d}{secrets.token_hex(8)}",
            file_unique_id=f"AgAD{number:06d}",
            file_path=f"{folder}/file_{number}{suffix}",
            data=data,
            file_name=file_name,
            mime_type=mime_type,
        )
        self.files[stored.file_id] = stored
        self.files_by_path[stored.file_path] = stored
        return stored

    # ----- updates ---------------------------------------------------------------------------

    def enqueue(self, body: JsonDict) -> JsonDict:
        """Create an Update from ``body`` (e.g. ``{"message": {...}}``), queue and return it."""
        update = {"update_id": next(self._update_ids), **body}
        self._history[update["update_id"]] = update
        self._pending.append(update)
        for kind in ("message", "edited_message"):
            if kind in body:
                msg = body[kind]
                self._user_messages[(msg["chat"]["id"], msg["message_id"])] = msg
        self._notify()
        return update

    def redeliver(self, update_id: int) -> JsonDict:
        """Queue an already created update again (same id and content), as Telegram may do."""
        if update_id not in self._history:
            raise KeyError(f"no update with update_id={update_id}; known: {sorted(self._history)}")
        update = self._history[update_id]
        self._redeliver.append(dict(update))  # a copy: each queued duplicate is a distinct entry
        self._notify()
        return update

    def begin_poll(self) -> int:
        """Start a getUpdates call; any call still waiting must now end with 409 Conflict."""
        self.poll_generation += 1
        self._notify()
        return self.poll_generation

    def set_webhook(self, webhook: JsonDict) -> None:
        """Store the webhook settings (``NO_WEBHOOK`` for none) and tell ``webhook_changed``."""
        if webhook.get("url") != self.webhook.get("url"):
            self.webhook_last_error = None
        self.webhook = {**NO_WEBHOOK, **webhook}
        self._notify()
        self.webhook_changed()

    def webhook_changed(self) -> None:
        """Called after setWebhook/deleteWebhook; the emulator starts its delivery loop here."""

    def set_allowed_updates(self, allowed: list[str] | None) -> None:
        if allowed is not None:
            self._allowed_updates = frozenset(allowed) if allowed else DEFAULT_UPDATE_TYPES

    def confirm(self, offset: int) -> None:
        """Forget updates below ``offset``; a negative offset keeps only the last ``-offset``."""
        if offset < 0:
            self._pending = self._pending[offset:]
        else:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        self._notify()

    def drop_pending(self) -> None:
        self._pending.clear()
        self._redeliver.clear()
        self._notify()

    def _allowed(self, update: JsonDict) -> bool:
        return any(key in self._allowed_updates for key in update if key != "update_id")

    def available_updates(self) -> list[JsonDict]:
        """Updates a getUpdates call would return now: redeliveries first, then pending ones."""
        self._pending = [u for u in self._pending if self._allowed(u)]
        return [*self._redeliver, *self._pending]

    def take_updates(self, limit: int) -> list[JsonDict]:
        """Return up to ``limit`` updates and mark them delivered (they stay until confirmed)."""
        updates = self.available_updates()[:limit]
        del self._redeliver[: min(len(self._redeliver), len(updates))]
        if updates:
            self._delivered.update(u["update_id"] for u in updates)
            self._last_delivery = time.monotonic()
            self._notify()
        return updates

    def undelivered_count(self) -> int:
        """Updates the bot has not fetched yet (a redelivery counts until it is fetched)."""
        return len(self._redeliver) + sum(1 for u in self._pending if u["update_id"] not in self._delivered)

    def pending_updates(self) -> int:
        """Updates not yet confirmed by the bot (what getWebhookInfo calls pending_update_count)."""
        return len(self._pending) + len(self._redeliver)
