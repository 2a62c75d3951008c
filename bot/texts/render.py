"""The one Jinja2 environment for every user-facing text.

Messages live in ``templates/messages/<lang>/<name>.j2``; short labels (buttons, level
names) are macros in ``templates/messages/<lang>/labels.j2``.
"""

from __future__ import annotations

from datetime import tzinfo
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    Template,
    select_autoescape,
)
from jinja2.bccache import Bucket

from bot.domain.languages import DEFAULT_LANGUAGE, LANGUAGES
from bot.texts.dates import DEFAULT_ZONE, local

QUOTE_LIMIT = 30  # characters of what a person typed that a reply quotes back


def quote(text: object, limit: int = QUOTE_LIMIT) -> str:
    """The start of what a person sent, for quoting it back: one line, at most ``limit`` characters."""
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


class CompiledTemplates(BytecodeCache):
    """The compiled templates of this process, by name and source checksum (a changed file is
    compiled again): a second ``Renderer`` in one process (each test's services, a sandbox
    restart) does not compile them again. Every ``Renderer`` configures Jinja2 alike."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


COMPILED = CompiledTemplates()


def cap(text: object, limit: int) -> str:
    """A user-supplied part (a file name, an opinion, a reason) as shown: at most ``limit``
    characters, cut with "…"; line breaks kept (``quote`` is the one-line form)."""
    value = str(text)
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def plural(count: object, word: str, many: str = "") -> str:
    """English count and noun: ``1 page``, ``2 pages`` (``many`` for an irregular plural)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


class Renderer:
    """Render message templates and labels in one of ``LANGUAGES``."""

    def __init__(self, templates_dir: Path, zone: tzinfo = DEFAULT_ZONE) -> None:
        self.messages_dir = templates_dir / "messages"
        self.env = Environment(
            loader=FileSystemLoader(str(self.messages_dir)),
            undefined=StrictUndefined,
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            auto_reload=False,  # templates do not change while the bot runs: no stat() per message
            bytecode_cache=COMPILED,
        )
        self.env.filters["quote"] = quote
        self.env.filters["cap"] = cap
        self.env.filters["plural"] = plural
        self.env.filters["local"] = partial(local, zone=zone)  # every date shown: bot/texts/dates.py
        self._label_modules: dict[str, tuple[Template, Any]] = {}

    def render(self, lang: str, name: str, /, **context: Any) -> str:
        """Render ``<lang>/<name>.j2``; ``lang`` falls back to the default language."""
        lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
        template = self.env.get_template(f"{lang}/{name}.j2")
        return template.render(lang=lang, **context).strip()

    def label(self, lang: str, name: str, /, **context: Any) -> str:
        """A short label: the macro ``name`` of ``<lang>/labels.j2``."""
        macro = getattr(self._labels(lang if lang in LANGUAGES else DEFAULT_LANGUAGE), name)
        return str(macro(**context)).strip()

    def _labels(self, lang: str) -> Any:
        """The module of ``<lang>/labels.j2``, made once per version of the file (running the
        template to make it costs more than the label itself)."""
        template = self.env.get_template(f"{lang}/labels.j2")
        cached = self._label_modules.get(lang)
        if cached is None or cached[0] is not template:
            cached = (template, template.make_module({"lang": lang}))
            self._label_modules[lang] = cached
        return cached[1]

    def template_names(self, lang: str) -> list[str]:
        """Every message template of ``lang`` (without the ``.j2`` suffix)."""
        root = self.messages_dir / lang
        return sorted(
            str(p.relative_to(root).with_suffix(""))
            for p in root.rglob("*.j2")
            if p.name != "labels.j2" and not p.name.startswith("_")
        )
