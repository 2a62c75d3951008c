from __future__ import annotations

import pytest

from bot.campaign.schema import Campaign
from bot.rules.review import verdict


@pytest.mark.parametrize(("count", "expected"), [(0, "passed"), (4, "passed"), (5, "failed"), (6, "failed")])
def test_threshold_five(count: int, expected: str) -> None:
    assert verdict(count, 5) == expected


@pytest.mark.parametrize(("count", "expected"), [(2, "passed"), (3, "failed"), (4, "failed")])
def test_threshold_three(count: int, expected: str) -> None:
    assert verdict(count, 3) == expected


def test_threshold_from_the_shipped_campaign(shipped_campaign: Campaign) -> None:
    fail_at = shipped_campaign.review.fail_at_inconsistencies
    assert verdict(fail_at - 1, fail_at) == "passed"
    assert verdict(fail_at, fail_at) == "failed"


def test_negative_count_is_refused() -> None:
    with pytest.raises(ValueError):
        verdict(-1, 5)


def test_non_positive_threshold_is_refused() -> None:
    with pytest.raises(ValueError):
        verdict(0, 0)
