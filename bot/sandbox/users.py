"""Test-side actions: simulated users and groups sending updates to the bot.

Each action creates exactly one Update, queues it for the bot (getUpdates or the webhook)
and returns it (a dict with its ``update_id``). Actions are synchronous; await
``next_message``/``wait_idle`` to see the bot's reaction.
"""

from __future__ import annotations

import mimetypes
import time

from bot.sandbox.markup import command_entities
from bot.sandbox.models import ChatRef, JsonDict, SandboxChat, SandboxUser, SentMessage, chat_id_of
from bot.sandbox.observe import Observer

UserRef = SandboxUser | int

# A valid 1x1 PNG, the default content of send_photo.
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


class UserActions(Observer):
    """Creating users/groups and the updates they produce."""

    # Unix time Telegram stamps on incoming messages (``date``); None: the real clock. Tests set
    # it to send "at" another time, e.g. a file sent before a deadline and delivered after it.
    sent_at: float | None = None

    def user(
        self,
        user_id: int,
        first_name: str = "张三",
        language_code: str | None = "zh-hans",
        username: str | None = None,
        last_name: str | None = None,
    ) -> SandboxUser:
        """A user (created on first call; later calls with the same id return the same object)."""
        if user_id not in self.users:
            if user_id <= 0:
                raise ValueError("user ids must be positive (negative ids are group chats)")
            self.users[user_id] = SandboxUser(user_id, first_name, language_code, username, last_name)
        return self.users[user_id]

    def group(self, chat_id: int, title: str = "staff") -> SandboxChat:
        """A supergroup chat the bot is a member of (use negative ids, e.g. -1001234567890)."""
        if chat_id not in self.groups:
            self.groups[chat_id] = SandboxChat(chat_id, title)
        return self.groups[chat_id]

    def block(self, user_id: UserRef) -> None:
        """The user blocks the bot: sends to their private chat answer 403 until they write again."""
        self.blocked.add(self._user(user_id).id)

    def unblock(self, user_id: UserRef) -> None:
        self.blocked.discard(self._user(user_id).id)

    def _user(self, user: UserRef) -> SandboxUser:
        if isinstance(user, SandboxUser):
            return user
        if user not in self.users:
            raise AssertionError(f"unknown user {user}: create it with emu.user({user})")
        return self.users[user]

    def _incoming(
        self, user: UserRef, chat: ChatRef | None, content: JsonDict, reply_to: SentMessage | None = None
    ) -> JsonDict:
        """Queue a message update from ``user`` in ``chat`` (default: their private chat)."""
        sender = self._user(user)
        chat_id = sender.id if chat is None else chat_id_of(chat)
        chat_json = self.chat_json(chat_id)
        if chat_json is None:
            raise AssertionError(f"unknown chat {chat_id}: create it with emu.user() or emu.group()")
        if chat_id == sender.id:
            self.blocked.discard(sender.id)  # writing to a bot again unblocks it, as in Telegram
        message: JsonDict = {
            "message_id": self.new_message_id(chat_id),
            "from": sender.to_user(),
            "chat": chat_json,
            "date": int(time.time() if self.sent_at is None else self.sent_at),
            **content,
        }
        if reply_to is not None:
            message["reply_to_message"] = self.message_json(reply_to)
        return self.enqueue({"message": message})

    def send_text(
        self, user: UserRef, text: str, chat: ChatRef | None = None, reply_to: SentMessage | None = None
    ) -> JsonDict:
        """A text message; a leading "/command" gets its bot_command entity, like real clients add."""
        content: JsonDict = {"text": text}
        entities = command_entities(text)
        if entities:
            content["entities"] = entities
        return self._incoming(user, chat, content, reply_to)

    def send_document(
        self,
        user: UserRef,
        file_name: str,
        data: bytes,
        mime_type: str | None = None,
        caption: str | None = None,
        chat: ChatRef | None = None,
    ) -> JsonDict:
        """A document upload; ``mime_type`` defaults to a guess from the file name."""
        mime = mime_type or mimetypes.guess_type(file_name)[0] or "application/octet-stream"
        stored = self.store_file(data, file_name, mime)
        content: JsonDict = {"document": stored.to_document()}
        if caption:
            content["caption"] = caption
        return self._incoming(user, chat, content)

    def send_photo(
        self, user: UserRef, data: bytes = TINY_PNG, caption: str | None = None, chat: ChatRef | None = None
    ) -> JsonDict:
        stored = self.store_file(data, None, "image/png", folder="photos")
        content: JsonDict = {"photo": stored.to_photo()}
        if caption:
            content["caption"] = caption
        return self._incoming(user, chat, content)

    def send_contact(
        self,
        user: UserRef,
        phone_number: str,
        contact_user_id: int | None = None,
        first_name: str | None = None,
        chat: ChatRef | None = None,
    ) -> JsonDict:
        """A shared contact. ``contact_user_id=None`` means the sender's own contact (what a
        request_contact keyboard button sends); pass 0 for a contact without a Telegram account."""
        sender = self._user(user)
        contact: JsonDict = {"phone_number": phone_number, "first_name": first_name or sender.first_name}
        owner = sender.id if contact_user_id is None else contact_user_id
        if owner:
            contact["user_id"] = owner
        return self._incoming(sender, chat, {"contact": contact})

    def send_sticker(self, user: UserRef, chat: ChatRef | None = None) -> JsonDict:
        stored = self.store_file(b"RIFF-sticker", None, "image/webp", folder="stickers")
        sticker = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "👍",
            "file_size": stored.file_size,
        }
        return self._incoming(user, chat, {"sticker": sticker})

    def send_location(
        self, user: UserRef, latitude: float = 29.563, longitude: float = 106.551, chat: ChatRef | None = None
    ) -> JsonDict:
        return self._incoming(user, chat, {"location": {"latitude": latitude, "longitude": longitude}})

    def press(self, user: UserRef, message: SentMessage, data: str) -> JsonDict:
        """A callback_query on a bot message with arbitrary ``data`` (not checked against the keyboard)."""
        sender = self._user(user)
        query_id = self.unique_id("cq")
        self.open_callback_queries.add(query_id)
        query = {
            "id": query_id,
            "from": sender.to_user(),
            "chat_instance": f"ci{message.chat_id}",
            "message": self.message_json(message),
            "data": data,
        }
        return self.enqueue({"callback_query": query})

    def press_button(self, user: UserRef, message: SentMessage, label_substring: str) -> JsonDict:
        """Press the inline button whose text equals, or uniquely contains, ``label_substring``."""
        buttons = [b for row in message.buttons() for b in row]
        matches = [b for b in buttons if b[0] == label_substring]
        matches = matches or [b for b in buttons if label_substring in b[0]]
        problem = None
        if message.deleted:
            problem = "the message was deleted"
        elif not matches:
            problem = "no button matches"
        elif len(matches) > 1:
            problem = "several buttons match"
        elif matches[0][1] is None:
            problem = "the button has no callback_data"
        if problem:
            raise AssertionError(
                f"press_button({label_substring!r}) on message #{message.message_id}: {problem}; "
                f"buttons: {buttons}; text: {message.plain[:200]!r}"
            )
        return self.press(user, message, str(matches[0][1]))
