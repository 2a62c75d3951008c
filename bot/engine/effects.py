"""Typed effects: what the engine asks an adapter to do. Every effect names its chat."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class InlineButton:
    text: str
    data: str


@dataclass(frozen=True)
class InlineKeyboard:
    rows: tuple[tuple[InlineButton, ...], ...]


@dataclass(frozen=True)
class ReplyButton:
    text: str
    request_contact: bool = False


@dataclass(frozen=True)
class ReplyKeyboard:
    rows: tuple[tuple[ReplyButton, ...], ...]
    one_time: bool = True


@dataclass(frozen=True)
class RemoveKeyboard:
    pass


@dataclass(frozen=True)
class ForceReply:
    """Ask the client to answer this message (how a bot hears replies in a group)."""

    placeholder: str = ""


Keyboard = InlineKeyboard | ReplyKeyboard | RemoveKeyboard | ForceReply


@dataclass(frozen=True, kw_only=True)
class Reply:
    chat_id: int
    text: str
    keyboard: Keyboard | None = None
    # what makes a repeated send the same message where a channel takes one (WeCom's msgid)
    key: str | None = field(default=None, compare=False)


@dataclass(frozen=True, kw_only=True)
class Edit:
    """Replace the text (and inline keyboard) of a message the bot sent earlier."""

    chat_id: int
    message_id: int
    text: str
    keyboard: InlineKeyboard | None = None


@dataclass(frozen=True, kw_only=True)
class SendFile:
    chat_id: int
    file_name: str
    data: bytes
    caption: str | None = None
    keyboard: InlineKeyboard | None = None
    key: str | None = field(default=None, compare=False)


@dataclass(frozen=True, kw_only=True)
class AnswerCallback:
    callback_id: str
    text: str | None = None
    alert: bool = False


@dataclass(frozen=True, kw_only=True)
class ChatAction:
    chat_id: int
    action: str = "typing"


@dataclass(frozen=True, kw_only=True)
class SetMenu:
    """The command menu of one private chat in ``language`` (a person who chose it with /lang sees
    the menu in it, whatever their app's language). Telegram only: other channels have none."""

    chat_id: int
    language: str


Effect = Reply | Edit | SendFile | AnswerCallback | ChatAction | SetMenu


# How performing an effect can fail, as every channel's adapter reports it to the engine and the outbox.
class Blocked(Exception):
    """Telegram answered 403: the user blocked the bot (or left the group). Never retried."""


class Undeliverable(Exception):
    """Telegram refused the message itself (400: chat not found, bad markup …). Never retried."""


class RetryLater(Exception):
    """Raised by ``perform`` when Telegram answered 429; carries the wait in seconds."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds
