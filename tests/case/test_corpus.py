"""The corpus: every layout people really write gets the verdict the notice's rules call for.

A change of the section matcher is judged on all of them at once.
"""

from __future__ import annotations

import html

import pytest

from bot.campaign.schema import CaseRules
from bot.documents.case_view import render_case, report_json
from bot.documents.docx_reader import read_docx
from bot.domain.languages import LANGUAGES
from bot.rules.case_check import check_case
from bot.texts.render import Renderer

from .corpus import CORPUS, Entry

SEVERE = {"missing_section", "total_too_short", "no_images"}


def test_the_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 25
    assert len({e.name for e in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("entry", CORPUS, ids=lambda e: e.name)
def test_verdict(entry: Entry, case_rules: CaseRules) -> None:
    report = check_case(read_docx(entry.build(case_rules).to_bytes()), case_rules)
    found = {(p.code, p.section) for p in report.problems}
    assert found == entry.expected, [(s.index, s.heading, s.chars) for s in report.sections]
    assert len(found) == len(report.problems)  # each problem once
    assert report.ok == (not any(code in SEVERE for code, _ in entry.expected))
    for index, heading in entry.headings.items():
        assert report.sections[index - 1].heading == heading


@pytest.mark.parametrize("entry", [e for e in CORPUS if not e.expected], ids=lambda e: e.name)
def test_each_section_gets_its_own_text(entry: Entry, case_rules: CaseRules) -> None:
    """Built with target × 1.15 字 of body a section (plus at most 200 字 of captions, tables,
    a KPI sentence, mentions): a section credited with its neighbour's text (300 字 at least),
    or cut short by a caption or a mention taken for a title, would leave those bounds."""
    report = check_case(read_docx(entry.build(case_rules).to_bytes()), case_rules)
    for section in report.sections:
        assert section.found
        assert section.target <= section.chars <= section.target * 1.15 + 200, (section.index, section.chars)
    assert report.images >= 3


@pytest.mark.parametrize("entry", CORPUS, ids=lambda e: e.name)
def test_chat_report_says_what_the_json_says_once(
    entry: Entry, case_rules: CaseRules, renderer: Renderer
) -> None:
    report = check_case(read_docx(entry.build(case_rules).to_bytes()), case_rules)
    for lang in LANGUAGES:
        data = report_json(report, "case.docx", renderer, lang)
        text = html.unescape(render_case(report, renderer, lang, file_name="case.docx"))
        assert all(text.count(p["message"]) == 1 for p in data["problems"])
        assert all(f"{s['chars']}/{s['target']}" in text for s in data["sections"] if s["found"])
