"""The result of the case-study check, as data: figures, and problems as codes with parameters.

Nothing here renders text. ``as_json`` is the ``check --json`` shape of CONTRACTS.md without the
``message`` of each problem; ``bot.documents.case_view`` adds the messages and renders the chat
report from that same data, in the reader's language, at display time. The stored report of an
upload is that data with its messages in the default language, so old readers keep working.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.campaign.schema import CaseRules
from bot.rules.case_kpi import KpiResult

ERROR = "error"
WARNING = "warning"
FILE_CODES = ("not_docx", "unreadable")
_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (1–99; other numbers stay Arabic)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


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


@dataclass(frozen=True)
class Problem:
    """One finding; ``code`` names ``case/problem_<code>.j2``, ``params`` fill it."""

    code: str
    severity: str
    section: int | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity, "section": self.section, "params": self.params}


@dataclass(frozen=True)
class CaseReport:
    total_chars: int
    images: int
    min_total_chars: int
    sections: tuple[SectionResult, ...]
    problems: tuple[Problem, ...]
    kpis: tuple[KpiResult, ...] = ()
    kpi_section: int | None = None

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

    def as_json(self, file_name: str) -> dict[str, Any]:
        """The ``check --json`` data (CONTRACTS.md), errors before warnings, without messages;
        extended with the minimum, the KPI section and the indicators found."""
        return {
            "file": file_name,
            "ok": self.ok,
            "total_chars": self.total_chars,
            "images": self.images,
            "min_total_chars": self.min_total_chars,
            "sections": [s.as_json() for s in self.sections],
            "kpi_section": self.kpi_section,
            "kpis": [k.as_json() for k in self.kpis],
            "problems": [p.as_json() for p in self.errors + self.warnings],
        }
