"""The case report shown to people: the ``check --json`` data with messages, and the chat report.

Both are made from the same data (``CaseReport.as_json``, or the report stored on an upload),
so the chat and the JSON say the same things. Texts come from ``templates/messages/<lang>/case/``
in the reader's language at display time; a problem stored by an older version, with only its
``message``, is shown as that message.

The Renderer escapes HTML (messages go to Telegram in HTML mode); ``render_report`` keeps that,
``report_json`` unescapes because JSON is not HTML.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from bot.domain.languages import DEFAULT_LANGUAGE
from bot.rules.case_report import FILE_CODES, CaseReport
from bot.texts.render import Renderer

_ANCHORED = {"total_too_short": "total", "no_images": "images", "missing_kpi": "kpis"}
_IN_SECTION = ("missing_section", "section_too_short")


def problem_text(renderer: Renderer, lang: str, problem: Mapping[str, Any]) -> Markup:
    """One problem in ``lang`` (HTML-escaped)."""
    return Markup(renderer.render(lang, "case/problem", p=problem))


def report_json(
    report: CaseReport, file_name: str, renderer: Renderer, lang: str = DEFAULT_LANGUAGE
) -> dict[str, Any]:
    """The ``check --json`` shape of CONTRACTS.md: each problem with its ``message`` in ``lang``
    (plain text), then its ``params``. This is also what an upload stores."""
    data = report.as_json(file_name)
    data["problems"] = [
        {
            "code": p["code"],
            "severity": p["severity"],
            "section": p["section"],
            "message": html.unescape(problem_text(renderer, lang, p)),
            "params": p["params"],
        }
        for p in data["problems"]
    ]
    return data


def _said(renderer: Renderer, lang: str, problems: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{"severity": p.get("severity"), "text": problem_text(renderer, lang, p)} for p in problems]


def _anchor(problem: Mapping[str, Any]) -> str:
    if problem.get("code") in _IN_SECTION and problem.get("section"):
        return f"section:{problem['section']}"
    return _ANCHORED.get(str(problem.get("code")), "other")


def report_context(data: Mapping[str, Any], renderer: Renderer, lang: str) -> dict[str, Any]:
    """The template context of ``case/report``: every problem placed once, at its line."""
    problems: dict[str, list[Mapping[str, Any]]] = {}
    for p in data.get("problems", []):
        problems.setdefault(_anchor(p), []).append(p)
    sections = []
    for s in data.get("sections", []):
        own = problems.get(f"section:{s['index']}", [])
        short = any(p.get("code") == "section_too_short" for p in own)
        sections.append({**s, "short": short, "problems": _said(renderer, lang, own)})
    titles = {s["index"]: s["title"] for s in data.get("sections", []) if s.get("found")}
    kpi_section = data.get("kpi_section") if data.get("kpi_section") in titles else None  # checked once found
    severities = [p.get("severity") for p in data.get("problems", [])]
    return {
        "file": data.get("file", ""),
        "ok": data.get("ok", "error" not in severities),
        "sections": sections,
        "total_chars": data.get("total_chars", 0),
        "min_total": data.get("min_total_chars", 0),
        "total_problems": _said(renderer, lang, problems.get("total", [])),
        "images": data.get("images", 0),
        "image_problems": _said(renderer, lang, problems.get("images", [])),
        "kpi_section": kpi_section,
        "kpi_title": titles.get(kpi_section, ""),
        "kpis_found": [k for k in data.get("kpis", []) if k.get("figure")],
        "kpi_problems": _said(renderer, lang, problems.get("kpis", [])),
        "other_problems": _said(renderer, lang, problems.get("other", [])),
        "errors": severities.count("error"),
        "warnings": len(severities) - severities.count("error"),
    }


def render_report(data: Mapping[str, Any], renderer: Renderer, lang: str = DEFAULT_LANGUAGE) -> str:
    """The chat report of ``data`` (``report_json`` or a stored report), HTML-escaped; for a file
    that could not be read, the explanation of ``case/not_docx`` or ``case/unreadable``."""
    bad = next((p for p in data.get("problems", []) if p.get("code") in FILE_CODES), None)
    if bad is not None:
        return renderer.render(
            lang, f"case/{bad['code']}", file=data.get("file", ""), **bad.get("params", {})
        )
    return renderer.render(lang, "case/report", **report_context(data, renderer, lang))


def render_case(
    report: CaseReport, renderer: Renderer, lang: str = DEFAULT_LANGUAGE, file_name: str = ""
) -> str:
    """The chat report of a fresh check."""
    return render_report(report_json(report, file_name, renderer, lang), renderer, lang)
