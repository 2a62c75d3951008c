"""Bot API update (as a plain dict) → engine event. Shared by both adapters.

Each adapter turns its framework's Update object back into the Bot API's JSON shape
(``to_dict()`` / ``model_dump(by_alias=True)``) and calls ``event_from_update``, so the
two frameworks cannot drift apart in how they read an update.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from bot.engine.events import (
    Button,
    Command,
    Contact,
    Document,
    Event,
    Sender,
    Text,
    Unsupported,
    parse_command,
)

ALLOWED_UPDATES = ["message", "callback_query"]
MESSAGE_KINDS = (
    "sticker",
    "photo",
    "video",
    "voice",
    "audio",
    "animation",
    "location",
    "venue",
    "poll",
    "video_note",
    "dice",
    "game",
)


def _sender(user: dict[str, Any], chat: dict[str, Any]) -> Sender:
    return Sender(
        user_id=int(user["id"]),
        chat_id=int(chat["id"]),
        chat_type=str(chat.get("type", "private")),
        first_name=str(user.get("first_name", "")),
        language_code=user.get("language_code"),
    )


def event_from_update(update: dict[str, Any], bot_username: str | None = None) -> Event | None:
    """The event for a message or a button press; None for anything the bot ignores."""
    update_id = int(update["update_id"])
    if update.get("callback_query"):
        return _button(update_id, update["callback_query"])
    message = update.get("message")
    if not message or not message.get("from") or not message.get("chat"):
        return None
    return _stamped(_message(update_id, message, bot_username), message)


def _stamped(event: Event, message: dict[str, Any]) -> Event:
    """The event with Telegram's send time of the message (``date``, Unix seconds), if any."""
    date = message.get("date")
    if not isinstance(date, int) or date <= 0:
        return event
    return replace(event, sent_at=datetime.fromtimestamp(date, UTC))


def _button(update_id: int, query: dict[str, Any]) -> Event | None:
    message = query.get("message") or {}
    chat = message.get("chat") or {"id": query["from"]["id"], "type": "private"}
    return Button(
        update_id=update_id,
        sender=_sender(query["from"], chat),
        data=str(query.get("data") or ""),
        callback_id=str(query["id"]),
        message_id=message.get("message_id"),
    )


def _message(update_id: int, message: dict[str, Any], bot_username: str | None) -> Event:
    sender = _sender(message["from"], message["chat"])
    text = message.get("text")
    if isinstance(text, str):
        command = parse_command(text, bot_username) if _starts_with_command(message) else None
        if command is not None:
            return Command(update_id=update_id, sender=sender, name=command[0], args=command[1])
        return Text(update_id=update_id, sender=sender, text=text)
    if message.get("contact"):
        contact = message["contact"]
        return Contact(
            update_id=update_id,
            sender=sender,
            phone_number=str(contact.get("phone_number", "")),
            contact_user_id=contact.get("user_id"),
        )
    if message.get("document"):
        doc = message["document"]
        return Document(
            update_id=update_id,
            sender=sender,
            file_id=str(doc["file_id"]),
            file_name=str(doc.get("file_name") or ""),
            mime_type=str(doc.get("mime_type") or ""),
            file_size=doc.get("file_size"),
        )
    kind = next((k for k in MESSAGE_KINDS if message.get(k)), "other")
    return Unsupported(update_id=update_id, sender=sender, kind=kind)


def _starts_with_command(message: dict[str, Any]) -> bool:
    entities = message.get("entities") or []
    return any(e.get("type") == "bot_command" and e.get("offset") == 0 for e in entities)
