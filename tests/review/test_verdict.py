from __future__ import annotations

import pytest

from bot.campaign.schema import Campaign
from bot.rules.level_floor import below_floor, level_floor
from bot.rules.review import outcome, verdict


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


# Notice §一: 自诊断结果达到能力成熟度三级和集成级及以上; §三（三）: 以专家现场确认数据为准.
@pytest.mark.parametrize(
    ("count", "level", "expected"),
    [
        (1, 2, "below_min_level"),  # `/verify N 1 2 2.5`: confirmed 二级 is below 三级
        (0, 1, "below_min_level"),
        (4, 3, "passed"),  # 三级 itself reaches the standard
        (1, 5, "passed"),
        (5, 2, "too_many_inconsistencies"),  # the count decides first
        (6, 4, "too_many_inconsistencies"),
    ],
)
def test_confirmed_level_below_three_is_not_passed(count: int, level: int, expected: str) -> None:
    assert outcome(count, 5, level, 3) == expected


def test_shipped_campaign_floor_is_level_three_quoting_section_one(shipped_campaign: Campaign) -> None:
    floor = level_floor(shipped_campaign)
    assert floor is not None and floor.min_level == 3
    assert floor.clause is not None and floor.clause.ref == "§一"
    assert "三级和集成级及以上" in floor.clause.text.zh_CN
    assert below_floor(shipped_campaign, 2) and not below_floor(shipped_campaign, 3)
