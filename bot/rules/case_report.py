"""The result of the case-study check and its two faces: the ``check --json`` shape of
CONTRACTS.md and the human report. Every sentence comes from ``templates/messages/<lang>/case/``.

The Renderer escapes HTML (messages go to Telegram in HTML mode); ``render`` keeps that,
``to_json`` unescapes because JSON is not HTML.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from bot.campaign.schema import CaseRules

if TYPE_CHECKING:
    from bot.engine.render import Renderer

ERROR = "error"
WARNING = "warning"
FILE_CODES = ("not_docx", "unreadable")
BAR_WIDTH = 10
_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (1–99; other numbers stay Arabic)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def progress_bar(chars: int, target: int, width: int = BAR_WIDTH) -> str:
    """``▓▓▓▓▓▓▓░░░`` for 712 of 1000: filled cells in proportion, capped at full."""
    filled = min(width, round(width * chars / target)) if target > 0 else width
    return "▓" * filled + "░" * (width - filled)


@dataclass(frozen=True)
class SectionResult:
    index: int
    title: str
    found: bool
    heading: str | None
    chars: int
    target: int
    images: int
    keywords: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "title": self.title,
            "found": self.found,
            "heading": self.heading,
            "chars": self.chars,
            "target": self.target,
            "images": self.images,
        }

    def as_context(self) -> dict[str, Any]:
        return {
            **self.as_json(),
            "numeral": chinese_numeral(self.index),
            "keywords": list(self.keywords),
            "bar": progress_bar(self.chars, self.target),
        }


@dataclass(frozen=True)
class Problem:
    """One finding; ``code`` names ``case/problem_<code>.j2``, ``params`` fill it."""

    code: str
    severity: str
    section: int | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, renderer: Renderer, lang: str) -> str:
        numeral = chinese_numeral(self.section) if self.section else ""
        return renderer.render(
            lang, f"case/problem_{self.code}", **self.params, section=self.section, numeral=numeral
        )


@dataclass(frozen=True)
class CaseReport:
    total_chars: int
    images: int
    min_total_chars: int
    sections: tuple[SectionResult, ...]
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != ERROR]

    @property
    def file_problem(self) -> Problem | None:
        """The problem with the file itself (not a .docx, unreadable), if that is what this is."""
        return next((p for p in self.problems if p.code in FILE_CODES), None)

    @classmethod
    def for_file_problem(cls, rules: CaseRules, code: str, **params: Any) -> CaseReport:
        """The report of a file that could not be read: every section not found."""
        sections = tuple(
            SectionResult(i, s.title, False, None, 0, s.target, 0, tuple(s.keywords))
            for i, s in enumerate(rules.sections, start=1)
        )
        return cls(0, 0, rules.min_total_chars, sections, (Problem(code, ERROR, None, dict(params)),))

    def to_json(self, file_name: str, renderer: Renderer, lang: str = "zh_CN") -> dict[str, Any]:
        """Exactly the ``check --json`` shape of CONTRACTS.md, errors before warnings."""
        return {
            "file": file_name,
            "ok": self.ok,
            "total_chars": self.total_chars,
            "images": self.images,
            "sections": [s.as_json() for s in self.sections],
            "problems": [
                {
                    "code": p.code,
                    "severity": p.severity,
                    "section": p.section,
                    "message": html.unescape(p.message(renderer, lang)),
                }
                for p in self.errors + self.warnings
            ],
        }

    def render(self, renderer: Renderer, lang: str = "zh_CN", file_name: str = "") -> str:
        """The human report (HTML-escaped like every rendered message); for a file that could
        not be read, the explanation of ``case/not_docx`` or ``case/unreadable``."""
        bad_file = self.file_problem
        if bad_file is not None:
            return renderer.render(lang, f"case/{bad_file.code}", file=file_name, **bad_file.params)
        return renderer.render(
            lang,
            "case/report",
            file=file_name,
            ok=self.ok,
            total_chars=self.total_chars,
            min_total=self.min_total_chars,
            images=self.images,
            sections=[s.as_context() for s in self.sections],
            errors=[Markup(p.message(renderer, lang)) for p in self.errors],  # already escaped
            warnings=[Markup(p.message(renderer, lang)) for p in self.warnings],
        )
