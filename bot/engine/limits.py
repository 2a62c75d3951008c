"""Every message fits its channel: a reply, edit or caption over the limits of its channel (the
channel table, ``bot/engine/channels.py``) is split or cut, never refused by the platform. This is
what ``adapt`` (the one place messages are made fit for a channel) does for channels that show
HTML; the engine and the outbox sender apply it for Telegram.

- A text over the limit is split at line ends into several messages (the keyboard stays with the
  last); an HTML tag open across a split is closed at its end and opened again in the next part.
  A single line longer than the limit is cut where no tag or entity is broken.
- An edit cannot become two messages: it is cut, with "…".
- A caption over the limit leaves the file bare and follows it as text.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.engine.channels import Capabilities
from bot.engine.effects import Edit, Effect, Reply, SendFile

ELLIPSIS = "…"
TAG_ROOM = 256  # what a part may need for closing and reopening tags

_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^>]*>")


def fit(effects: list[Effect], channel: Capabilities) -> list[Effect]:
    """``effects`` with every text within ``channel``; ones that fit are returned as they are."""
    fitted: list[Effect] = []
    for effect in effects:
        fitted.extend(_fit_one(effect, channel))
    return fitted


def _fit_one(effect: Effect, channel: Capabilities) -> list[Effect]:
    if isinstance(effect, Reply) and channel.size(effect.text) > channel.text_limit:
        parts = split_html(effect.text, channel.text_limit, channel)
        last = len(parts) - 1
        return [
            Reply(chat_id=effect.chat_id, text=p, keyboard=effect.keyboard if i == last else None)
            for i, p in enumerate(parts)
        ]
    if isinstance(effect, Edit) and channel.size(effect.text) > channel.text_limit:
        first = split_html(effect.text, channel.text_limit - channel.size(ELLIPSIS) - 1, channel)[0]
        return [replace(effect, text=first + "\n" + ELLIPSIS)]
    if (
        isinstance(effect, SendFile)
        and effect.caption
        and channel.size(effect.caption) > channel.caption_limit
    ):
        bare = replace(effect, caption=None, keyboard=None)
        return [
            bare,
            *_fit_one(Reply(chat_id=effect.chat_id, text=effect.caption, keyboard=effect.keyboard), channel),
        ]
    return [effect]


def split_html(text: str, limit: int, channel: Capabilities) -> list[str]:
    """``text`` (Telegram HTML) in parts of at most ``limit``, split at line ends, tags balanced."""
    parts: list[str] = []
    current: list[str] = []  # lines of the part being built
    opened: list[tuple[str, str]] = []  # (name, opening tag) open at the end of ``current``
    reopen = ""  # the tags the part being built starts with
    for line in _lines(text, limit, channel):
        after = _open_after(opened, line)
        candidate = "\n".join([*current, line])
        if channel.size(reopen + candidate + _closers(after)) <= limit or not current:
            current.append(line)
            opened = after
            continue
        parts.append(reopen + "\n".join(current) + _closers(opened))
        reopen = "".join(tag for _, tag in opened)
        current, opened = [line], _open_after(opened, line)
    parts.append(reopen + "\n".join(current) + _closers(opened))
    return parts


def _lines(text: str, limit: int, channel: Capabilities) -> list[str]:
    """The lines of ``text``, a line too long for one part cut into safe pieces (room is left
    for the tags a part closes and the next opens again)."""
    budget = max(limit - TAG_ROOM, limit // 2, 1)
    lines: list[str] = []
    for line in text.split("\n"):
        while channel.size(line) > budget:
            cut = _safe_cut(line, budget, channel)
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return lines


def _safe_cut(line: str, budget: int, channel: Capabilities) -> int:
    """The longest head of ``line`` within ``budget`` that ends outside a tag and an entity."""
    low, high = 1, len(line)
    while low < high:
        middle = (low + high + 1) // 2
        if channel.size(line[:middle]) <= budget:
            low = middle
        else:
            high = middle - 1
    cut = low
    for opener, closer in (("<", ">"), ("&", ";")):
        head = line[:cut]
        start = head.rfind(opener)
        if start > head.rfind(closer) and start > 0:
            cut = start
    return cut


def _open_after(opened: list[tuple[str, str]], line: str) -> list[tuple[str, str]]:
    stack = list(opened)
    for match in _TAG.finditer(line):
        closing, name = match.group(1) == "/", match.group(2).lower()
        if not closing:
            stack.append((name, match.group(0)))
        elif stack and stack[-1][0] == name:
            stack.pop()
    return stack


def _closers(opened: list[tuple[str, str]]) -> str:
    return "".join(f"</{name}>" for name, _ in reversed(opened))
