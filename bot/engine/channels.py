"""The channels a person reaches the bot by, and what each can do: one table.

The engine and the handlers speak to addresses (``chat_id``) and never name a channel. A person on a
channel whose ids are strings (WeCom's ``external_userid``) gets a stable integer address derived from
(channel, id) in a range of its own (``ids_from``); the row ``channel_contact`` keeps the string id for
sending. Telegram's addresses are Telegram's own chat ids, unchanged.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

TELEGRAM_NAME = "telegram"
WECOM_NAME = "wecom"
_ID_SPACE = (1 << 62) - 1  # a derived id is ids_from + 62 bits of a hash: far above any Telegram id


@dataclass(frozen=True)
class Capabilities:
    """What one channel can do with a message, and its limits."""

    name: str
    edit: bool  # change a message sent earlier
    command_menu: bool  # a menu of /commands the client shows by itself (Telegram's setMyCommands)
    inline_buttons: bool  # buttons under a message, pressed without sending text
    html: bool  # <b>, <i>, <a> … shown as formatting
    answer_button: bool  # a short answer to a button press (a toast or an alert)
    share_contact: bool  # a button that shares the person's phone number (and other reply keyboards)
    typing: bool  # "typing…" / "sending a file…" while the bot works
    text_limit: int  # of one text message, in ``unit``
    caption_limit: int  # of a file's caption, in ``unit``; 0: a file carries no words
    menu_head_limit: int  # the text above a menu's items, in ``unit`` (where buttons are a menu)
    menu_items: int  # buttons one message may carry; 0: no limit
    button_data_bytes: int  # of a button's data (Telegram's callback data, WeCom's menu item id)
    button_label_bytes: int  # of a button's label; 0: no limit
    unit: str  # "chars" (UTF-16-ish characters) or "bytes" (UTF-8)
    window: timedelta | None  # the bot may write only this long after the person's last message
    replies_per_message: int | None  # messages the bot may send per message of the person
    ids_from: int | None  # where this channel's derived addresses start; None: the channel's own ids

    def size(self, text: str) -> int:
        """The length of ``text`` as this channel counts it."""
        return len(text.encode()) if self.unit == "bytes" else len(text)


TELEGRAM = Capabilities(
    name=TELEGRAM_NAME,
    edit=True,
    command_menu=True,
    inline_buttons=True,
    html=True,
    answer_button=True,
    share_contact=True,
    typing=True,
    text_limit=4096,
    caption_limit=1024,
    menu_head_limit=4096,
    menu_items=0,
    button_data_bytes=64,
    button_label_bytes=0,
    unit="chars",
    window=None,
    replies_per_message=None,
    ids_from=None,
)

WECOM = Capabilities(
    name=WECOM_NAME,
    edit=False,
    command_menu=False,  # /help answers with the commands as menu items
    inline_buttons=False,  # buttons become a menu message (msgmenu); a tap sends the item's id back
    html=False,
    answer_button=False,
    share_contact=False,
    typing=False,
    text_limit=2048,
    caption_limit=0,
    menu_head_limit=1024,
    menu_items=10,
    button_data_bytes=64,
    button_label_bytes=128,
    unit="bytes",
    window=timedelta(hours=48),
    replies_per_message=5,
    ids_from=1 << 62,
)

CHANNELS: dict[str, Capabilities] = {c.name: c for c in (TELEGRAM, WECOM)}


def channel_of(chat_id: int) -> Capabilities:
    """The channel an address belongs to: the one whose derived range holds it, else Telegram."""
    for channel in CHANNELS.values():
        if channel.ids_from is not None and chat_id >= channel.ids_from:
            return channel
    return TELEGRAM


def address(channel: Capabilities, external_id: str) -> int:
    """The stable address of (channel, id) for a channel whose ids are strings."""
    if channel.ids_from is None:
        return int(external_id)
    return channel.ids_from + (_hash(f"{channel.name}:{external_id}") & _ID_SPACE)


def update_id(channel: Capabilities, message_id: str) -> int:
    """The update id of a channel's message id (a string): negative, so never a Telegram update id,
    and the same for every instance, so the engine's claim acts on it once."""
    return -1 - (_hash(f"{channel.name}:{message_id}") & _ID_SPACE)


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


class OutsideWindow(Exception):
    """The person's channel takes no message from the bot now (their window closed, or the
    messages allowed per message of theirs are used up): the message waits for them to write."""
