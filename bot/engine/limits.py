"""Every message fits its channel: one place that makes any reply, edit or caption fit the limits
of the channel it goes to (``CHANNEL_LIMITS``), so a long list or a long opinion is split or cut,
never refused by the platform.

- A text over the limit is split at line ends into several messages (the keyboard stays with the
  last); an HTML tag open across a split is closed at its end and opened again in the next part.
  A single line longer than the limit is cut where no tag or entity is broken.
- An edit cannot become two messages: it is cut, with "…".
- A caption over the limit leaves the file bare and follows it as text.

A channel is one row of ``CHANNEL_LIMITS`` (Telegram's are documented in the Bot API; a channel
that counts bytes says so with ``unit``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from bot.engine.effects import Edit, Effect, Reply, SendFile

TELEGRAM = "telegram"
ELLIPSIS = "…"
TAG_ROOM = 256  # what a part may need for closing and reopening tags


@dataclass(frozen=True)
class ChannelLimits:
    text: int  # one message's text
    caption: int  # a file's caption
    button_data: int  # bytes of a button's data
    unit: Literal["utf16", "utf8"] = "utf16"  # how the channel counts text

    def measure(self, text: str) -> int:
        if self.unit == "utf8":
            return len(text.encode("utf-8"))
        return len(text.encode("utf-16-le")) // 2


CHANNEL_LIMITS: dict[str, ChannelLimits] = {
    TELEGRAM: ChannelLimits(text=4096, caption=1024, button_data=64),
}

_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^>]*>")


def fit(effects: list[Effect], limits: ChannelLimits) -> list[Effect]:
    """``effects`` with every text within ``limits``; ones that fit are returned as they are."""
    fitted: list[Effect] = []
    for effect in effects:
        fitted.extend(_fit_one(effect, limits))
    return fitted


def _fit_one(effect: Effect, limits: ChannelLimits) -> list[Effect]:
    if isinstance(effect, Reply) and limits.measure(effect.text) > limits.text:
        parts = split_html(effect.text, limits.text, limits)
        last = len(parts) - 1
        return [
            Reply(chat_id=effect.chat_id, text=p, keyboard=effect.keyboard if i == last else None)
            for i, p in enumerate(parts)
        ]
    if isinstance(effect, Edit) and limits.measure(effect.text) > limits.text:
        first = split_html(effect.text, limits.text - limits.measure(ELLIPSIS) - 1, limits)[0]
        return [replace(effect, text=first + "\n" + ELLIPSIS)]
    if isinstance(effect, SendFile) and effect.caption and limits.measure(effect.caption) > limits.caption:
        bare = replace(effect, caption=None, keyboard=None)
        return [
            bare,
            *_fit_one(Reply(chat_id=effect.chat_id, text=effect.caption, keyboard=effect.keyboard), limits),
        ]
    return [effect]


def split_html(text: str, limit: int, limits: ChannelLimits) -> list[str]:
    """``text`` (Telegram HTML) in parts of at most ``limit``, split at line ends, tags balanced."""
    parts: list[str] = []
    current: list[str] = []  # lines of the part being built
    opened: list[tuple[str, str]] = []  # (name, opening tag) open at the end of ``current``
    reopen = ""  # the tags the part being built starts with
    for line in _lines(text, limit, limits):
        after = _open_after(opened, line)
        candidate = "\n".join([*current, line])
        if limits.measure(reopen + candidate + _closers(after)) <= limit or not current:
            current.append(line)
            opened = after
            continue
        parts.append(reopen + "\n".join(current) + _closers(opened))
        reopen = "".join(tag for _, tag in opened)
        current, opened = [line], _open_after(opened, line)
    parts.append(reopen + "\n".join(current) + _closers(opened))
    return parts


def _lines(text: str, limit: int, limits: ChannelLimits) -> list[str]:
    """The lines of ``text``, a line too long for one part cut into safe pieces (room is left
    for the tags a part closes and the next opens again)."""
    budget = max(limit - TAG_ROOM, limit // 2, 1)
    lines: list[str] = []
    for line in text.split("\n"):
        while limits.measure(line) > budget:
            cut = _safe_cut(line, budget, limits)
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return lines


def _safe_cut(line: str, budget: int, limits: ChannelLimits) -> int:
    """The longest head of ``line`` within ``budget`` that ends outside a tag and an entity."""
    low, high = 1, len(line)
    while low < high:
        middle = (low + high + 1) // 2
        if limits.measure(line[:middle]) <= budget:
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
