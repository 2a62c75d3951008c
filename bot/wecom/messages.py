"""A ``kf/sync_msg`` message → an engine event, and an effect → a ``kf/send_msg`` body.

A customer's text is a command when it starts with ``/`` (or is a word of the words table, read
at the engine's input boundary); a tap on a menu item comes back as text with the item's id
(``menu_id``), which is the button's data; ``enter_session`` (the customer opened the chat from a
link or QR code) is ``/start`` with the link's ``scene_param``, and its ``welcome_code`` lets one
message answer it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.engine.channels import WECOM, address, update_id
from bot.engine.effects import InlineKeyboard, Reply
from bot.engine.events import Button, Command, Document, Event, Sender, Text, Unsupported, parse_command
from storage.models import ChannelContact

log = logging.getLogger(__name__)
EXTERNAL_ID_LENGTH = ChannelContact.external_id.type.length or 0
CUSTOMER = 3  # origin of a message the customer sent
SYSTEM = 4  # origin of an event


@dataclass(frozen=True)
class Incoming:
    """One fetched message as the engine sees it, with what only WeCom needs."""

    event: Event
    external_userid: str
    welcome_code: str = ""


def readable(message: object) -> Incoming | None:
    """``incoming``, or None for a message not shaped as the API documents it (a field missing or
    of another type, a time out of range): logged by its msgid (never its content) and skipped, so
    one unreadable message neither stops the page nor, retried for ever, every customer behind it."""
    try:
        if not isinstance(message, dict):
            raise TypeError(type(message).__name__)
        return incoming(message)
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError, OSError) as exc:
        msgid = message.get("msgid") if isinstance(message, dict) else None
        log.warning("skipped WeCom message %r that could not be read (%s)", msgid, type(exc).__name__)
        return None


def incoming(message: dict[str, Any]) -> Incoming | None:
    """The event of one message of ``msg_list``; None for what the bot does not act on (a
    servicer's message, events other than a customer entering the chat)."""
    msgtype = message.get("msgtype")
    if msgtype == "event":
        return _entered(message)
    if message.get("origin") != CUSTOMER or not message.get("external_userid"):
        return None
    external = _external(message["external_userid"])
    common: dict[str, Any] = {
        "update_id": update_id(WECOM, str(message["msgid"])),
        "sender": _sender(external),
        "sent_at": _time(message.get("send_time")),
    }
    if msgtype == "text":
        return Incoming(_text(message.get("text") or {}, common), external)
    if msgtype == "file":
        media_id = str((message.get("file") or {}).get("media_id") or "")
        return Incoming(Document(file_id=media_id, **common), external)
    return Incoming(Unsupported(kind=str(msgtype), **common), external)


def _entered(message: dict[str, Any]) -> Incoming | None:
    event = message.get("event") or {}
    if event.get("event_type") != "enter_session" or not event.get("external_userid"):
        return None
    external = _external(event["external_userid"])
    start = Command(
        update_id=update_id(WECOM, str(message["msgid"])),
        sender=_sender(external),
        sent_at=_time(message.get("send_time")),
        name="start",
        args=str(event.get("scene_param") or ""),
    )
    return Incoming(start, external, str(event.get("welcome_code") or ""))


def _external(value: Any) -> str:
    """An ``external_userid`` as stored (``channel_contact.external_id``); one that cannot be is
    unreadable, not a failure retried for ever."""
    if not isinstance(value, str) or len(value) > EXTERNAL_ID_LENGTH:
        raise ValueError("external_userid")
    return value


def _text(text: dict[str, Any], common: dict[str, Any]) -> Event:
    menu_id = str(text.get("menu_id") or "")
    command = parse_command(menu_id) if menu_id.startswith("/") else None  # a command's menu item
    if command is not None:
        return Command(name=command[0], args=command[1], **common)
    if menu_id:
        return Button(data=menu_id, callback_id="", message_id=None, **common)
    content = str(text.get("content") or "")
    command = parse_command(content.strip())
    if command is not None:
        return Command(name=command[0], args=command[1], **common)
    return Text(text=content, **common)


def _sender(external_userid: str) -> Sender:
    person = address(WECOM, external_userid)
    return Sender(user_id=person, chat_id=person, chat_type="private")


def _time(stamp: Any) -> datetime | None:
    return datetime.fromtimestamp(stamp, UTC) if isinstance(stamp, int) and stamp > 0 else None


def body_of(effect: Reply, tail: str = "") -> dict[str, Any]:
    """A text, or a menu message when it carries buttons (each a click item: id = button data)."""
    if not isinstance(effect.keyboard, InlineKeyboard):
        return {"msgtype": "text", "text": {"content": effect.text}}
    items = [
        {"type": "click", "click": {"id": button.data, "content": button.text}}
        for row in effect.keyboard.rows
        for button in row
    ]
    menu: dict[str, Any] = {"list": items}
    if effect.text:
        menu["head_content"] = effect.text
    if tail:
        menu["tail_content"] = tail
    return {"msgtype": "msgmenu", "msgmenu": menu}
