"""Maturity level versus score (GB/T 39116-2020 levels, GB/T 39117-2020 scores).

Bands come from the campaign's ``[[levels]]``: each is ``(level, min, max)`` and means
``min <= score < max``, except the band with the highest ``max``, which includes it
(4.8 <= S <= 5). A disagreement is a warning, never a refusal.
Warning: ``score_level_mismatch`` (level, score, expected_level: int or None when the
score is in no band, band_min, band_max: the stated level's band or None).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Protocol

from bot.rules.errors import RuleWarning
from bot.rules.parsed import decimal_text

Number = Decimal | float | int | str
Band = tuple[int, Number, Number]


class LevelLike(Protocol):
    """What ``bands_from_levels`` needs of ``bot.campaign.schema.Level``."""

    level: int
    min_score: float
    max_score: float


def _decimal(number: Number) -> Decimal:
    """Through ``str`` so that a float from TOML (``0.8``) becomes exactly ``Decimal("0.8")``."""
    return number if isinstance(number, Decimal) else Decimal(str(number))


def bands_from_levels(levels: Iterable[LevelLike]) -> tuple[Band, ...]:
    """The campaign's ``[[levels]]`` as bands with exact ``Decimal`` bounds."""
    return tuple((item.level, _decimal(item.min_score), _decimal(item.max_score)) for item in levels)


def level_for_score(score: Number, bands: Sequence[Band]) -> int | None:
    """The level whose band holds ``score``, or ``None`` (below the lowest band, or a gap)."""
    value = _decimal(score)
    if not bands:
        return None
    top = max(_decimal(high) for _, _, high in bands)
    for level, low, high in bands:
        low_d, high_d = _decimal(low), _decimal(high)
        if low_d <= value < high_d or (high_d == top and value == top):
            return level
    return None


def _band_of(level: int, bands: Sequence[Band]) -> tuple[str | None, str | None]:
    for item, low, high in bands:
        if item == level:
            return decimal_text(_decimal(low)), decimal_text(_decimal(high))
    return None, None


def check_score_matches_level(level: int, score: Number, bands: Sequence[Band]) -> RuleWarning | None:
    """A ``score_level_mismatch`` warning when ``score`` is not in ``level``'s band, else ``None``."""
    expected = level_for_score(score, bands)
    if expected == level:
        return None
    band_min, band_max = _band_of(level, bands)
    top = max((_decimal(high) for _, _, high in bands), default=None)
    return RuleWarning(
        "score_level_mismatch",
        {
            "level": level,
            "score": decimal_text(_decimal(score)),
            "expected_level": expected,
            "band_min": band_min,
            "band_max": band_max,
            # the bands are half-open (2.8 ≤ S < 3.8), except the top one, which holds its maximum
            "band_top": band_max is not None and _decimal(band_max) == top,
        },
    )
