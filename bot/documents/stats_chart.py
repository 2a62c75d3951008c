"""Statistics of the applications as a PNG: one horizontal bar chart per series.

Uses matplotlib's object-oriented ``Figure`` API (no pyplot, no global state), so charts can
be drawn from several threads. Labels are Chinese, so a CJK-capable font is looked for once;
without one the chart still renders in DejaVu Sans (missing glyphs show as boxes) and one
warning is logged. ``scripts/install-fonts.sh`` installs a CJK font on Debian.
"""

from __future__ import annotations

import functools
import logging
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import TypeVar

import matplotlib
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import FT2Font
from matplotlib.ticker import MaxNLocator

log = logging.getLogger(__name__)

T = TypeVar("T")

FALLBACK_FAMILY = "DejaVu Sans"
# Families known to cover Simplified Chinese, best first; any other font with the probe glyph also does.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "AR PL UKai CN",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
)
PROBE = 0x4E2D  # a common ideograph a CJK font must have

WIDTH_INCH = 8.0
BAR_INCH = 0.32
SECTION_INCH = 0.9
TITLE_INCH = 0.6
DPI = 100
BAR_COLOR = "#4472C4"


@dataclass(frozen=True)
class ChartFont:
    family: str
    cjk: bool


def count_by(
    rows: Iterable[T], key: Callable[[T], object], missing: str | None = None
) -> list[tuple[str, int]]:
    """Count rows per ``key(row)``, most frequent first (then by label).

    Rows whose key is ``None`` or blank are skipped, or counted under ``missing`` when given.
    """
    counts: Counter[str] = Counter()
    for row in rows:
        value = key(row)
        label = "" if value is None else str(value).strip()
        if not label:
            if missing is None:
                continue
            label = missing
        counts[label] += 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def build_stats_png(
    title: str, series: Mapping[str, Sequence[tuple[str, int]]], value_label: str | None = None
) -> bytes:
    """A PNG with ``title`` and one horizontal bar chart per series (its name as the chart's title)."""
    font = chart_font()
    props = FontProperties(family=[font.family, FALLBACK_FAMILY])
    sections = list(series.items()) or [("", [])]
    heights = [BAR_INCH * max(len(items), 1) + SECTION_INCH for _, items in sections]
    figure = Figure(figsize=(WIDTH_INCH, sum(heights) + TITLE_INCH), dpi=DPI, layout="constrained")
    axes = figure.subplots(len(sections), 1, squeeze=False, gridspec_kw={"height_ratios": heights})
    figure.suptitle(title, fontproperties=props, fontsize="x-large")
    for ax, (name, items) in zip(axes[:, 0], sections, strict=True):
        _draw_bars(ax, name, items, props, value_label)
    buffer = BytesIO()
    with _quiet_missing_glyphs(font):
        figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _draw_bars(
    ax: Axes, name: str, items: Sequence[tuple[str, int]], props: FontProperties, value_label: str | None
) -> None:
    """One series: the largest bar on top, each bar labelled with its count."""
    positions = list(range(len(items)))
    counts = [count for _, count in items]
    bars = ax.barh(positions, counts, color=BAR_COLOR)
    ax.set_yticks(positions, labels=[label for label, _ in items], fontproperties=props)
    ax.invert_yaxis()
    ax.bar_label(bars, padding=3, fontproperties=props)
    ax.set_xlim(0, max(counts, default=0) * 1.15 + 1)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(name, loc="left", fontproperties=props, fontsize="large")
    if value_label:
        ax.set_xlabel(value_label, fontproperties=props)
    ax.spines[["top", "right"]].set_visible(False)


@contextmanager
def _quiet_missing_glyphs(font: ChartFont) -> Iterator[None]:
    """Without a CJK font every Chinese glyph would warn; the one warning of ``chart_font`` suffices."""
    if font.cjk:
        yield
        return
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph .* missing from")
        yield


@functools.cache
def chart_font() -> ChartFont:
    """The CJK-capable font family to draw with, found once per process: a well-known CJK family
    (also among fonts installed after matplotlib built its cache), else any system font with
    Chinese glyphs."""
    family = _known_cjk_family()
    if family is None:
        _register_new_system_fonts()
        family = _known_cjk_family() or _family_with_probe_glyph()
    if family is None:
        log.warning(
            "no CJK font found: charts use %s and Chinese shows as boxes (run scripts/install-fonts.sh)",
            FALLBACK_FAMILY,
        )
        return ChartFont(FALLBACK_FAMILY, cjk=False)
    return ChartFont(family, cjk=True)


def _known_cjk_family() -> str | None:
    names = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in names), None)


def _family_with_probe_glyph() -> str | None:
    """A system font that has the probe character. matplotlib's own fonts are left out: its
    "Last Resort" font maps every character to a placeholder box."""
    bundled = str(Path(matplotlib.get_data_path()))
    for entry in font_manager.fontManager.ttflist:
        if not entry.fname.startswith(bundled) and _has_probe_glyph(entry.fname):
            return str(entry.name)
    return None


def _has_probe_glyph(path: str) -> bool:
    try:
        return bool(FT2Font(path).get_char_index(PROBE))
    except (OSError, RuntimeError, ValueError):
        return False


def _register_new_system_fonts() -> None:
    """Add fonts installed after matplotlib built its font cache (e.g. by install-fonts.sh)."""
    known = {entry.fname for entry in font_manager.fontManager.ttflist}
    for path in font_manager.findSystemFonts():
        if path in known:
            continue
        try:
            font_manager.fontManager.addfont(path)
        except (OSError, RuntimeError, ValueError) as exc:
            log.debug("skipping font %s: %s", path, exc)
