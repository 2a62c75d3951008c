"""The one place where messages are made fit for a channel (``bot/engine/channels.py``).

Handlers write for the richest channel (Telegram: HTML, inline buttons, edits). For a channel that
lacks something: an edit becomes a new message, HTML becomes plain text, a button press's answer
becomes a line of its own, a file's words follow it as a message, buttons become menu messages of
at most ``menu_items`` items, and text longer than the channel takes goes as several messages
(split at line ends). Neighbouring plain texts are joined again within the channel's limit, so an
update costs as few messages as possible. For Telegram an effect passes unchanged unless it is
too long (``bot/engine/limits.py``: split at line ends, tags balanced).
"""

from __future__ import annotations

import html
import re
from dataclasses import replace

from bot.engine.channels import Capabilities
from bot.engine.effects import (
    AnswerCallback,
    ChatAction,
    Edit,
    Effect,
    InlineButton,
    InlineKeyboard,
    Keyboard,
    Reply,
    SendFile,
    SetMenu,
)
from bot.engine.limits import fit

SEPARATOR = "\n\n"
_LINK = re.compile(r'<a\s+href="([^"]*)"\s*>(.*?)</a>', re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def adapt(effects: list[Effect], channel: Capabilities, chat_id: int | None = None) -> list[Effect]:
    """``effects`` as ``channel`` can carry them, in order. ``chat_id`` is where an answer to a
    button press goes when the channel has no such answer."""
    fitted: list[Effect] = []
    for effect in effects:
        fitted.extend(_fit(effect, channel, chat_id))
    if channel.inline_buttons and channel.edit and channel.html:
        return fit(fitted, channel)  # HTML split with its tags balanced (bot/engine/limits.py)
    return [page for effect in _joined(fitted, channel) for page in _paged(effect, channel)]


def plain(text: str) -> str:
    """HTML as plain text: a link keeps its address, tags go, entities are read."""

    def link(match: re.Match[str]) -> str:
        url, label = match.group(1), _TAG.sub("", match.group(2))
        return label if not url or url == label else f"{label} {url}"

    return html.unescape(_TAG.sub("", _LINK.sub(link, text)))


def _fit(effect: Effect, channel: Capabilities, chat_id: int | None) -> list[Effect]:
    if isinstance(effect, SetMenu):
        return []  # a command menu is Telegram's, set by its adapters (which do not adapt effects)
    if isinstance(effect, AnswerCallback):
        if channel.answer_button:
            return [effect]
        return [Reply(chat_id=chat_id, text=effect.text)] if effect.text and chat_id is not None else []
    if isinstance(effect, ChatAction):
        return [effect] if channel.typing else []
    if isinstance(effect, Edit):
        if channel.edit:
            return [effect]
        return [Reply(chat_id=effect.chat_id, text=_text(effect.text, channel), keyboard=effect.keyboard)]
    if isinstance(effect, Reply):
        keyboard = _keyboard(effect.keyboard, channel)
        return [Reply(chat_id=effect.chat_id, text=_text(effect.text, channel), keyboard=keyboard)]
    caption = _text(effect.caption, channel) if effect.caption else None
    if channel.caption_limit or (not caption and effect.keyboard is None):
        return [replace(effect, caption=caption)]
    bare = SendFile(chat_id=effect.chat_id, file_name=effect.file_name, data=effect.data)
    return [bare, Reply(chat_id=effect.chat_id, text=caption or "", keyboard=effect.keyboard)]


def _text(text: str, channel: Capabilities) -> str:
    return text if channel.html else plain(text)


def _keyboard(keyboard: Keyboard | None, channel: Capabilities) -> Keyboard | None:
    """Reply keyboards (contact sharing, force-reply) only where the channel has them."""
    if keyboard is None or isinstance(keyboard, InlineKeyboard) or channel.share_contact:
        return keyboard
    return None


def _joined(effects: list[Effect], channel: Capabilities) -> list[Effect]:
    """Neighbouring texts to one chat joined while they fit, the later one's buttons kept."""
    joined: list[Effect] = []
    for effect in effects:
        last = joined[-1] if joined else None
        if (
            isinstance(effect, Reply)
            and isinstance(last, Reply)
            and last.keyboard is None
            and last.chat_id == effect.chat_id
        ):
            text = last.text + SEPARATOR + effect.text if last.text else effect.text
            limit = channel.text_limit if effect.keyboard is None else channel.menu_head_limit
            if channel.size(text) <= limit:
                joined[-1] = Reply(chat_id=effect.chat_id, text=text, keyboard=effect.keyboard)
                continue
        joined.append(effect)
    return joined


def _paged(effect: Effect, channel: Capabilities) -> list[Effect]:
    """A text too long for one message as several; buttons beyond a menu's items as more menus."""
    if not isinstance(effect, Reply):
        return [effect]
    keyboard = effect.keyboard
    menus = _menus(keyboard, channel) if isinstance(keyboard, InlineKeyboard) else []
    head_limit = channel.menu_head_limit if menus else channel.text_limit
    pages = split_text(effect.text, channel, head_limit)
    if not menus:
        return [
            Reply(chat_id=effect.chat_id, text=page, keyboard=keyboard if last else None)
            for page, last in _with_last(pages)
        ]
    replies: list[Effect] = [Reply(chat_id=effect.chat_id, text=page) for page in pages[:-1]]
    replies.append(Reply(chat_id=effect.chat_id, text=pages[-1], keyboard=menus[0]))
    replies.extend(Reply(chat_id=effect.chat_id, text="", keyboard=menu) for menu in menus[1:])
    return replies


def _menus(keyboard: InlineKeyboard, channel: Capabilities) -> list[InlineKeyboard]:
    """The buttons as menus of at most ``menu_items`` items, one item a row, labels cut to fit."""
    if channel.inline_buttons:
        return [keyboard]
    buttons = [
        InlineButton(text=_cut(b.text, channel.button_label_bytes), data=b.data)
        for row in keyboard.rows
        for b in row
    ]
    size = channel.menu_items or len(buttons) or 1
    return [
        InlineKeyboard(rows=tuple((b,) for b in buttons[start : start + size]))
        for start in range(0, len(buttons), size)
    ]


def split_text(text: str, channel: Capabilities, last_limit: int | None = None) -> list[str]:
    """``text`` as pages of at most ``text_limit`` (the last at most ``last_limit``), cut at line
    ends where possible; never an empty list."""
    limit = channel.text_limit
    last_limit = last_limit or limit
    if channel.size(text) <= last_limit:
        return [text]
    pages: list[str] = []
    current = ""
    for line in _lines_that_fit(text, channel, min(limit, last_limit)):
        candidate = f"{current}\n{line}" if current else line
        if channel.size(candidate) <= limit:
            current = candidate
        else:
            pages.append(current)
            current = line
    if channel.size(current) > last_limit:  # the last page must also fit under the menu's head
        pages.append(current)
        current = ""
    pages.append(current)
    return [page for page in pages[:-1] if page] + [pages[-1]]


def _lines_that_fit(text: str, channel: Capabilities, limit: int) -> list[str]:
    lines: list[str] = []
    for line in text.split("\n"):
        while channel.size(line) > limit:
            head = _cut(line, limit, channel.unit == "bytes", mark="")
            lines.append(head)
            line = line[len(head) :]
        lines.append(line)
    return lines


def _cut(text: str, limit: int, in_bytes: bool = True, mark: str = "…") -> str:
    """``text`` shortened to ``limit`` (bytes or characters), ending with ``mark`` when cut."""
    if not limit:
        return text

    def size(value: str) -> int:
        return len(value.encode()) if in_bytes else len(value)

    if size(text) <= limit:
        return text
    room = limit - size(mark)
    end = len(text)
    while end > 0 and size(text[:end]) > room:
        end -= max(1, (size(text[:end]) - room) // 4)
    return text[:end] + mark


def _with_last(items: list[str]) -> list[tuple[str, bool]]:
    return [(item, index == len(items) - 1) for index, item in enumerate(items)]


def one_message(effects: list[Effect], channel: Capabilities, chat_id: int) -> tuple[Reply, str] | None:
    """What one message can carry of ``effects``, where only one may go (WeChat's answer to a
    person opening the chat): the texts in order as the menu's head and tail (cut to fit), the last
    buttons as its items; and the tail. None when there is nothing to say."""
    texts = [e.text for e in adapt(effects, channel, chat_id) if isinstance(e, Reply) and e.text]
    keyboards = [e.keyboard for e in effects if isinstance(e, Reply | Edit | SendFile) and e.keyboard]
    last = keyboards[-1] if keyboards else None
    menus = _menus(last, channel) if isinstance(last, InlineKeyboard) else []
    text = SEPARATOR.join(texts)
    if not text and not menus:
        return None
    if not menus:
        return Reply(chat_id=chat_id, text=split_text(text, channel)[0]), ""
    short = replace(channel, text_limit=channel.menu_head_limit)
    pages = split_text(text, short) if text else [""]
    tail = pages[1] if len(pages) == 2 else _cut(pages[1], channel.menu_head_limit) if len(pages) > 2 else ""
    return Reply(chat_id=chat_id, text=pages[0], keyboard=menus[0]), tail
