"""字数 as Microsoft Word counts it (the figure in Word's status bar and Word Count dialog).

Word's 字数 for Chinese text is "East Asian characters + non-East-Asian words":

* every East Asian character counts one on its own, whatever surrounds it: CJK ideographs,
  kana, bopomofo, and full-width punctuation (。，、；：？！（）《》【】「」 …);
* every maximal run of other non-space characters counts one: an English word, a number such
  as ``12.5%``, ``ERP/MES``, ``2.0``; East Asian characters and white space end such a run, so
  ``智能制造2.0版本`` is 4 + 1 + 2 = 7 and ``我们使用ERP和MES系统。`` is 10;
* white space (including the ideographic space U+3000 and no-break space) counts nothing and
  separates runs; zero-width characters (ZWSP, ZWJ, BOM, word joiner) count nothing either.

What counts as East Asian (each counts one):

* CJK Unified Ideographs 4E00–9FFF and Extension A 3400–4DBF; Extensions B–I in the
  supplementary planes 20000–323AF (including the Compatibility Ideographs Supplement);
  CJK Compatibility Ideographs F900–FAFF; radicals 2E80–2FDF, ideographic description
  characters 2FF0–2FFF, CJK strokes 31C0–31EF;
* CJK Symbols and Punctuation 3000–303F (、。〈〉《》「」『』【】〔〕 …), kana 3040–30FF and
  31F0–31FF, bopomofo 3100–312F and 31A0–31BF, enclosed CJK letters 3200–32FF (㈠ ㊣),
  CJK compatibility 3300–33FF (㎡ ㎏);
* vertical forms FE10–FE1F, CJK compatibility forms FE30–FE4F, small form variants FE50–FE6F,
  and Halfwidth and Fullwidth Forms FF00–FFEF (，！：；？（）％ and full-width digits and letters,
  half-width katakana, ￥);
* the general-punctuation marks that Chinese text uses and that Word counts as Chinese
  punctuation when they sit in Chinese text: dashes – — ― (a Chinese "——" is two), ‖, quotes
  ‘ ’ “ ”, ‥ and … (a Chinese "……" is two), ‰, ′ ″, ※, and the middle dot ·.
  Inside English text they are ordinary punctuation: a mark whose nearest other characters
  (white space and other such marks skipped) are, on both sides, not East Asian or the end of
  the text (at least one side being a character) joins the run it touches, so
  ``the “smart factory” project`` is 4 words, as in Word.

Hangul is deliberately not in the list: Word counts Korean by space-separated words. Symbols
such as ℃ or × are not in it either: they join the run they touch (``25℃`` is one).
"""

from __future__ import annotations

import re

# East Asian in Chinese text, ordinary punctuation in English text (see the docstring).
_CONTEXTUAL_RANGES: tuple[tuple[int, int], ...] = (
    (0x00B7, 0x00B7),  # middle dot
    (0x2013, 0x2016),  # en dash, em dash, horizontal bar, double vertical line
    (0x2018, 0x2019),  # single quotes
    (0x201C, 0x201D),  # double quotes
    (0x2025, 0x2026),  # two-dot leader, ellipsis
    (0x2030, 0x2030),  # per mille
    (0x2032, 0x2033),  # prime, double prime
    (0x203B, 0x203B),  # reference mark
)

_EAST_ASIAN_RANGES: tuple[tuple[int, int], ...] = (
    *_CONTEXTUAL_RANGES,
    (0x2E80, 0x2FDF),  # CJK radicals supplement, Kangxi radicals
    (0x2FF0, 0x2FFF),  # ideographic description characters
    (0x3001, 0x303F),  # CJK symbols and punctuation (U+3000 is white space)
    (0x3040, 0x30FF),  # hiragana, katakana
    (0x3100, 0x312F),  # bopomofo
    (0x31A0, 0x31BF),  # bopomofo extended
    (0x31C0, 0x31EF),  # CJK strokes
    (0x31F0, 0x31FF),  # katakana phonetic extensions
    (0x3200, 0x33FF),  # enclosed CJK letters, CJK compatibility
    (0x3400, 0x4DBF),  # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0xFE10, 0xFE1F),  # vertical forms
    (0xFE30, 0xFE6F),  # CJK compatibility forms, small form variants
    (0xFF01, 0xFFEF),  # halfwidth and fullwidth forms
    (0x20000, 0x323AF),  # Extensions B–I and the compatibility supplement
)

# Characters that neither count nor join: they separate runs like white space.
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


def _char_class(ranges: tuple[tuple[int, int], ...]) -> str:
    parts = []
    for low, high in ranges:
        parts.append(re.escape(chr(low)) if low == high else f"{re.escape(chr(low))}-{re.escape(chr(high))}")
    return "".join(parts)


_EAST_ASIAN_RUN = re.compile(f"[{_char_class(_EAST_ASIAN_RANGES)}]+")
_ZERO_WIDTH_RE = re.compile(f"[{_ZERO_WIDTH}]")
_CONTEXTUAL_RE = re.compile(f"[{_char_class(_CONTEXTUAL_RANGES)}]")


def is_east_asian(char: str) -> bool:
    """True for a character that Word counts one by itself."""
    code = ord(char)
    return any(low <= code <= high for low, high in _EAST_ASIAN_RANGES)


def _is_contextual(char: str) -> bool:
    return _CONTEXTUAL_RE.match(char) is not None


def _nearest_kinds(text: str) -> list[bool | None]:
    """For each position: whether the nearest significant character before it is East Asian
    (``None`` when there is none). Significant: not white space, not a contextual mark."""
    kinds: list[bool | None] = []
    last: bool | None = None
    for char in text:
        kinds.append(last)
        if not char.isspace() and not _is_contextual(char):
            last = is_east_asian(char)
    return kinds


def _in_english_text(text: str) -> str:
    """Contextual marks surrounded by English text replaced by a letter, so they join its runs."""
    before = _nearest_kinds(text)
    after = _nearest_kinds(text[::-1])[::-1]
    chars = list(text)
    for i, char in enumerate(chars):
        sides = (before[i], after[i])
        if _is_contextual(char) and True not in sides and sides != (None, None):
            chars[i] = "x"
    return "".join(chars)


def count_words(text: str) -> int:
    """Word-compatible 字数 of ``text`` (see the module docstring for the rule).

    Each run of East Asian characters is replaced by one space: the characters removed are
    the East Asian count, and what remains splits on white space into the other words."""
    if _ZERO_WIDTH_RE.search(text):
        text = _ZERO_WIDTH_RE.sub(" ", text)
    if _CONTEXTUAL_RE.search(text):
        text = _in_english_text(text)
    rest, runs = _EAST_ASIAN_RUN.subn(" ", text)
    return len(text) - len(rest) + runs + len(rest.split())
