"""The notice's facts live in the campaign file, never in the Python of the case checks."""

from __future__ import annotations

import re
from pathlib import Path

from bot.campaign.schema import CaseRules

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    *(
        ROOT / "bot" / "documents" / f"{name}.py"
        for name in ("docx_ooxml", "docx_reader", "case_template", "case_cli", "case_view")
    ),
    *(
        ROOT / "bot" / "rules" / f"{name}.py"
        for name in ("document", "case_check", "case_outline", "case_kpi", "case_report", "wordcount")
    ),
]


def test_no_titles_key_words_targets_or_kpis_in_python(case_rules: CaseRules) -> None:
    facts = {case_rules.template_title, str(case_rules.min_total_chars), case_rules.requirement}
    for section in case_rules.sections:
        facts |= {section.title, *section.keywords}
        facts |= {section.guidance} - {""}
    for kpi in case_rules.kpis:
        facts |= {kpi.name, *kpi.keywords}
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        found = sorted(f for f in facts if f in text)
        numbers = {str(s.target) for s in case_rules.sections} | {str(case_rules.min_total_chars)}
        found += sorted(n for n in numbers if re.search(rf"(?<![0-9A-Za-z]){n}(?![0-9])", text))
        assert not found, f"{path.relative_to(ROOT)} holds {found}"
