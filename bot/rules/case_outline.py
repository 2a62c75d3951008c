"""Find the outline the author meant: which paragraph titles which section of the template.

1. **Titles.** Every body paragraph (not in a text box or a table of contents; in a table only
   when the body outside tables names too few sections: a case written inside a table) that
   could title a section becomes a ``Title`` with its *layout*, the level it lives at:
   a heading style or outline level (``H``, by level), Word's list numbering (``N``, by list
   level), a typed numeral (``T``, by kind: 一、 / 1. / （一） / 第一部分 / Ⅰ / ①), bold (``B``) or
   a short plain line (``P``). A title is a short line, or the start of a paragraph — numbered,
   bold or styled — ended by 「：」 or a full stop with the body after it (a *run-in* title).
   Never a title: a typed table-of-contents line (tab or dot leaders, then a page number), a
   caption (图3 …, 表 2-1 …), the document's title line (the first paragraph, when it is not
   numbered and names no section's whole title nor section 1's key words), a sentence.
2. **Layout.** For each layout, the ordered matching below; the layout whose titles match the
   most sections (then the stronger layout) is the one the sections live at.
3. **Ordered matching.** Dynamic programming over (titles, sections) picks the assignment
   that keeps the template's order and matches the most sections, then the best matches (the
   whole title, more key words, a body after it rather than another title at once). A title
   matches a section when it contains one of its key words (white space ignored). The
   numeral itself is never read: the notice's template numbers two sections 「六」.
4. **Left-overs.** A section still unmatched takes a numbered, styled or bold title of another
   layout that sits where the template puts it (between its found neighbours), else a title
   of its own layout out of order (the order warning will say so).

The layout is *known* when its titles match at least half of the sections; otherwise the
caller turns unmatched sections whose key words the text does contain into one warning.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.campaign.schema import CaseSection
from bot.rules.document import Paragraph

MAX_TITLE_CHARS = 40  # a numbered or styled title line, or the title part of a run-in heading
MAX_BOLD_CHARS = 60
MAX_PLAIN_CHARS = 30
STRONG = 2  # layouts that may fill a gap out of their group: styled, numbered, bold

_NUMERALS = "一二三四五六七八九十百零〇两"
_NUMBERINGS = (
    ("part", re.compile(rf"第[{_NUMERALS}\d]+(?:部分|章|节|篇)")),
    ("cn", re.compile(r"[一二三四五六七八九十]+\s*[、.．，,:：)）]")),
    ("arabic", re.compile(r"\d{1,2}\s*(?:[、．，,:：)）]|\.(?!\d))")),
    ("roman", re.compile(r"[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+\s*[、.．]?")),
    ("paren", re.compile(r"[（(]\s*[一二三四五六七八九十\d]+\s*[）)]")),
    ("circled", re.compile(r"[①-⑳]")),
)
_SUB_LEVEL = ("paren", "circled")
_TOC_LINE = re.compile(r"(?:\t|[.．…·•_\-—]{3,}|\s{2,})\s*[0-9０-９]{1,3}\s*$")
_CAPTION = re.compile(
    rf"^(?:图|表|附图|附表|Figure|Fig\.?|Table)\s*[0-9０-９{_NUMERALS}]+(?:\s*[-－.．]\s*\d+)*"
)
_RUN_IN_END = re.compile(r"[：:。]")
_SENTENCE_MARK = re.compile(r"[，,；;。！!？?]")
_SPACE = re.compile(r"\s+")

Layout = tuple[str, str]


@dataclass(frozen=True)
class Title:
    """A paragraph (or the start of one) that could title a section."""

    position: int
    text: str  # as written, the title part only
    layout: Layout
    strength: int  # 4 heading style, 3 numbered, 2 bold, 1 sub-numbered, 0 plain line
    body: str = ""  # run-in: the text after the title, which belongs to the section
    bare: bool = False  # followed at once by another title: a line of a list of contents

    @property
    def compact(self) -> str:
        return _SPACE.sub("", self.text)


@dataclass(frozen=True)
class Outline:
    titles: dict[int, Title]  # 1-based section index → its title
    layout: Layout | None
    known: bool

    def by_position(self) -> dict[int, int]:
        return {t.position: index for index, t in self.titles.items()}


def _numbering(text: str) -> tuple[str, int]:
    """The kind of typed numeral ``text`` starts with ("" for none) and where it ends."""
    for kind, pattern in _NUMBERINGS:
        if found := pattern.match(text):
            return kind, found.end()
    return "", 0


def numbering_kind(text: str) -> str:
    return _numbering(text)[0]


def _layout(p: Paragraph, numbering: str, bold: bool) -> tuple[Layout, int]:
    if p.is_heading:
        return ("H", str(p.outline_level or 0)), 4
    if p.numbered:
        return ("N", str(p.num_level or 0)), 3
    if numbering:
        return ("T", numbering), 1 if numbering in _SUB_LEVEL else 3
    if bold:
        return ("B", ""), 2
    return ("P", ""), 0


def _is_line_title(text: str, after: int, p: Paragraph, layout: Layout) -> bool:
    """A title on a line of its own: short, and no sentence after its numeral (a final 。 or ：
    is fine)."""
    if layout[0] == "H":
        return True
    limit = MAX_BOLD_CHARS if p.is_bold else {"P": MAX_PLAIN_CHARS}.get(layout[0], MAX_TITLE_CHARS)
    if len(text) > 2 * limit:  # long before white space is even removed: body text
        return False
    if _SENTENCE_MARK.search(_SPACE.sub("", text[after:]).rstrip("。：:")):
        return False
    return len(_SPACE.sub("", text)) <= limit


def _run_in_end(text: str, start: int) -> re.Match[str] | None:
    """The 「：」 or 「。」 that ends a run-in title begun at ``start`` (after its numeral)."""
    end = _RUN_IN_END.search(text, start, MAX_TITLE_CHARS + 1)
    if end is None or not text[start : end.start()].strip() or not text[end.end() :].strip():
        return None
    return end


def title_of(p: Paragraph, position: int, tables: bool = False) -> Title | None:
    """The title ``p`` could be, as a run-in title or as a whole line; None if none. A table
    cell's paragraph only with ``tables`` (a case written inside a table)."""
    text = p.text.strip()
    if not text or (p.in_table and not tables) or p.in_textbox or p.in_toc:
        return None
    if _CAPTION.match(text) or (len(text) <= 2 * MAX_BOLD_CHARS and _TOC_LINE.search(p.text)):
        return None
    numbering, after = _numbering(text)
    layout, strength = _layout(p, numbering, p.is_bold)
    end = _run_in_end(text, after) if layout[0] != "H" else None
    if end is None:
        return Title(position, text, layout, strength) if _is_line_title(text, after, p, layout) else None
    if _SENTENCE_MARK.search(text, after, end.start()):
        return None  # a sentence of the body, not a title
    lead = p.text[: p.bold_prefix].strip()
    if layout[0] == "P":
        if not lead or len(lead) < end.start():
            return None  # an unnumbered, unstyled sentence: body text, not a title
        layout, strength = ("B", ""), 2
    return Title(position, text[: end.start()].strip(), layout, strength, text[end.end() :].strip())


