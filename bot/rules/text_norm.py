"""Normalise what people type before a parser looks at it.

Two strengths:

* ``normalise_line`` / ``normalise_multiline`` for free text (names, addresses, products):
  full-width ASCII letters and digits become half-width, odd spaces become one plain space,
  but Chinese punctuation (（）、，。「」) is kept, because it belongs in names such as
  ``重庆某某有限公司（两江分公司）`` and on the printed form.
* ``normalise_compact`` for tokens (codes, numbers, phone numbers): NFKC folds every
  full-width form (``１２３``, ``，``, ``－``, ``＋``), every dash becomes ``-`` and all
  whitespace is removed.
"""

from __future__ import annotations

import re
import unicodedata

# U+FF01..U+FF5E are the full-width forms of ASCII U+0021..U+007E.
_FULLWIDTH_ALNUM = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if chr(cp - 0xFEE0).isalnum()}
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACES = re.compile(r"[^\S\n]+")  # any whitespace except newline, incl. U+3000 and NBSP
_ALL_SPACE = re.compile(r"\s+")


# What an XML document (.docx, .xlsx) cannot hold: C0 controls but tab, newline and carriage
# return, U+FFFE/U+FFFF, and lone surrogates. Writers pass every stored text through ``xml_safe``.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Bidirectional embeddings, overrides and isolates: they make a name read differently from
# what it is (``exe.pdf`` shown as ``fdp.exe``) and are never needed in a Chinese form.
_BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def xml_safe(text: str) -> str:
    """``text`` without the code points XML cannot hold and without bidi controls."""
    return _XML_ILLEGAL.sub("", text).translate(_BIDI)


def halfwidth_alnum(text: str) -> str:
    """``ＡＢＣ１２３`` → ``ABC123``; punctuation is left alone."""
    return text.translate(_FULLWIDTH_ALNUM)


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", text)


def normalise_line(text: str) -> str:
    """One line of free text: half-width letters/digits, spaces collapsed, stripped.

    Newlines count as spaces here (a name typed over two lines is still one name).
    """
    text = halfwidth_alnum(_clean(text))
    return _ALL_SPACE.sub(" ", text).strip()


def normalise_multiline(text: str) -> str:
    """Free text over several lines: each line normalised, at most one blank line in a row."""
    lines = [_SPACES.sub(" ", halfwidth_alnum(line)).strip() for line in _clean(text).split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def normalise_compact(text: str) -> str:
    """A token: NFKC (all full-width forms folded), dashes unified to ``-``, no whitespace."""
    text = unicodedata.normalize("NFKC", _clean(text)).translate(_DASHES)
    return _ALL_SPACE.sub("", text)


# Punctuation a token picks up from the sentence around it: brackets and quotes of any kind
# (Unicode Ps, Pe, Pi, Pf) and the marks that end or separate clauses. Others (``*``, ``#``)
# are left for the token's parser to refuse as a typo.
_SENTENCE_MARKS = frozenset("。，、；：！？.,;:!?'\"")
_BRACKET_CATEGORIES = frozenset({"Ps", "Pe", "Pi", "Pf"})


def _is_surrounding_mark(char: str) -> bool:
    return char in _SENTENCE_MARKS or unicodedata.category(char) in _BRACKET_CATEGORIES


def strip_punctuation_ends(text: str) -> str:
    """Punctuation around a token removed: ``「9150…X8。」`` → ``9150…X8`` (inside is kept)."""
    start, end = 0, len(text)
    while start < end and _is_surrounding_mark(text[start]):
        start += 1
    while end > start and _is_surrounding_mark(text[end - 1]):
        end -= 1
    return text[start:end]
