"""Every message template renders in both languages; labels exist in both."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from bot.domain.languages import LANGUAGES
from bot.texts.render import Renderer

LABEL_MACRO = re.compile(r"{% macro (\w+)\(")


def test_every_template_exists_in_both_languages(renderer: Renderer) -> None:
    names = {lang: set(renderer.template_names(lang)) for lang in LANGUAGES}
    assert names["zh_CN"] == names["en"], names["zh_CN"] ^ names["en"]


def test_labels_are_the_same_in_both_languages(renderer: Renderer) -> None:
    macros = {
        lang: LABEL_MACRO.findall((renderer.messages_dir / lang / "labels.j2").read_text(encoding="utf-8"))
        for lang in LANGUAGES
    }
    assert macros["zh_CN"] == macros["en"]


def test_welcome_escapes_html_from_data(renderer: Renderer) -> None:
    from bot.domain.deadline import Countdown

    text = renderer.render(
        "zh_CN",
        "welcome",
        name="<b>x</b>",
        intro="a & b",
        notice="",
        is_open=True,
        consent=True,
        deadline=datetime(2022, 8, 10, tzinfo=UTC),
        countdown=Countdown(passed=False, days=1),
    )
    assert "&lt;b&gt;x&lt;/b&gt;" in text and "a &amp; b" in text


def test_no_template_is_empty(renderer: Renderer) -> None:
    for lang in LANGUAGES:
        for path in Path(renderer.messages_dir / lang).rglob("*.j2"):
            assert path.read_text(encoding="utf-8").strip(), path