def _hits(title: Title, section: CaseSection) -> int:
    return sum(1 for k in section.keywords if _SPACE.sub("", k) in title.compact)


def _quality(title: Title, section: CaseSection) -> int:
    """0 when ``title`` does not name ``section``; larger for better matches."""
    hits = _hits(title, section)
    if not hits:
        return 0
    whole = _SPACE.sub("", section.title) in title.compact
    return 1000 + 100 * whole + 10 * hits + title.strength - 50 * title.bare


def _ordered(titles: Sequence[Title], sections: Sequence[CaseSection]) -> dict[int, Title]:
    """The order-keeping assignment with the most sections, then the best matches."""
    n, m = len(titles), len(sections)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for k in range(1, m + 1):
            q = _quality(titles[i - 1], sections[k - 1])
            take = best[i - 1][k - 1] + q if q else 0
            best[i][k] = max(best[i - 1][k], best[i][k - 1], take)
    chosen: dict[int, Title] = {}
    i, k = n, m
    while i and k:
        if best[i][k] == best[i - 1][k]:
            i -= 1
        elif best[i][k] == best[i][k - 1]:
            k -= 1
        else:
            chosen[k] = titles[i - 1]
            i, k = i - 1, k - 1
    return chosen


def _document_title(
    paragraphs: Sequence[Paragraph], sections: Sequence[CaseSection], tables: bool
) -> int | None:
    """The position of the document's own title line, when the first paragraph is one."""
    for i, p in enumerate(paragraphs):
        if (p.in_table and not tables) or p.in_textbox or p.in_toc or not p.text.strip():
            continue
        title = title_of(p, i, tables)
        if title is None or title.layout[0] in ("N", "T") or _hits(title, sections[0]):
            return None
        whole = any(_SPACE.sub("", s.title) in title.compact for s in sections)
        return None if whole else i
    return None


