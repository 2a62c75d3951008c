"""The case-study structure check (附件2 of the notice): sections, length, pictures, indicators.

``check_case(doc, rules)`` is pure: the document comes from ``bot.documents.docx_reader``, the
rules (titles, key words, targets, the minimum, the key indicators) from the campaign file.

How sections are found. A *heading candidate* is a body paragraph (not in a table or a text
box) that is

* styled as a heading or given an outline level (rank 20 − level: Heading 1 beats Heading 2),
* or entirely bold and at most ``MAX_BOLD_CHARS`` long (rank 3),
* or at most ``MAX_NUMBERED_CHARS`` long and numbered: by Word (``w:numPr``) or by a typed
  prefix such as 一、 1、 1. 第一部分 (rank 2) or a sub-level one such as （一） (1) ① (rank 1).

The numeral itself is never read (the notice's own template numbers two sections 「六」). A
section matches a candidate containing any of its key words (white space ignored). Sections
are assigned in template order; each takes, among the candidates not yet taken, the one with
the highest rank, then containing the whole title, then matching the most key words, then
the earliest. A long paragraph that merely mentions a key word is never a heading.

What counts. Every paragraph belongs to the section of the last recognised heading before
it; the heading line itself counts in the total but not in its section's 字数 (the targets
of the template are for the body); text before the first recognised heading (the title line)
counts in the total only. 字数 is Word's (``bot.rules.wordcount``), over body, table and text
box paragraphs; headers and footers are not read. A section's pictures are those anchored in
its heading or body paragraphs.

Key indicators: each KPI needs one of its key words with a figure (a digit) in the same
sentence and within ``KPI_WINDOW`` characters, in the body of ``rules.kpi_section``; the cells
of a table row are read as one sentence, so "<indicator> | 95% | 99%" counts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.campaign.schema import CaseRules, CaseSection
from bot.documents.docx_model import Document, Paragraph
from bot.rules.case_report import CaseReport, Problem, SectionResult, chinese_numeral
from bot.rules.wordcount import count_words

__all__ = [
    "CaseReport",
    "Problem",
    "SectionResult",
    "assign_headings",
    "check_case",
    "chinese_numeral",
    "has_figure_near",
    "heading_rank",
]

MAX_BOLD_CHARS = 60
MAX_NUMBERED_CHARS = 40
KPI_WINDOW = 30

_TOP_NUMBERING = re.compile(
    r"(?:第[一二三四五六七八九十百零〇两\d]+(?:部分|章|节|篇)"  # 第一部分, 第3章
    r"|[一二三四五六七八九十]+\s*[、.．，,:：]"  # 一、 一.
    r"|\d{1,2}\s*(?:[、．，,:：)）]|\.(?!\d))"  # 1、 1. 1) — not 1.5
    r"|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+\s*[、.．]?)"  # Ⅰ、
)
_SUB_NUMBERING = re.compile(r"(?:[（(]\s*[一二三四五六七八九十\d]+\s*[）)]|[①-⑳])")  # （一） (1) ①
_SENTENCE_END = re.compile(r"[。！？；;!?\n]")
_FIGURE = re.compile(r"[0-9０-９]")
_SPACE = re.compile(r"\s+")


def heading_rank(p: Paragraph) -> int:
    """How strongly ``p`` looks like a section heading; 0 = not a candidate."""
    text = p.text.strip()
    if p.in_table or p.in_textbox or not text:
        return 0
    if p.is_heading:
        return 20 - (p.outline_level or 0)
    if p.is_bold and len(text) <= MAX_BOLD_CHARS:
        return 3
    if len(text) <= MAX_NUMBERED_CHARS:
        if p.numbered or _TOP_NUMBERING.match(text):
            return 2
        if _SUB_NUMBERING.match(text):
            return 1
    return 0


@dataclass(frozen=True)
class _Candidate:
    position: int
    rank: int
    text: str  # white space removed


def _match_quality(candidate: _Candidate, section: CaseSection) -> tuple[int, int, int, int] | None:
    hits = sum(1 for k in section.keywords if _SPACE.sub("", k) in candidate.text)
    if not hits:
        return None
    whole_title = int(_SPACE.sub("", section.title) in candidate.text)
    return (candidate.rank, whole_title, hits, -candidate.position)


def assign_headings(paragraphs: Sequence[Paragraph], sections: Sequence[CaseSection]) -> dict[int, int]:
    """Paragraph position → 1-based section index, for the sections that were found."""
    candidates = [
        _Candidate(i, rank, _SPACE.sub("", p.text))
        for i, p in enumerate(paragraphs)
        if (rank := heading_rank(p))
    ]
    taken: dict[int, int] = {}
    for index, section in enumerate(sections, start=1):
        best: tuple[tuple[int, int, int, int], int] | None = None
        for candidate in candidates:
            if candidate.position in taken:
                continue
            quality = _match_quality(candidate, section)
            if quality is not None and (best is None or quality > best[0]):
                best = (quality, candidate.position)
        if best is not None:
            taken[best[1]] = index
    return taken


def _owners(count: int, heads: dict[int, int]) -> list[int | None]:
    """The section each paragraph belongs to (None before the first recognised heading)."""
    owners: list[int | None] = []
    current: int | None = None
    for i in range(count):
        current = heads.get(i, current)
        owners.append(current)
    return owners


def has_figure_near(text: str, keyword: str, window: int = KPI_WINDOW) -> bool:
    """True when ``keyword`` occurs with a digit in the same sentence, within ``window``."""
    for sentence in _SENTENCE_END.split(text):
        start = sentence.find(keyword)
        while start >= 0:
            low, high = max(0, start - window), min(len(sentence), start + len(keyword) + window)
            if _FIGURE.search(sentence, low, high):
                return True
            start = sentence.find(keyword, start + 1)
    return False


def _kpi_text(paragraphs: Sequence[Paragraph], positions: Sequence[int]) -> str:
    """The body of a section, one paragraph a line, the cells of a table row on one line."""
    lines: list[str] = []
    last_row: int | None = None
    for i in positions:
        p = paragraphs[i]
        if p.row is not None and p.row == last_row:
            lines[-1] += " | " + p.text
        else:
            lines.append(p.text)
        last_row = p.row
    return "\n".join(lines)


def check_case(doc: Document, rules: CaseRules) -> CaseReport:
    """Check ``doc`` against the campaign's case-study rules (see the module docstring)."""
    paragraphs = doc.paragraphs
    counts = [count_words(p.text) for p in paragraphs]
    heads = assign_headings(paragraphs, rules.sections)
    owners = _owners(len(paragraphs), heads)
    body: dict[int, list[int]] = {i: [] for i in range(1, len(rules.sections) + 1)}
    images = dict.fromkeys(body, 0)
    for i, owner in enumerate(owners):
        if owner is None:
            continue
        images[owner] += paragraphs[i].images
        if i not in heads:
            body[owner].append(i)
    position = {index: pos for pos, index in heads.items()}
    results = tuple(
        SectionResult(
            index=index,
            title=section.title,
            found=index in position,
            heading=paragraphs[position[index]].text.strip() if index in position else None,
            chars=sum(counts[i] for i in body[index]),
            target=section.target,
            images=images[index],
            keywords=tuple(section.keywords),
        )
        for index, section in enumerate(rules.sections, start=1)
    )
    total = sum(counts)
    kpi_text = _kpi_text(paragraphs, body[rules.kpi_section]) if rules.kpi_section else ""
    problems = _problems(rules, results, total, doc.images_total, sorted(heads.items()), kpi_text)
    return CaseReport(total, doc.images_total, rules.min_total_chars, results, tuple(problems))


