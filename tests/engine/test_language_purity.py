"""Every template, rendered in both languages, is in its own language (issue 30.4): no Chinese in
English text but what is quoted (an example in quotes, <code> or a gloss in brackets) or on the
allow-list below; no English words in Chinese text but commands, codes and product names.

Each template is rendered with every variable a placeholder (so every include is followed), and its
literal text is scanned too (so every branch is seen). English templates that are only an include
of their Chinese twin are what staff and experts read, and printed documents: they are in the
official language by design (``OFFICIAL_LANGUAGE``, docs/ARCHITECTURE.md), and listed as such.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from jinja2 import ChainableUndefined

from bot.config import PROJECT_ROOT
from bot.texts.render import Renderer

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
LATIN_WORD = re.compile(r"(?<![/\w.-])[A-Za-z][A-Za-z-]+")  # a single capital is a code's letter
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|「[^」]*」|<code>.*?</code>|\([^()]*\)|（[^（）]*）", re.S)
TAGS = re.compile(r"<[^>]+>")
COMMAND = re.compile(r"/[a-z_]+(?:@\w+)?")
JINJA = re.compile(r"{#.*?#}|{%.*?%}|{{.*?}}", re.S)
ONLY_INCLUDE = re.compile(r"^\s*({#.*?#}\s*)*{%-?\s*include\s+\"zh_CN/[^\"]+\"\s*-?%}\s*$", re.S)

# Chinese an English reader is shown on purpose: the language's own name in the language menu, the
# bilingual prompt of /lang, and what an applicant types or reads in Chinese documents (亿 in "1.2亿").
CHINESE_IN_ENGLISH = {"中文", "请选择语言", "亿", "万", "公示"}
# English in Chinese text: product and format names, units, codes, and the bilingual /lang prompt.
ENGLISH_IN_CHINESE = {
    "PDF", "Word", "WPS", "Excel", "Telegram", "ID", "SHA-", "UTC", "MB", "KB", "App", "Adobe", "Acrobat",
    "docx", "xlsx", "json", "dpi", "ppi", "CQ", "OFD", "English", "Choose", "your", "language", "toml",
    "scripts", "install-fonts", "sh", "bot", "pdf", "sha", "Microsoft", "Office", "Normal",
    "review", "expert", "ids", "user",
}  # fmt: skip  (the last line: bot.toml's [review] expert_user_ids, named to staff)


class Placeholder(ChainableUndefined):
    """Any variable: renders as nothing, has every attribute, can be called, iterates as empty."""

    def __call__(self, *args: object, **kwargs: object) -> Placeholder:
        return self

    def __str__(self) -> str:
        return ""

    def strftime(self, fmt: str) -> str:
        return ""


@pytest.fixture(scope="module")
def lenient() -> Renderer:
    renderer = Renderer(PROJECT_ROOT / "templates")
    renderer.env.undefined = Placeholder
    return renderer


def official_only(renderer: Renderer) -> set[str]:
    root = renderer.messages_dir / "en"
    return {
        name
        for name in renderer.template_names("en")
        if ONLY_INCLUDE.match((root / f"{name}.j2").read_text(encoding="utf-8"))
    }


def texts(renderer: Renderer, lang: str, name: str) -> list[str]:
    """The template's literal text, and its rendering with placeholders when that is possible
    (a few templates need a real value where a placeholder will not do; their text is still read)."""
    source = (renderer.messages_dir / lang / f"{name}.j2").read_text(encoding="utf-8")
    found = [JINJA.sub(" ", source)]
    with contextlib.suppress(Exception):  # a placeholder cannot stand for every value
        found.append(renderer.render(lang, name))
    return found


def chinese_left(text: str) -> set[str]:
    bare = TAGS.sub(" ", QUOTED.sub(" ", text))
    return set(HAN.findall(bare)) - CHINESE_IN_ENGLISH


def english_left(text: str) -> set[str]:
    bare = COMMAND.sub(" ", TAGS.sub(" ", text))
    bare = re.sub(r"CQ\d{4}-\d{4}|https?://\S+", " ", bare)
    return {w for w in LATIN_WORD.findall(bare) if w.strip("-") and w not in ENGLISH_IN_CHINESE}


def test_english_templates_have_no_chinese_out_of_place(lenient: Renderer) -> None:
    official = official_only(lenient)
    problems = {
        name: sorted(found)
        for name in lenient.template_names("en")
        if name not in official
        if (found := set().union(*(chinese_left(t) for t in texts(lenient, "en", name))))
    }
    assert problems == {}


def test_chinese_templates_have_no_stray_english(lenient: Renderer) -> None:
    problems = {
        name: sorted(found)
        for name in lenient.template_names("zh_CN")
        if not name.startswith("campaign_summary")  # the operator's `campaign check` report, in English
        if (found := set().union(*(english_left(t) for t in texts(lenient, "zh_CN", name))))
    }
    assert problems == {}


def test_the_official_language_templates_are_only_staff_experts_and_documents(lenient: Renderer) -> None:
    allowed = ("staff/", "expert/", "district/printed_opinion", "campaign_summary")
    assert sorted(n for n in official_only(lenient) if not n.startswith(allowed)) == []


def test_the_scan_finds_what_it_should() -> None:
    assert chinese_left("Your answer: 否") == {"否"}
    assert chinese_left("e.g. “提高了32%” or <code>/return CQ2022-0007 案例缺少数据</code>") == set()
    assert english_left("请发送 /start 开始，或上传 PDF") == set()
    assert english_left("已提交 submitted") == {"submitted"}


def test_scanned_templates_exist() -> None:
    assert Path(PROJECT_ROOT / "templates" / "messages" / "en" / "welcome.j2").exists()
