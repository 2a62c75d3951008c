"""The case-study structure check (附件2 of the notice): sections, length, pictures, indicators.

``check_case(doc, rules)`` is pure: the document is the neutral model of ``bot.rules.document``
(filled by ``bot.documents.docx_reader``), the rules (titles, key words, targets, the minimum,
the key indicators) come from the campaign file. The result is data (``case_report``).

Sections are found by ``case_outline`` (the layout the author used, an ordered matching). When
that layout is not recognised (its titles name fewer than half the sections), a section whose
key words the text does contain gives one warning ("is each section titled?") rather than an
error; a section whose key words are nowhere is missing (an error) either way.

Lines. A paragraph with line breaks (Shift+Enter) is read line by line
(``document.split_at_breaks``): a title and its first sentence separated by a break are a
title line and a body line.

What counts. Every paragraph belongs to the section of the last title before it; a title line
counts in the total but not in its section's 字数 (the targets of the template are for the
body), while the body after a run-in title counts in its section; text before the first title
(the document's title, a table of contents) counts in the total only. 字数 is Word's
(``bot.rules.wordcount``) over body, table and text-box paragraphs; headers and footers are not
read. A section's pictures are those anchored in its title or body paragraphs. Key indicators
(``case_kpi``) are looked for in the body of ``rules.kpi_section``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from bot.campaign.schema import CaseRules
from bot.rules.case_kpi import KpiResult, find_kpis, has_figure_near
from bot.rules.case_outline import Outline, find_outline
from bot.rules.case_report import ERROR, WARNING, CaseReport, Problem, SectionResult, chinese_numeral
from bot.rules.document import Document, Paragraph, split_at_breaks
from bot.rules.wordcount import count_words

__all__ = ["CaseReport", "Problem", "SectionResult", "check_case", "chinese_numeral", "has_figure_near"]

_SPACE = re.compile(r"\s+")


def _owners(count: int, heads: dict[int, int]) -> list[int | None]:
    """The section each paragraph belongs to (None before the first recognised title)."""
    owners: list[int | None] = []
    current: int | None = None
    for i in range(count):
        current = heads.get(i, current)
        owners.append(current)
    return owners


def _kpi_text(paragraphs: Sequence[Paragraph], lines: Sequence[tuple[int, str]]) -> str:
    """The body of a section, one paragraph a line, the cells of a table row on one line."""
    out: list[str] = []
    last_row: int | None = None
    for i, text in lines:
        row = paragraphs[i].row
        if row is not None and row == last_row:
            out[-1] += " | " + text
        else:
            out.append(text)
        last_row = row
    return "\n".join(out)


def _sections(
    paragraphs: Sequence[Paragraph], rules: CaseRules, outline: Outline, counts: Sequence[int]
) -> tuple[tuple[SectionResult, ...], str]:
    """Each section's figures, and the body text of the KPI section."""
    heads = outline.by_position()
    body: dict[int, list[tuple[int, str]]] = {i: [] for i in range(1, len(rules.sections) + 1)}
    chars = dict.fromkeys(body, 0)
    images = dict.fromkeys(body, 0)
    for i, owner in enumerate(_owners(len(paragraphs), heads)):
        if owner is None:
            continue
        images[owner] += paragraphs[i].images
        text = outline.titles[owner].body if i in heads else paragraphs[i].text
        chars[owner] += count_words(text) if i in heads else counts[i]
        if text:
            body[owner].append((i, text))
    results = tuple(
        SectionResult(
            index=index,
            title=section.title,
            found=index in outline.titles,
            heading=outline.titles[index].text if index in outline.titles else None,
            chars=chars[index],
            target=section.target,
            images=images[index],
            keywords=tuple(section.keywords),
        )
        for index, section in enumerate(rules.sections, start=1)
    )
    kpi_text = _kpi_text(paragraphs, body[rules.kpi_section]) if rules.kpi_section else ""
    return results, kpi_text


def check_case(doc: Document, rules: CaseRules) -> CaseReport:
    """Check ``doc`` against the campaign's case-study rules (see the module docstring)."""
    paragraphs = split_at_breaks(doc.paragraphs)
    outline = find_outline(paragraphs, rules.sections)
    counts = [count_words(p.text) for p in paragraphs]
    results, kpi_text = _sections(paragraphs, rules, outline, counts)
    kpi_found = rules.kpi_section is not None and results[rules.kpi_section - 1].found
    kpis = find_kpis(kpi_text, rules.kpis) if kpi_found else ()
    total = sum(counts)
    text = "" if outline.known else "".join(_SPACE.sub("", p.text) for p in paragraphs if not p.in_toc)
    problems = [
        *_structure_problems(results, outline, text),
        *_size_problems(rules, results, total, doc.images_total),
        *_order_problems(results, outline),
        *_kpi_problems(rules, results, kpis),
    ]
    problems.sort(key=lambda p: p.severity != ERROR)  # stable: errors first, each in its order
    return CaseReport(
        total, doc.images_total, rules.min_total_chars, results, tuple(problems), kpis, rules.kpi_section
    )


def _structure_problems(results: Sequence[SectionResult], outline: Outline, text: str) -> list[Problem]:
    """Missing sections; with an unknown layout, sections named in the text only warn."""
    problems: list[Problem] = []
    unplaced: list[SectionResult] = []
    for s in results:
        if s.found:
            continue
        if not outline.known and any(_SPACE.sub("", k) in text for k in s.keywords):
            unplaced.append(s)
        else:
            missing = {"title": s.title, "keywords": list(s.keywords)}
            problems.append(Problem("missing_section", ERROR, s.index, missing))
    if unplaced:
        params: dict[str, Any] = {
            "sections": [s.index for s in unplaced],
            "titles": [s.title for s in unplaced],
        }
        problems.append(Problem("headings_not_found", WARNING, None, params))
    return problems


def _size_problems(
    rules: CaseRules, results: Sequence[SectionResult], total: int, images: int
) -> list[Problem]:
    problems: list[Problem] = []
    if total < rules.min_total_chars:
        problems.append(
            Problem("total_too_short", ERROR, None, {"total": total, "min": rules.min_total_chars})
        )
    if rules.require_images and images == 0:
        problems.append(Problem("no_images", ERROR, None, {}))
    for s in results:
        if s.found and s.chars < s.target * rules.short_section_ratio:
            minimum = math.ceil(s.target * rules.short_section_ratio)
            params = {"title": s.title, "chars": s.chars, "target": s.target, "min": minimum}
            problems.append(Problem("section_too_short", WARNING, s.index, params))
    return problems


def _order_problems(results: Sequence[SectionResult], outline: Outline) -> list[Problem]:
    order = [index for _, index in sorted(outline.by_position().items())]
    if order == sorted(order):
        return []
    titles = [results[i - 1].title for i in order]
    return [Problem("section_order", WARNING, None, {"order": order, "titles": titles})]


def _kpi_problems(
    rules: CaseRules, results: Sequence[SectionResult], kpis: Sequence[KpiResult]
) -> list[Problem]:
    if rules.kpi_section is None or not results[rules.kpi_section - 1].found:
        return []
    title = results[rules.kpi_section - 1].title
    return [
        Problem("missing_kpi", WARNING, rules.kpi_section, {"kpi": k.name, "title": title})
        for k in kpis
        if k.figure is None
    ]