def _problems(
    rules: CaseRules,
    results: Sequence[SectionResult],
    total: int,
    images: int,
    heads: Sequence[tuple[int, int]],
    kpi_text: str,
) -> list[Problem]:
    errors = [
        Problem("missing_section", "error", s.index, {"title": s.title, "keywords": list(s.keywords)})
        for s in results
        if not s.found
    ]
    if total < rules.min_total_chars:
        params = {"total": total, "min": rules.min_total_chars}
        errors.append(Problem("total_too_short", "error", None, params))
    if rules.require_images and images == 0:
        errors.append(Problem("no_images", "error", None, {}))
    warnings = [
        Problem(
            "section_too_short",
            "warning",
            s.index,
            {
                "title": s.title,
                "chars": s.chars,
                "target": s.target,
                "min": math.ceil(s.target * rules.short_section_ratio),
            },
        )
        for s in results
        if s.found and s.chars < s.target * rules.short_section_ratio
    ]
    order = [index for _, index in heads]
    if order != sorted(order):
        titles = [results[i - 1].title for i in order]
        warnings.append(Problem("section_order", "warning", None, {"order": order, "titles": titles}))
    if rules.kpi_section and results[rules.kpi_section - 1].found:
        title = results[rules.kpi_section - 1].title
        warnings += [
            Problem("missing_kpi", "warning", rules.kpi_section, {"kpi": kpi.name, "title": title})
            for kpi in rules.kpis
            if not any(has_figure_near(kpi_text, k) for k in kpi.keywords)
        ]
    return errors + warnings
