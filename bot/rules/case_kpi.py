"""Key indicators (有数据): each needs one of its key words with a figure near it.

A figure is what a reader takes for a quantity: Arabic digits (35%, 1.2万, ３５％), or Chinese
numerals the way reports write them: 百分之三十二, 千分之八, 三成 / 两成半, 翻一番 / 翻了两番,
两倍, 五个百分点. 由千分之八降至千分之三 has two. The figure must be in the same sentence as the
key word and within ``KPI_WINDOW`` characters of it; the cells of a table row are read as one
sentence (the caller joins them), so "<indicator> | 95% | 99%" counts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.campaign.schema import Kpi

KPI_WINDOW = 30

_CN = "零〇一二三四五六七八九十百千万两"
_FIGURE = re.compile(
    r"[0-9０-９]+(?:[.．][0-9０-９]+)?\s*(?:%|％|‰|个百分点|倍)?"
    rf"|[百千万]分之[{_CN}点]+"
    rf"|[一二两三四五六七八九十][{_CN}点]*(?:个百分点|倍)"
    r"|[一二两三四五六七八九十]成半?(?![本品果效为功型套立熟员长绩就交])"
    rf"|翻了?[{_CN}]*番"
)
_SENTENCE_END = re.compile(r"[。！？；;!?\n]")
_CLAUSE_MARKS = "，,、|"


@dataclass(frozen=True)
class KpiResult:
    name: str
    figure: str | None  # the figure found next to it, as written

    def as_json(self) -> dict[str, str | None]:
        return {"name": self.name, "figure": self.figure}


def _nearest(sentence: str, start: int, end: int, window: int) -> str | None:
    """The figure of the key word's clause, else the nearest one in the window (after first)."""
    clause_low = max((sentence.rfind(c, 0, start) for c in _CLAUSE_MARKS), default=-1) + 1
    clause_high = min((i for c in _CLAUSE_MARKS if (i := sentence.find(c, end)) >= 0), default=len(sentence))
    low, high = max(0, start - window), min(len(sentence), end + window)
    for lo, hi in ((max(low, clause_low), min(high, clause_high)), (low, high)):
        figures = [m for m in _FIGURE.finditer(sentence, lo, hi) if m.group().strip()]
        if figures:
            after = [m for m in figures if m.start() >= end]
            return (after[0] if after else figures[-1]).group().strip()
    return None


def figure_near(text: str, keyword: str, window: int = KPI_WINDOW) -> str | None:
    """The figure given for ``keyword``: in one of its sentences, within ``window`` characters,
    preferably in its own clause and after it."""
    for sentence in _SENTENCE_END.split(text):
        start = sentence.find(keyword)
        while start >= 0:
            figure = _nearest(sentence, start, start + len(keyword), window)
            if figure is not None:
                return figure
            start = sentence.find(keyword, start + 1)
    return None


def has_figure_near(text: str, keyword: str, window: int = KPI_WINDOW) -> bool:
    """True when ``keyword`` occurs with a figure in the same sentence, within ``window``."""
    return figure_near(text, keyword, window) is not None


def find_kpis(text: str, kpis: Sequence[Kpi]) -> tuple[KpiResult, ...]:
    """Each indicator with the figure found for it (None when none is)."""
    results = []
    for kpi in kpis:
        figure = next((f for k in kpi.keywords if (f := figure_near(text, k)) is not None), None)
        results.append(KpiResult(kpi.name, figure))
    return tuple(results)
