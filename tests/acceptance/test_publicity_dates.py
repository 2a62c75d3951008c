"""Independent check (issue 27 item 5): the 公示 period in mainland China's working days.

Expected values are counted by hand from 国务院办公厅关于2022年部分节假日安排的通知 (国办发明电〔2021〕11号)
and the 2023 one for the year-end case, with DOMAIN.md's convention: the period starts the day
after publication (the notice itself names no period; the campaign's 5 working days).
The day of publication is the Asia/Shanghai date of the moment the list went out.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.campaign.schema import CalendarYear, Campaign
from bot.rules.workdays import CalendarUnknown
from bot.usecases.publicity_period import period_of
from tests.engine.test_after_ranking_flow import announced, docx_text, files, said, staff
from tests.support.stub import Stub

SHANGHAI = ZoneInfo("Asia/Shanghai")


def span(first: str, last: str) -> set[date]:
    a, b = date.fromisoformat(first), date.fromisoformat(last)
    return {a + timedelta(days=i) for i in range((b - a).days + 1)}


# 2022 (国办发明电〔2021〕11号) and 2023 (国办发明电〔2022〕16号): days off and 调休 working weekends.
OFF = (
    span("2022-01-01", "2022-01-03")
    | span("2022-01-31", "2022-02-06")
    | span("2022-04-03", "2022-04-05")
    | span("2022-04-30", "2022-05-04")
    | span("2022-06-03", "2022-06-05")
    | span("2022-09-10", "2022-09-12")
    | span("2022-10-01", "2022-10-07")
    | span("2022-12-31", "2023-01-02")
)
ON = {
    date.fromisoformat(d)
    for d in (
        "2022-01-29",
        "2022-01-30",
        "2022-04-02",
        "2022-04-24",
        "2022-05-07",
        "2022-10-08",
        "2022-10-09",
    )
}


def working(day: date) -> bool:
    return day in ON or (day.weekday() < 5 and day not in OFF)


# (published, Beijing date) → (first day, last day) of a 5-working-day period, counted by hand.
CASES = [
    ("2021-12-31", "2022-01-04", "2022-01-10"),  # 元旦 1-1..1-3 off
    ("2022-01-27", "2022-01-28", "2022-02-08"),  # 1-29, 1-30 调休 worked; 春节 1-31..2-6 off
    ("2022-01-28", "2022-01-29", "2022-02-09"),  # starts on the 调休 Saturday
    ("2022-04-01", "2022-04-02", "2022-04-11"),  # 4-2 调休 worked; 清明 4-3..4-5 off
    ("2022-04-22", "2022-04-24", "2022-04-28"),  # Sat 4-23 off, Sun 4-24 调休 worked
    ("2022-04-28", "2022-04-29", "2022-05-09"),  # 劳动节 4-30..5-4 off; Sat 5-7 调休 worked
    ("2022-06-01", "2022-06-02", "2022-06-09"),  # 端午 6-3..6-5 off
    ("2022-09-08", "2022-09-09", "2022-09-16"),  # 中秋 9-10..9-12 off
    ("2022-09-29", "2022-09-30", "2022-10-11"),  # 国庆 10-1..10-7 off; 10-8, 10-9 worked
    ("2022-09-30", "2022-10-08", "2022-10-12"),  # the case: not 10-07
    ("2022-10-03", "2022-10-08", "2022-10-12"),  # published on a holiday
    ("2022-11-11", "2022-11-14", "2022-11-18"),  # an ordinary week: 11-14 to 11-18, not 11-21
    ("2022-12-30", "2023-01-03", "2023-01-09"),  # into 2023: 元旦 12-31..1-2 off
]


def at_noon(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=12, tzinfo=SHANGHAI)


def test_the_hand_counted_table_holds_five_working_days() -> None:
    for published, first, last in CASES:
        days = [d for d in sorted(span(first, last)) if working(d)]
        assert len(days) == 5 and days[0] == date.fromisoformat(first), published
        assert not any(
            working(d) for d in span(published, first) - {date.fromisoformat(published)} - {days[0]}
        )


@pytest.mark.parametrize(("published", "first", "last"), CASES, ids=[c[0] for c in CASES])
def test_period_ends_as_counted_by_hand(
    shipped_campaign: Campaign, published: str, first: str, last: str
) -> None:
    assert shipped_campaign.ranking.publicity_days == 5
    period = period_of(shipped_campaign, at_noon(published))
    assert (period.start, period.end) == (date.fromisoformat(first), date.fromisoformat(last))


@pytest.mark.parametrize(("published", "first", "last"), CASES, ids=[c[0] for c in CASES])
def test_printed_range_holds_exactly_n_working_days(
    shipped_campaign: Campaign, published: str, first: str, last: str
) -> None:
    period = period_of(shipped_campaign, at_noon(published))
    inside = [d for d in span(period.start.isoformat(), period.end.isoformat()) if working(d)]
    assert len(inside) == period.days == 5
    assert working(period.start) and working(period.end)


@pytest.mark.parametrize(
    ("moment", "last"),
    [
        ("2022-09-29T16:30:00+00:00", "2022-10-12"),  # 09-30 00:30 in Beijing
        ("2022-09-30T15:59:59+00:00", "2022-10-12"),  # 09-30 23:59:59 in Beijing
        ("2022-09-29T15:59:59+00:00", "2022-10-11"),  # 09-29 23:59:59 in Beijing
        ("2022-12-30T16:05:00+00:00", "2023-01-09"),  # 12-31 00:05 in Beijing, a holiday
        ("2022-01-28T16:30:00+00:00", "2022-02-10"),  # Sat 01-29 00:30 (调休): 1-30, 2-7..2-10
    ],
)
def test_the_day_of_publication_is_beijings(shipped_campaign: Campaign, moment: str, last: str) -> None:
    published = datetime.fromisoformat(moment).astimezone(UTC)
    period = period_of(shipped_campaign, published)
    assert period.end == date.fromisoformat(last)


def test_a_year_the_calendar_does_not_know_is_refused(shipped_campaign: Campaign) -> None:
    with pytest.raises(CalendarUnknown):
        period_of(shipped_campaign, datetime(2099, 6, 1, 12, tzinfo=SHANGHAI))


def test_a_period_running_into_an_unknown_year_is_refused(shipped_campaign: Campaign) -> None:
    """Late December of the last year the library knows: the period needs January of the next."""
    last_known = max(y for y in range(2020, 2100) if _known(y))
    with pytest.raises(CalendarUnknown):
        period_of(shipped_campaign, datetime(last_known, 12, 30, 12, tzinfo=SHANGHAI))


def _known(year: int) -> bool:
    import chinese_calendar

    try:
        chinese_calendar.is_workday(date(year, 3, 3))
    except NotImplementedError:
        return False
    return True


@pytest.mark.parametrize(
    ("moment", "first", "last"),
    [
        ("2022-09-29T16:30:00+00:00", "2022-10-08", "2022-10-12"),  # 09-30 00:30 in Beijing
        ("2022-11-11T12:00:00+00:00", "2022-11-14", "2022-11-18"),  # Friday 20:00 in Beijing
    ],
)
async def test_the_list_prints_the_range_as_counted(
    stub: Stub, shipped_campaign: Campaign, moment: str, first: str, last: str
) -> None:
    """Staff's /publicity: the reply and the Word list name the hand-counted first and last day."""
    await announced(stub, shipped_campaign)
    stub.clock.set(datetime.fromisoformat(moment))
    await staff(stub, "/publicity")
    assert f"{first} 至 {last}（5个工作日）" in said(stub)
    word = docx_text(files(stub)["公示名单-cq-benchmark-2022.docx"])
    for day in (first, last):
        y, m, d = day.split("-")
        assert re.search(rf"{y}年0?{int(m)}月0?{int(d)}日", word), (day, word[-400:])


def test_a_year_given_in_the_campaign_file_is_used(shipped_campaign: Campaign) -> None:
    """A year the library lacks, given as the State Council would publish it: 2099's (made-up)
    国庆 10-01..10-07 off with Saturday 10-10 worked. Published Wed 09-30: 10-08, 10-09, 10-10
    (the 调休 Saturday), 10-12, 10-13."""
    year = CalendarYear(
        year=2099,
        holidays=[date(2099, 10, d) for d in range(1, 8)],
        workdays=[date(2099, 10, 10)],
    )
    ranking = shipped_campaign.ranking.model_copy(update={"calendar": [year]})
    campaign = shipped_campaign.model_copy(update={"ranking": ranking})
    period = period_of(campaign, datetime(2099, 9, 30, 12, tzinfo=SHANGHAI))
    assert (period.start, period.end) == (date(2099, 10, 8), date(2099, 10, 13))
