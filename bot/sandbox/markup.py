"""Text formatting helpers of the emulator: HTML parse_mode, entity offsets, commands.

Telegram measures entity offsets and lengths in UTF-16 code units, and rejects HTML it
cannot parse with ``400 Bad Request: can't parse entities: ...``. The emulator mirrors
that so end-to-end tests catch unescaped user input in bot messages.
"""

from __future__ import annotations

import html
import re
from typing import Any

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^<>]*)>")
_CHARREF = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|lt|gt|amp|quot);")
_ATTR = re.compile(r"""([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,64})?")
_MARKDOWN_V2_ESCAPE = re.compile(r"\\([_*\[\]()~`>#+\-=|{}.!\\])")

_HTML_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "code": "code",
    "pre": "pre",
    "a": "text_link",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}


class ParseEntitiesError(ValueError):
    """The text cannot be parsed with the requested parse_mode (Telegram answers 400)."""


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit of Bot API entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def render(text: str, parse_mode: str | None) -> tuple[str, list[dict[str, Any]]]:
    """Return ``(plain_text, entities)`` as Telegram would store a message sent with parse_mode."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        return _HtmlRenderer(text).run()
    if mode == "markdownv2":
        return _MARKDOWN_V2_ESCAPE.sub(r"\1", text), []
    return text, []


def command_entities(text: str) -> list[dict[str, Any]]:
    """A ``bot_command`` entity for a leading "/command" or "/command@botname", as clients add."""
    match = _COMMAND.match(text)
    if match is None:
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(match.group(0))}]


class _HtmlRenderer:
    """Single-pass parser for the HTML subset of the Bot API (strict about tags, like Telegram)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.chunks: list[str] = []
        self.offset = 0  # UTF-16 offset in the plain text built so far
        self.stack: list[tuple[str, dict[str, str], int]] = []
        self.entities: list[dict[str, Any]] = []

    def run(self) -> tuple[str, list[dict[str, Any]]]:
        pos = 0
        while pos < len(self.text):
            char = self.text[pos]
            if char == "<":
                pos = self._tag(pos)
            elif char == "&" and (ref := _CHARREF.match(self.text, pos)):
                self._emit(html.unescape(ref.group(0)))
                pos = ref.end()
            else:
                self._emit(char)
                pos += 1
        if self.stack:
            raise ParseEntitiesError(
                f"can't parse entities: Can't find end tag corresponding to start tag \"{self.stack[-1][0]}\""
            )
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.chunks), self.entities

    def _emit(self, chunk: str) -> None:
        self.chunks.append(chunk)
        self.offset += utf16_len(chunk)

    def _byte_offset(self, pos: int) -> int:
        return len(self.text[:pos].encode("utf-8"))

    def _tag(self, pos: int) -> int:
        match = _TAG.match(self.text, pos)
        if match is None:
            raise ParseEntitiesError(
                f'can\'t parse entities: Unsupported start tag "" at byte offset {self._byte_offset(pos)}'
            )
        closing, name, raw_attrs = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            self._close(name, pos)
        else:
            self._open(name, raw_attrs, pos)
        return match.end()

    def _open(self, name: str, raw_attrs: str, pos: int) -> None:
        attrs = {
            m.group(1).lower(): html.unescape(next((g for g in m.groups()[1:] if g is not None), ""))
            for m in _ATTR.finditer(raw_attrs)
        }
        supported = name in _HTML_ENTITY_TYPES
        if name == "span" and attrs.get("class") != "tg-spoiler":
            supported = False
        if not supported:
            offset = self._byte_offset(pos)
            raise ParseEntitiesError(
                f'can\'t parse entities: Unsupported start tag "{name}" at byte offset {offset}'
            )
        self.stack.append((name, attrs, self.offset))

    def _close(self, name: str, pos: int) -> None:
        if not self.stack or self.stack[-1][0] != name:
            expected = self.stack[-1][0] if self.stack else ""
            raise ParseEntitiesError(
                f"can't parse entities: Unmatched end tag at byte offset {self._byte_offset(pos)}, "
                f'expected "</{expected}>", found "</{name}>"'
            )
        _, attrs, start = self.stack.pop()
        entity = self._entity(name, attrs, start)
        if entity is not None and entity["length"] > 0:
            self.entities.append(entity)

    def _entity(self, name: str, attrs: dict[str, str], start: int) -> dict[str, Any] | None:
        length = self.offset - start
        entity: dict[str, Any] = {"type": _HTML_ENTITY_TYPES[name], "offset": start, "length": length}
        language = attrs.get("class", "")
        if name == "code" and self.stack and self.stack[-1][0] == "pre" and language.startswith("language-"):
            self.stack[-1][1]["language"] = language.removeprefix("language-")
            return None
        if name == "pre" and "language" in attrs:
            entity["language"] = attrs["language"]
        elif name == "a":
            entity["url"] = attrs.get("href", "")
        elif name == "tg-emoji":
            entity["custom_emoji_id"] = attrs.get("emoji-id", "0")
        elif name == "blockquote" and "expandable" in attrs:
            entity["type"] = "expandable_blockquote"
        return entity