def _gap(found: dict[int, Title], index: int, count: int) -> tuple[int, int]:
    """The positions between the found neighbours of section ``index``."""
    before = [found[k].position for k in range(1, index) if k in found]
    after = [found[k].position for k in range(index + 1, count + 1) if k in found]
    return (max(before) if before else -1), (min(after) if after else math.inf)  # type: ignore[return-value]


def _fill(
    found: dict[int, Title], pool: Sequence[Title], sections: Sequence[CaseSection], in_order: bool
) -> None:
    used = {t.position for t in found.values()}
    for index, section in enumerate(sections, start=1):
        if index in found:
            continue
        low, high = _gap(found, index, len(sections)) if in_order else (-1, math.inf)
        options = [
            (q, t)
            for t in pool
            if t.position not in used and low < t.position < high and (q := _quality(t, section))
        ]
        if options:
            title = max(options, key=lambda o: (o[0], -o[1].position))[1]
            found[index] = title
            used.add(title.position)


def _mark_bare(paragraphs: Sequence[Paragraph], titles: list[Title]) -> list[Title]:
    """Mark the titles with no body: the next paragraph with text is a title again (a list of
    contents typed without page numbers). Between equal matches, a title with a body wins."""
    at = {t.position for t in titles}
    marked = []
    for title in titles:
        following = (
            i
            for i in range(title.position + 1, len(paragraphs))
            if paragraphs[i].text.strip() and not paragraphs[i].in_textbox
        )
        nxt = next(following, None)
        bare = not title.body and nxt is not None and nxt in at
        marked.append(replace(title, bare=True) if bare else title)
    return marked


def find_outline(paragraphs: Sequence[Paragraph], sections: Sequence[CaseSection]) -> Outline:
    """Which title names which section (see the module docstring). When the body outside
    tables does not give a known layout, the titles may be in tables too: a case written in a
    one-column table, or each title in a shaded one-cell table."""
    outline = _outline(paragraphs, sections, tables=False)
    if outline.known or not any(p.in_table for p in paragraphs):
        return outline
    in_tables = _outline(paragraphs, sections, tables=True)
    return in_tables if len(in_tables.titles) > len(outline.titles) else outline


def _outline(paragraphs: Sequence[Paragraph], sections: Sequence[CaseSection], tables: bool) -> Outline:
    skip = _document_title(paragraphs, sections, tables)
    titles = _mark_bare(
        paragraphs, [t for i, p in enumerate(paragraphs) if i != skip and (t := title_of(p, i, tables))]
    )
    groups: dict[Layout, list[Title]] = {}
    for title in titles:
        groups.setdefault(title.layout, []).append(title)
    best: tuple[tuple[int, int, int], Layout, dict[int, Title]] | None = None
    for layout, group in groups.items():
        chosen = _ordered(group, sections)
        if not chosen:
            continue
        score = sum(_quality(t, sections[k - 1]) for k, t in chosen.items())
        key = (len(chosen), group[0].strength, score)
        if best is None or key > best[0]:
            best = (key, layout, chosen)
    if best is None:
        return Outline({}, None, False)
    _, layout, found = best
    known = len(found) * 2 >= len(sections)
    _fill(found, [t for t in titles if t.layout != layout and t.strength >= STRONG], sections, in_order=True)
    _fill(found, groups[layout], sections, in_order=False)
    return Outline(dict(sorted(found.items())), layout, known)
