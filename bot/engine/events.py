"""Typed events: what an adapter makes of a Telegram update. No framework types here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.rules.document import Document as DocxDocument
from bot.rules.document import PdfInfo
from bot.rules.errors import RuleError


@dataclass(frozen=True)
class Inspection:
    """What reading a sent file gave (``bot.documents.inspection.inspect``, run by the adapter
    outside the transaction): a result or the error it raised (None: not tried)."""

    pdf: PdfInfo | RuleError | None = None
    docx: DocxDocument | RuleError | None = None


@dataclass(frozen=True, kw_only=True)
class Sender:
    user_id: int
    chat_id: int
    chat_type: str = "private"
    first_name: str = ""
    language_code: str | None = None

    @property
    def is_private(self) -> bool:
        return self.chat_type == "private"


@dataclass(frozen=True, kw_only=True)
class Event:
    update_id: int
    sender: Sender
    sent_at: datetime | None = None  # Telegram's stamp of a message (``date``); None for a button


@dataclass(frozen=True, kw_only=True)
class Text(Event):
    text: str


@dataclass(frozen=True, kw_only=True)
class Command(Event):
    name: str
    args: str = ""


@dataclass(frozen=True, kw_only=True)
class Button(Event):
    data: str
    callback_id: str
    message_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class Document(Event):
    file_id: str
    file_name: str = ""
    mime_type: str = ""
    file_size: int | None = None
    data: bytes | None = None  # filled in by the adapter before the engine sees the event
    inspection: Inspection | None = None  # the file read by the adapter, outside the transaction


@dataclass(frozen=True, kw_only=True)
class Contact(Event):
    phone_number: str
    contact_user_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class Unsupported(Event):
    """A message kind the bot does not take (sticker, photo, location …)."""

    kind: str


def parse_command(text: str, bot_username: str | None = None) -> tuple[str, str] | None:
    """``"/start@bot abc"`` → ``("start", "abc")``; None if the text is not a command.

    A command addressed to another bot (``/start@other_bot``) is not ours.
    """
    if not text.startswith("/") or len(text) < 2:
        return None
    head, _, args = text[1:].partition(" ")
    name, _, target = head.partition("@")
    if target and bot_username and target.lower() != bot_username.lower():
        return None
    if not name:
        return None
    return name.lower(), args.strip()
