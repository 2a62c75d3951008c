"""Score bands of the maturity levels; a mismatch is a warning with the expected level."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from bot.rules.maturity import bands_from_levels, check_score_matches_level, level_for_score

BANDS = ((1, "0.8", "1.8"), (2, "1.8", "2.8"), (3, "2.8", "3.8"), (4, "3.8", "4.8"), (5, "4.8", "5"))


@pytest.mark.parametrize(
    ("score", "level"),
    [
        ("0.8", 1),
        ("1.79", 1),
        ("1.8", 2),
        ("2.79", 2),
        ("2.8", 3),
        ("3.25", 3),
        ("3.7999", 3),
        ("3.8", 4),
        ("4.79", 4),
        ("4.8", 5),
        ("5", 5),
        ("5.00", 5),
    ],
)
def test_level_for_score(score: str, level: int) -> None:
    assert level_for_score(Decimal(score), BANDS) == level


@pytest.mark.parametrize("score", ["0", "0.79", "5.01", "6"])
def test_outside_every_band(score: str) -> None:
    assert level_for_score(Decimal(score), BANDS) is None


def test_empty_bands() -> None:
    assert level_for_score(Decimal("3"), ()) is None


def test_unsorted_bands_and_float_bounds() -> None:
    bands = [(5, 4.8, 5.0), (3, 2.8, 3.8), (1, 0.8, 1.8), (4, 3.8, 4.8), (2, 1.8, 2.8)]
    assert level_for_score(Decimal("2.8"), bands) == 3
    assert level_for_score(Decimal("5.0"), bands) == 5
    assert level_for_score(Decimal("1.8"), bands) == 2


@dataclass
class FakeLevel:
    level: int
    min_score: float
    max_score: float


def test_bands_from_campaign_levels_are_exact() -> None:
    bands = bands_from_levels([FakeLevel(1, 0.8, 1.8), FakeLevel(5, 4.8, 5.0)])
    assert bands == ((1, Decimal("0.8"), Decimal("1.8")), (5, Decimal("4.8"), Decimal("5.0")))


def test_matching_level_has_no_warning() -> None:
    assert check_score_matches_level(3, Decimal("3.25"), BANDS) is None
    assert check_score_matches_level(5, Decimal("5"), BANDS) is None


def test_mismatch_warns_with_expected_level_and_band() -> None:
    warning = check_score_matches_level(4, Decimal("3.25"), BANDS)
    assert warning is not None
    assert warning.code == "score_level_mismatch"
    assert warning.params == {
        "level": 4,
        "score": "3.25",
        "expected_level": 3,
        "band_min": "3.8",
        "band_max": "4.8",
        "band_top": False,
    }


def test_score_in_no_band() -> None:
    warning = check_score_matches_level(1, Decimal("0.5"), BANDS)
    assert warning is not None
    assert warning.params["expected_level"] is None
    assert warning.params["band_min"] == "0.8"


def test_level_without_band() -> None:
    warning = check_score_matches_level(6, Decimal("4.9"), BANDS)
    assert warning is not None
    assert warning.params["expected_level"] == 5
    assert warning.params["band_min"] is None


def test_the_band_said_is_the_band_checked() -> None:
    """Issue 30.4: "a score of 3.8 usually means level 4 (level 3 is usually 2.8–3.8)" read as if
    3.8 were level 3. GB/T 39117 (DOMAIN.md): 2.8 ≤ S < 3.8 is level 3, 3.8 ≤ S < 4.8 level 4,
    4.8 ≤ S ≤ 5 level 5."""
    warning = check_score_matches_level(3, Decimal("3.8"), BANDS)
    assert warning is not None and warning.params["expected_level"] == 4
    assert warning.params["band_top"] is False
    top = check_score_matches_level(5, Decimal("4.5"), BANDS)
    assert top is not None and top.params["band_top"] is True
    assert check_score_matches_level(5, Decimal("5.0"), BANDS) is None
