"""The 公示 period in mainland China's working days, and when the list becomes final.

Expected values from the official 2022 schedule (国务院办公厅关于2022年部分节假日安排的通知,
国办发明电〔2021〕11号): 中秋节 9月10日至12日放假; 国庆节 10月1日至7日放假, 10月8日（星期六）、
10月9日（星期日）上班; 元旦 2022年1月1日至3日放假; 春节 1月31日至2月6日放假, 1月29日（星期六）、
1月30日（星期日）上班.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.rules.publicity import publicity_period, publicity_state, working_days_after
from bot.rules.workdays import CalendarUnknown, ExtraYear, working_day_rule

BEIJING = ZoneInfo("Asia/Shanghai")
CHINA = working_day_rule()


@pytest.mark.parametrize(
    ("published", "days", "first", "last"),
    [
        (date(2022, 8, 1), 5, date(2022, 8, 2), date(2022, 8, 8)),  # Monday → Tue … next Monday
        (date(2022, 8, 5), 5, date(2022, 8, 8), date(2022, 8, 12)),  # Friday → Mon … Fri
        (date(2022, 8, 6), 1, date(2022, 8, 8), date(2022, 8, 8)),  # a Saturday → Monday
        (date(2022, 9, 30), 5, date(2022, 10, 8), date(2022, 10, 12)),  # 国庆 off; 10-08/09 调休 on
        (date(2022, 9, 8), 3, date(2022, 9, 9), date(2022, 9, 14)),  # 中秋 9-10..12 off (12 a Monday)
        (date(2022, 1, 27), 3, date(2022, 1, 28), date(2022, 1, 30)),  # 春节 调休: 1-29, 1-30 worked
    ],
)
def test_period_counts_working_days_of_the_official_schedule(
    published: date, days: int, first: date, last: date
) -> None:
    counted = working_days_after(published, days, CHINA)
    assert (counted[0], counted[-1], len(counted)) == (first, last, days)


def test_the_printed_range_holds_exactly_n_working_days() -> None:
    period = publicity_period(datetime(2022, 9, 30, 2, 0, tzinfo=UTC), 5, BEIJING, CHINA)
    assert (period.published, period.start, period.end) == (
        date(2022, 9, 30),
        date(2022, 10, 8),
        date(2022, 10, 12),
    )
    span = [date.fromordinal(d) for d in range(period.start.toordinal(), period.end.toordinal() + 1)]
    assert sum(CHINA(d) for d in span) == 5


def test_publication_late_in_the_utc_day_is_the_next_beijing_day() -> None:
    period = publicity_period(datetime(2022, 8, 4, 17, 0, tzinfo=UTC), 5, BEIJING, CHINA)  # 01:00 Friday 5th
    assert (period.published, period.start, period.end) == (
        date(2022, 8, 5),
        date(2022, 8, 8),
        date(2022, 8, 12),
    )


def test_a_year_no_schedule_knows_is_refused_and_the_campaign_file_can_give_it() -> None:
    with pytest.raises(CalendarUnknown) as refused:
        working_days_after(date(2031, 9, 30), 5, CHINA)
    assert refused.value.year == 2031
    given = ExtraYear(
        2031, frozenset({date(2031, 10, d) for d in range(1, 8)}), frozenset({date(2031, 10, 11)})
    )
    counted = working_days_after(date(2031, 9, 30), 2, working_day_rule([given]))
    assert counted == [date(2031, 10, 8), date(2031, 10, 9)]


def test_final_only_after_the_last_day_and_never_with_an_objection() -> None:
    period = publicity_period(datetime(2022, 8, 1, 2, 0, tzinfo=UTC), 5, BEIJING, CHINA)
    last_evening = datetime(2022, 8, 8, 23, 59, tzinfo=BEIJING)
    next_morning = datetime(2022, 8, 9, 0, 0, tzinfo=BEIJING)
    assert publicity_state(period, BEIJING, last_evening, 0) == "open"
    assert publicity_state(period, BEIJING, next_morning, 0) == "final"
    assert publicity_state(period, BEIJING, next_morning, 1) == "objected"
