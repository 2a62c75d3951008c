"""The languages are named in one place (``bot/domain/languages.py``): no other module spells a
language code as a string, so the default language and the staff's language change in one spot."""

from __future__ import annotations

import ast
from pathlib import Path

from bot.domain.languages import DEFAULT_LANGUAGE, LANGUAGES, OFFICIAL_LANGUAGE

ROOT = Path(__file__).resolve().parents[1]
HOME = ROOT / "bot" / "domain" / "languages.py"


def test_no_module_spells_a_language_code() -> None:
    offenders = []
    for package in ("bot", "handlers", "storage"):
        for path in (ROOT / package).rglob("*.py"):
            if path == HOME or "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and node.value in LANGUAGES:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_the_defaults_are_languages_the_bot_speaks() -> None:
    assert DEFAULT_LANGUAGE in LANGUAGES and OFFICIAL_LANGUAGE in LANGUAGES
