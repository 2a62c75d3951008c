"""Free-text fields: names, addresses, products and output, contact person.

Length is ``len()`` of the normalised text (one Chinese character = one; a line break in
multi-line text = one).
Errors: ``text_empty``, ``text_too_short`` (length, min_len), ``text_too_long`` (length, max_len).
Warning: ``address_not_chongqing`` (place: the place name the address should mention).
"""

from __future__ import annotations

from bot.rules.errors import RuleError, RuleWarning
from bot.rules.parsed import Parsed
from bot.rules.text_norm import normalise_line, normalise_multiline


def _check_length(text: str, min_len: int, max_len: int) -> Parsed:
    if not text:
        raise RuleError("text_empty")
    if len(text) < min_len:
        raise RuleError("text_too_short", length=len(text), min_len=min_len)
    if len(text) > max_len:
        raise RuleError("text_too_long", length=len(text), max_len=max_len)
    return Parsed(text, text)


def parse_text(text: str, min_len: int = 1, max_len: int = 200) -> Parsed:
    """One line of text, spaces collapsed; line breaks become spaces."""
    return _check_length(normalise_line(text), min_len, max_len)


def parse_multiline(text: str, min_len: int = 1, max_len: int = 2000) -> Parsed:
    """Text over several lines (企业主要产品及产量): line breaks kept, blank runs collapsed."""
    return _check_length(normalise_multiline(text), min_len, max_len)


def parse_address(
    text: str,
    min_len: int = 1,
    max_len: int = 200,
    must_mention: str | None = None,
    aliases: tuple[str, ...] = (),
) -> Parsed:
    """An address; warns when it mentions neither ``must_mention`` (the campaign's region) nor one
    of its other spellings (``aliases``, e.g. "Chongqing"; any case)."""
    parsed = parse_text(text, min_len, max_len)
    value = str(parsed.value).casefold()
    if must_mention and not any(name.casefold() in value for name in (must_mention, *aliases)):
        warning = RuleWarning("address_not_chongqing", {"place": must_mention})
        return Parsed(parsed.value, parsed.display, (warning,))
    return parsed
