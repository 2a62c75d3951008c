"""Statistics: counting, and the PNG with one bar chart per series."""

from __future__ import annotations

import logging
import shutil
import struct
import subprocess
import warnings
from dataclasses import dataclass

import pytest
from matplotlib import font_manager
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import FT2Font

from bot.documents import stats_chart
from bot.documents.stats_chart import ChartFont, build_stats_png, chart_font, count_by

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SERIES = {
    "按状态": [("已提交，待审核", 5), ("已受理", 3), ("已退回修改", 1)],
    "按区县": [("渝北区", 4), ("秀山土家族苗族自治县", 2), ("两江新区", 1)],
    "按行业": [("装备", 6), ("汽车", 3)],
}


@dataclass(frozen=True)
class Row:
    status: str
    district: str | None


def png_size(data: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_count_by_counts_most_frequent_first() -> None:
    rows = [Row("已受理", "渝北区"), Row("已提交", "渝北区"), Row("已受理", None), Row("已受理", " ")]
    assert count_by(rows, lambda r: r.status) == [("已受理", 3), ("已提交", 1)]
    assert count_by(rows, lambda r: r.district) == [("渝北区", 2)]
    assert count_by(rows, lambda r: r.district, missing="未填写") == [("未填写", 2), ("渝北区", 2)]
    assert count_by([], lambda r: r) == []


def test_count_by_ties_are_ordered_by_label_and_keys_may_be_numbers() -> None:
    assert count_by([3, 4, 3, 4, 5], lambda level: level) == [("3", 2), ("4", 2), ("5", 1)]


def test_png_signature_and_plausible_size() -> None:
    data = build_stats_png("2022年申报统计", SERIES, value_label="申报数量")
    assert data.startswith(PNG_SIGNATURE)
    assert 5_000 < len(data) < 2_000_000
    width, height = png_size(data)
    assert width == 800 and 400 < height < 2000


def test_more_bars_make_a_taller_chart() -> None:
    small = png_size(build_stats_png("t", {"a": [("x", 1)]}))
    many = png_size(build_stats_png("t", {"a": [(f"d{i}", i) for i in range(40)]}))
    assert many[1] > small[1] * 2


def test_empty_series_still_draws() -> None:
    assert build_stats_png("t", {}).startswith(PNG_SIGNATURE)
    assert build_stats_png("t", {"a": [], "b": [("x", 0)]}).startswith(PNG_SIGNATURE)


def cjk_font_installed() -> bool:
    if not shutil.which("fc-list"):
        return False
    found = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return bool(found.stdout.strip())


@pytest.mark.skipif(not cjk_font_installed(), reason="no CJK font installed (scripts/install-fonts.sh)")
def test_a_cjk_font_is_used_when_installed() -> None:
    font = chart_font()
    assert font.cjk
    path = font_manager.findfont(FontProperties(family=[font.family]), fallback_to_default=False)
    assert FT2Font(path).get_char_index(ord("申"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        build_stats_png("申报统计", SERIES)
    assert not [w for w in caught if "missing from" in str(w.message)]


def test_without_a_cjk_font_it_falls_back_and_warns_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(stats_chart, "_known_cjk_family", lambda: None)
    monkeypatch.setattr(stats_chart, "_family_with_probe_glyph", lambda: None)
    monkeypatch.setattr(stats_chart, "_register_new_system_fonts", lambda: None)
    find = stats_chart.chart_font.__wrapped__
    with caplog.at_level(logging.WARNING, logger=stats_chart.__name__):
        assert find() == ChartFont("DejaVu Sans", cjk=False)
    assert len(caplog.records) == 1 and "CJK" in caplog.records[0].getMessage()


def test_the_fallback_font_draws_without_crashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stats_chart, "chart_font", lambda: ChartFont("DejaVu Sans", cjk=False))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the glyph warnings are silenced in fallback mode
        data = build_stats_png("申报统计", SERIES)
    assert data.startswith(PNG_SIGNATURE)


def test_matplotlib_s_placeholder_font_is_never_taken_for_a_cjk_one() -> None:
    """matplotlib ships "Last Resort", which has a (box) glyph for every character."""
    last_resort = [e for e in font_manager.fontManager.ttflist if e.name.startswith("Last Resort")]
    if not last_resort:
        pytest.skip("this matplotlib ships no Last Resort font")
    assert stats_chart._has_probe_glyph(last_resort[0].fname)  # it would pass the glyph probe
    assert not str(stats_chart._family_with_probe_glyph() or "").startswith("Last Resort")
