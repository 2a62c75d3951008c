"""The fixed words of the documents made after the ranking (the 公示 list, the 案例集): the
macros of ``templates/messages/<lang>/documents/labels.j2`` as plain text (not HTML)."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from bot.domain.languages import LANGUAGES, OFFICIAL_LANGUAGE
from bot.texts.render import Renderer


class DocWords:
    def __init__(self, renderer: Renderer, lang: str = OFFICIAL_LANGUAGE) -> None:
        self.lang = lang if lang in LANGUAGES else OFFICIAL_LANGUAGE
        template = renderer.env.get_template(f"{self.lang}/documents/labels.j2")
        self._module = template.make_module({"lang": self.lang})

    def get(self, name: str, /, **context: Any) -> str:
        macro = getattr(self._module, name)
        return Markup(str(macro(**context))).unescape().strip()
